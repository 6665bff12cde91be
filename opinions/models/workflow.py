"""The cycle Tiếp nhận – Xử lý – Phản hồi: deadlines, routing, extensions, the log, attachments, mail."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .base import TimeStampedModel
from .cases import Case, Signal, SignalKind, Urgency
from .reference import Area, Field
from .units import Unit


class DeadlinePolicy(TimeStampedModel):
    """Thời hạn xử lý theo loại: how long a unit has for a kind (and optionally an urgency) of case.

    The most specific row wins: (kind, urgency) before (kind, any urgency).
    """

    kind = models.CharField("loại", max_length=20, choices=SignalKind.choices)
    urgency = models.CharField(
        "mức độ", max_length=20, choices=Urgency.choices, blank=True, help_text="Để trống: mọi mức độ."
    )
    days = models.PositiveSmallIntegerField("số ngày")
    working_days = models.BooleanField(
        "tính theo ngày làm việc", default=True, help_text="Bỏ chọn để tính theo ngày (lịch), như Luật Khiếu nại."
    )
    remind_before = models.PositiveSmallIntegerField("nhắc trước hạn (ngày làm việc)", default=2)
    legal_basis = models.CharField("căn cứ", max_length=255, blank=True)

    class Meta:
        verbose_name = "thời hạn xử lý"
        verbose_name_plural = "thời hạn xử lý theo loại"
        ordering = ["kind", "urgency"]
        constraints = [models.UniqueConstraint(fields=["kind", "urgency"], name="deadline_policy_kind_urgency_uniq")]

    def __str__(self):
        unit = "ngày làm việc" if self.working_days else "ngày"
        urgency = f" ({self.get_urgency_display()})" if self.urgency else ""
        return f"{self.get_kind_display()}{urgency}: {self.days} {unit}"


class RoutingRule(TimeStampedModel):
    """Quy tắc chuyển xử lý: which unit handles a field in an area (either may be 'any')."""

    field = models.ForeignKey(
        Field,
        verbose_name="lĩnh vực",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text="Để trống: mọi lĩnh vực.",
    )
    area = models.ForeignKey(
        Area,
        verbose_name="địa bàn",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text="Để trống: mọi địa bàn.",
    )
    unit = models.ForeignKey(Unit, verbose_name="đơn vị xử lý", on_delete=models.CASCADE, related_name="+")
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "quy tắc chuyển xử lý"
        verbose_name_plural = "quy tắc chuyển xử lý"
        ordering = ["field__name", "area__name"]
        constraints = [models.UniqueConstraint(fields=["field", "area"], name="routing_rule_field_area_uniq")]

    def __str__(self):
        return f"{self.field or 'Mọi lĩnh vực'} × {self.area or 'mọi địa bàn'} → {self.unit}"


class CaseEvent(models.Model):
    """Nhật ký xử lý: one change of state, assignment, deadline or answer (who, when, from → to, note)."""

    class Action(models.TextChoices):
        RECEIVED = "received", "Tiếp nhận"
        CLASSIFIED = "classified", "Phân loại"
        OPENED = "opened", "Lập vụ việc"
        ATTACHED = "attached", "Gắn vào vụ việc"
        DUPLICATE = "duplicate", "Đánh dấu trùng lặp"
        REJECTED = "rejected", "Từ chối"
        ASSIGNED = "assigned", "Chuyển xử lý"
        TRANSFERRED = "transferred", "Chuyển đơn vị khác"
        STATUS = "status", "Đổi trạng thái"
        PAUSED = "paused", "Chờ người dân bổ sung"
        RESUMED = "resumed", "Tiếp tục tính hạn"
        EXTENSION_REQUESTED = "extension_requested", "Đề nghị gia hạn"
        EXTENDED = "extended", "Gia hạn"
        EXTENSION_REFUSED = "extension_refused", "Không đồng ý gia hạn"
        NOTE = "note", "Ghi chú tiến độ"
        INTERNAL_NOTE = "internal_note", "Ghi chú nội bộ"
        OFFICER = "officer", "Giao cán bộ xử lý"
        DRAFTED = "drafted", "Soạn trả lời"
        SUBMITTED = "submitted", "Trình duyệt trả lời"
        APPROVED = "approved", "Phê duyệt trả lời"
        RETURNED = "returned", "Trả lại dự thảo"
        RATED = "rated", "Người dân đánh giá"
        REOPENED = "reopened", "Người dân đề nghị xem xét lại"
        REMINDED = "reminded", "Nhắc hạn"
        ESCALATED = "escalated", "Báo cáo quá hạn"
        EDITED = "edited", "Sửa thông tin"

    case = models.ForeignKey(
        Case, verbose_name="vụ việc", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    signal = models.ForeignKey(
        Signal,
        verbose_name="thông tin dư luận",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("thời điểm", default=timezone.now)
    action = models.CharField("thao tác", max_length=30, choices=Action.choices)
    from_value = models.CharField("từ", max_length=255, blank=True)
    to_value = models.CharField("thành", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "nhật ký xử lý"
        verbose_name_plural = "nhật ký xử lý"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="case_event_case_at_idx")]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"

    CITIZEN_ACTIONS = ("rated", "reopened")

    @property
    def actor_label(self):
        """Who did it, as the history shows it: the officer's name, or the citizen, or the system."""
        if self.actor_id:
            return f"{self.actor.last_name} {self.actor.first_name}".strip() or self.actor.get_username()
        return "Người dân" if self.action in self.CITIZEN_ACTIONS else "Hệ thống"


