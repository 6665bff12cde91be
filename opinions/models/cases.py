"""Signals (thông tin dư luận), cases (vụ việc) and responses (phản hồi)."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from . import access_log
from .base import TimeStampedModel
from .reference import Area, Field
from .units import Unit

# Crockford's base32 without I, L, O, U: easy to read aloud on the phone and type on a keypad.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_tracking_code():
    """Mã tra cứu: 'LD-' and 8 random characters (about 10^12 codes), hard to guess."""
    return "LD-" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))


class Channel(models.TextChoices):
    WEB = "web", "Cổng thông tin (phản ánh trực tuyến)"
    OPEN311 = "open311", "Ứng dụng kết nối (Open311)"
    HOTLINE = "hotline", "Đường dây nóng"
    RECEPTION = "reception", "Tiếp công dân"
    DIALOGUE = "dialogue", "Đối thoại"
    PRESS = "press", "Báo chí"
    ONLINE = "online", "Mạng xã hội, trang trực tuyến"
    COLLABORATOR = "collaborator", "Cộng tác viên DLXH"
    FOCAL_POINT = "focal_point", "Đầu mối đơn vị"
    UNIT_REPORT = "unit_report", "Báo cáo DLXH của đơn vị"
    EMAIL = "email", "Thư điện tử, văn bản"
    ZALO = "zalo", "Zalo (tài khoản chính thức)"
    SMS = "sms", "Tin nhắn SMS"


class SignalKind(models.TextChoices):
    REPORT = "report", "Phản ánh"
    PROPOSAL = "proposal", "Kiến nghị"
    SUGGESTION = "suggestion", "Góp ý"
    COMPLAINT = "complaint", "Khiếu nại"
    DENUNCIATION = "denunciation", "Tố cáo"
    OPINION = "opinion", "Ý kiến, thông tin dư luận"


class Urgency(models.TextChoices):
    NORMAL = "normal", "Bình thường"
    PRESSING = "pressing", "Nổi cộm, bức xúc"
    URGENT = "urgent", "Khẩn cấp"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "Hài lòng"
    ACCEPTED = "accepted", "Chấp nhận được"
    UNSATISFIED = "unsatisfied", "Không hài lòng"


class Signal(TimeStampedModel):
    """Thông tin dư luận: one item of opinion from one channel (a citizen's message, a call, a post).

    The reporter's name and contacts are personal data: they never leave the back-office, are shown
    only to those who handle the case, and each showing is logged (PersonalDataAccess).
    """

    class Status(models.TextChoices):
        NEW = "new", "Mới tiếp nhận"
        CLASSIFIED = "classified", "Đã phân loại"
        ATTACHED = "attached", "Đã gắn vào vụ việc"
        DUPLICATE = "duplicate", "Trùng lặp"
        REJECTED = "rejected", "Từ chối"

    tracking_code = models.CharField(
        "mã tra cứu", max_length=20, unique=True, default=new_tracking_code, editable=False
    )
    channel = models.CharField("kênh tiếp nhận", max_length=20, choices=Channel.choices)
    kind = models.CharField("loại", max_length=20, choices=SignalKind.choices)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.NEW)
    title = models.CharField("tiêu đề", max_length=255, blank=True)
    text = models.TextField("nội dung")
    received_at = models.DateTimeField("thời điểm tiếp nhận", default=timezone.now)
    field = models.ForeignKey(
        Field, verbose_name="lĩnh vực", null=True, blank=True, on_delete=models.PROTECT, related_name="signals"
    )
    area = models.ForeignKey(
        Area, verbose_name="địa bàn", null=True, blank=True, on_delete=models.PROTECT, related_name="signals"
    )
    address = models.CharField("địa chỉ, nơi xảy ra", max_length=255, blank=True)
    latitude = models.DecimalField("vĩ độ", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("kinh độ", max_digits=9, decimal_places=6, null=True, blank=True)
    urgency = models.CharField("mức độ", max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    case = models.ForeignKey(
        "Case", verbose_name="vụ việc", null=True, blank=True, on_delete=models.SET_NULL, related_name="signals"
    )
    source_url = models.URLField("đường dẫn nguồn", max_length=1000, blank=True)
    # Personal data (Luật 91/2025/QH15): kept only with consent, never public.
    reporter_name = models.CharField("họ và tên người phản ánh", max_length=200, blank=True)
    reporter_phone = models.CharField("số điện thoại", max_length=30, blank=True)
    reporter_email = models.EmailField("thư điện tử", blank=True)
    reporter_zalo_id = models.CharField("mã người dùng Zalo", max_length=64, blank=True)
    consent_personal_data = models.BooleanField("đồng ý xử lý dữ liệu cá nhân", default=False)
    consent_at = models.DateTimeField("thời điểm đồng ý", null=True, blank=True)
    allow_public = models.BooleanField("cho phép công khai nội dung", default=False)
    submission_key = models.CharField(
        "khóa gửi (chống gửi trùng)", max_length=64, unique=True, null=True, blank=True, editable=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Triage (phân loại) and the citizen's follow-up: issue 3, the cycle.
    status_note = models.CharField("lý do, ghi chú phân loại", max_length=500, blank=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name="trùng với", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.CharField("đánh giá của người dân", max_length=20, choices=Rating.choices, blank=True)
    rating_comment = models.CharField("ý kiến về kết quả", max_length=1000, blank=True)
    rated_at = models.DateTimeField("thời điểm đánh giá", null=True, blank=True)
    reopened_at = models.DateTimeField("thời điểm đề nghị xem xét lại", null=True, blank=True)

    # Signals link no images, documents or pages: keeping them out of Wagtail's reference index saves
    # a background task per signal (one per report at intake).
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "thông tin dư luận"
        verbose_name_plural = "thông tin dư luận"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "-received_at"], name="signal_status_received_idx"),
            models.Index(fields=["field", "area", "-received_at"], name="signal_field_area_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(consent_personal_data=True)
                    | (
                        models.Q(reporter_name="")
                        & models.Q(reporter_phone="")
                        & models.Q(reporter_email="")
                        & models.Q(reporter_zalo_id="")
                    )
                ),
                name="signal_contact_requires_consent_v2",
            )
        ]

    def __str__(self):
        return f"{self.tracking_code} – {self.title or self.text[:60]}"

    @property
    def has_personal_data(self):
        return bool(self.reporter_name or self.reporter_phone or self.reporter_email or self.reporter_zalo_id)


class Case(TimeStampedModel):
    """Vụ việc, vấn đề dư luận: one public matter grouping its signals; the unit of handling."""

    class Status(models.TextChoices):
        NEW = "new", "Mới"
        ASSIGNED = "assigned", "Đã chuyển xử lý"
        IN_PROGRESS = "in_progress", "Đang xử lý"
        WAITING_CITIZEN = "waiting_citizen", "Chờ bổ sung từ người dân"
        ANSWERED = "answered", "Đã trả lời"
        CLOSED = "closed", "Đã đóng"

    OPEN_STATUSES = [Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING_CITIZEN]

    code = models.CharField("mã vụ việc", max_length=20, unique=True, default=new_tracking_code, editable=False)
    title = models.CharField("tiêu đề", max_length=255)
    summary = models.TextField("tóm tắt", blank=True)
    kind = models.CharField("loại", max_length=20, choices=SignalKind.choices, default=SignalKind.REPORT)
    field = models.ForeignKey(
        Field, verbose_name="lĩnh vực", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    area = models.ForeignKey(
        Area, verbose_name="địa bàn", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.NEW)
    urgency = models.CharField("mức độ", max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    assigned_unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị xử lý",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    deadline = models.DateField("hạn xử lý", null=True, blank=True)
    is_public = models.BooleanField("công khai kết quả", default=False)
    closed_at = models.DateTimeField("thời điểm đóng", null=True, blank=True)
    # The cycle (issue 3): when it was assigned, its first deadline (extensions are counted apart),
    # when the clock was paused waiting for the citizen, and when the answer was approved.
    assigned_at = models.DateTimeField("thời điểm chuyển xử lý", null=True, blank=True)
    original_deadline = models.DateField("hạn xử lý ban đầu", null=True, blank=True)
    paused_on = models.DateField("tạm dừng tính hạn từ ngày", null=True, blank=True)
    answered_at = models.DateTimeField("thời điểm trả lời", null=True, blank=True)
    # Issue 15: the named officer of the unit who handles it, and how often citizens asked for a review.
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ xử lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    reopen_count = models.PositiveSmallIntegerField("số lần xem xét lại", default=0, editable=False)

    class Meta:
        verbose_name = "vụ việc"
        verbose_name_plural = "vụ việc"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["assigned_unit", "status"], name="case_unit_status_idx")]

    def __str__(self):
        return f"{self.code} – {self.title}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self):
        return bool(self.deadline and self.is_open and timezone.localdate() > self.deadline)

    @property
    def is_extended(self):
        return bool(self.deadline and self.original_deadline and self.deadline > self.original_deadline)


class Response(TimeStampedModel):
    """Phản hồi, trả lời: the answer to the citizen or the public about a case."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        SUBMITTED = "submitted", "Chờ phê duyệt"
        APPROVED = "approved", "Đã phê duyệt"
        RETURNED = "returned", "Trả lại để sửa"

    case = models.ForeignKey(Case, verbose_name="vụ việc", on_delete=models.CASCADE, related_name="responses")
    text = models.TextField("nội dung trả lời")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người soạn",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người phê duyệt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField("thời điểm phê duyệt", null=True, blank=True)
    # The signed official reply (văn bản trả lời có chữ ký, PDF), shown to the citizen with the answer.
    signed_reply = models.FileField(
        "văn bản trả lời đã ký (PDF)", upload_to="van-ban-tra-loi/%Y/%m/", max_length=255, blank=True
    )

    class Meta:
        verbose_name = "phản hồi"
        verbose_name_plural = "phản hồi"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Phản hồi {self.case.code} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        """An approved answer is what the citizen and the public read: it never changes afterwards,
        whichever screen or script tries (a correction is a new answer through approval)."""
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", "text", "case_id").first()
            if stored and stored[0] == self.Status.APPROVED and stored != (self.status, self.text, self.case_id):
                raise ValidationError("Câu trả lời đã phê duyệt không sửa được; hãy soạn câu trả lời đính chính.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == self.Status.APPROVED:
            raise ValidationError("Câu trả lời đã phê duyệt không xóa được.")
        return super().delete(*args, **kwargs)


class PersonalDataAccess(models.Model):
    """Nhật ký truy cập dữ liệu cá nhân: who saw or exported a citizen's contact details, and when.

    Append-only for everyone (access_log.py): no screen edits or deletes a row, the model and its
    queryset refuse, a hash chain shows tampering, and on PostgreSQL a trigger refuses UPDATE/DELETE.
    The user and signal keep their ids even after those records are deleted (no database constraint).
    """

    class Action(models.TextChoices):
        VIEW = "view", "Xem"
        EDIT = "edit", "Sửa"
        EXPORT = "export", "Xuất dữ liệu"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người truy cập",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    signal = models.ForeignKey(
        Signal,
        verbose_name="thông tin dư luận",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    action = models.CharField("thao tác", max_length=20, choices=Action.choices)
    detail = models.CharField("chi tiết", max_length=255, blank=True)
    at = models.DateTimeField("thời điểm", default=timezone.now)
    previous_hash = models.CharField("mã băm dòng trước", max_length=64, blank=True, editable=False)
    hash = models.CharField("mã băm", max_length=64, blank=True, editable=False)

    objects = access_log.AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "nhật ký truy cập dữ liệu cá nhân"
        verbose_name_plural = "nhật ký truy cập dữ liệu cá nhân"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.user_label()} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        access_log.append(self, lambda: super(PersonalDataAccess, self).save(*args, **kwargs))

    def delete(self, *args, **kwargs):
        raise access_log.AppendOnlyError(access_log.APPEND_ONLY_MESSAGE)

    def user_label(self):
        user = type(self).user.field.related_model._default_manager.filter(pk=self.user_id).first()
        return str(user) if user else (f"#{self.user_id}" if self.user_id else "—")

    user_label.short_description = "người truy cập"

    def signal_label(self):
        signal = Signal.objects.filter(pk=self.signal_id).only("tracking_code").first()
        return signal.tracking_code if signal else (f"#{self.signal_id} (đã xóa)" if self.signal_id else "—")

    signal_label.short_description = "thông tin dư luận"