class Extension(TimeStampedModel):
    """Gia hạn: a unit's request for more time, with its reason, and the office's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ phê duyệt"
        APPROVED = "approved", "Đã đồng ý"
        REFUSED = "refused", "Không đồng ý"

    case = models.ForeignKey(Case, verbose_name="vụ việc", on_delete=models.CASCADE, related_name="extensions")
    extra_days = models.PositiveSmallIntegerField("số ngày làm việc gia hạn")
    reason = models.TextField("lý do")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người đề nghị", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người quyết định",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("thời điểm quyết định", null=True, blank=True)
    decision_note = models.CharField("ý kiến", max_length=500, blank=True)

    class Meta:
        verbose_name = "gia hạn"
        verbose_name_plural = "gia hạn"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Gia hạn {self.case.code}: {self.extra_days} ngày ({self.get_status_display()})"


def attachment_path(instance, filename):
    now = timezone.now()
    return f"dinh-kem/{now:%Y/%m}/{instance.signal.tracking_code}-{filename}"


class Attachment(TimeStampedModel):
    """Tệp đính kèm: an image (metadata stripped) or a PDF sent with a signal; never public."""

    signal = models.ForeignKey(
        Signal, verbose_name="thông tin dư luận", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("tệp", upload_to=attachment_path, max_length=255)
    original_name = models.CharField("tên tệp gốc", max_length=255)
    content_type = models.CharField("kiểu tệp", max_length=100)
    size = models.PositiveIntegerField("dung lượng (byte)")

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class OutgoingEmail(TimeStampedModel):
    """Thư gửi đi: one e-mail to send; kept until sent, retried by the worker if sending fails."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ gửi"
        SENT = "sent", "Đã gửi"
        FAILED = "failed", "Gửi không được"

    to = models.CharField("gửi đến", max_length=1000)
    subject = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung")
    # Thread headers (In-Reply-To, References) when the e-mail answers a citizen's own e-mail.
    headers = models.JSONField("tiêu đề kỹ thuật", default=dict, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    last_error = models.CharField("lỗi gần nhất", max_length=500, blank=True)
    sent_at = models.DateTimeField("thời điểm gửi", null=True, blank=True)

    class Meta:
        verbose_name = "thư gửi đi"
        verbose_name_plural = "thư gửi đi"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "attempts"], name="outgoing_email_status_idx")]

    def __str__(self):
        return f"{self.subject} → {self.to}"
