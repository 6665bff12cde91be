"""Bảo vệ dữ liệu cá nhân (Luật 91/2025/QH15, NĐ 356/2025/NĐ-CP): the notice and the evidence of
consent, the data subjects' requests and their clocks, retention, the register of processing and the
breach log. docs/privacy.md explains each rule and where the law leaves a choice (a setting).
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class LegalBasis(models.TextChoices):
    CONSENT = "consent", "Sự đồng ý của chủ thể dữ liệu (Điều 9)"
    EMERGENCY = "19.1a", "Khẩn cấp, bảo vệ tính mạng, sức khỏe (Điều 19.1a)"
    SECURITY = "19.1b", "An ninh, trật tự, phòng chống vi phạm (Điều 19.1b)"
    STATE_DUTY = "19.1c", "Thực hiện nhiệm vụ của cơ quan nhà nước theo luật (Điều 19.1c)"
    AGREEMENT = "19.1d", "Thực hiện thỏa thuận (Điều 19.1d)"
    OTHER_LAW = "19.1dd", "Trường hợp khác do luật quy định (Điều 19.1đ)"


class PrivacyNotice(models.Model):
    """Thông báo xử lý dữ liệu cá nhân: one version of the privacy policy; kept forever, never edited
    once published (a change is a new version), so every consent points at the exact text shown."""

    version = models.CharField("phiên bản", max_length=20, unique=True)
    title = models.CharField("tiêu đề", max_length=255, default="Chính sách bảo vệ dữ liệu cá nhân")
    body = models.TextField("nội dung", help_text="Mỗi đoạn cách nhau một dòng trống.")
    effective_from = models.DateField("áp dụng từ ngày", default=datetime.date.today)
    published_at = models.DateTimeField("thời điểm công bố", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)

    class Meta:
        verbose_name = "thông báo xử lý dữ liệu cá nhân"
        verbose_name_plural = "thông báo xử lý dữ liệu cá nhân"
        ordering = ["-effective_from", "-pk"]

    def __str__(self):
        return f"{self.title} (phiên bản {self.version})"

    def save(self, *args, **kwargs):
        # Each version is published when it is saved; it is never edited afterwards (no "change"
        # permission on the back-office screen), a new text being a new version.
        self.published_at = self.published_at or timezone.now()
        super().save(*args, **kwargs)

    @classmethod
    def current(cls, today=None):
        today = today or timezone.localdate()
        return cls.objects.filter(published_at__isnull=False, effective_from__lte=today).first()

    @property
    def paragraphs(self):
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]


class ConsentRecord(models.Model):
    """Bằng chứng đồng ý: who (the record holding the data), which notice, which purposes and on which
    legal basis each, when, through which channel, and the withdrawal."""

    content_type = models.ForeignKey(ContentType, verbose_name="loại bản ghi", on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField("số bản ghi")
    record = GenericForeignKey("content_type", "object_id")
    subject_label = models.CharField("bản ghi", max_length=100, help_text="Mã tra cứu hoặc số hiệu, không phải họ tên.")
    channel = models.CharField("kênh thu thập", max_length=30)
    notice = models.ForeignKey(
        PrivacyNotice, verbose_name="thông báo đã hiển thị", null=True, blank=True, on_delete=models.PROTECT
    )
    purposes = models.JSONField("mục đích", default=list)
    bases = models.JSONField("căn cứ xử lý theo mục đích", default=dict)
    given_at = models.DateTimeField("thời điểm đồng ý", default=timezone.now)
    withdrawn_at = models.DateTimeField("thời điểm rút lại", null=True, blank=True)
    restricted_at = models.DateTimeField("thời điểm hạn chế xử lý", null=True, blank=True)
    objected_at = models.DateTimeField("thời điểm phản đối xử lý", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)

    class Meta:
        verbose_name = "bằng chứng đồng ý"
        verbose_name_plural = "bằng chứng đồng ý"
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "channel"], name="consent_record_once")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="consent_record_idx")]

    def __str__(self):
        return f"{self.subject_label} – {self.given_at:%d/%m/%Y %H:%M}"

    @property
    def is_active(self):
        return self.withdrawn_at is None


class RequestKind(models.TextChoices):
    INFORM = "inform", "Được biết về hoạt động xử lý"
    ACCESS = "access", "Xem, nhận bản sao dữ liệu"
    CORRECT = "correct", "Chỉnh sửa dữ liệu"
    DELETE = "delete", "Xóa dữ liệu"
    WITHDRAW = "withdraw", "Rút lại sự đồng ý"
    RESTRICT = "restrict", "Hạn chế xử lý"
    OBJECT = "object", "Phản đối xử lý"


class RefusalGround(models.TextChoices):
    STATE_DUTY = "19.1c", "Dữ liệu cần cho nhiệm vụ của cơ quan nhà nước theo luật (Điều 19.1c, Điều 14.2)"
    SECURITY = "19.1b", "Phục vụ an ninh, trật tự, phòng chống vi phạm (Điều 19.1b)"
    LEGAL_HOLD = "legal_hold", "Đang giải quyết khiếu nại, tố cáo theo luật, phải lưu hồ sơ"
    NOT_IDENTIFIED = "not_identified", "Không xác định được dữ liệu của người yêu cầu"
    OTHER_LAW = "19.1dd", "Trường hợp khác do luật quy định (ghi rõ văn bản)"


def new_reference():
    return "YC-" + "".join(secrets.choice("0123456789ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(8))


def new_token():
    return secrets.token_urlsafe(24)


class RightsRequest(models.Model):
    """Yêu cầu của chủ thể dữ liệu: one request (inform, see/copy, correct, delete, withdraw consent,
    restrict, object), proved by the tracking code plus a one-time code, with its legal clocks."""

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", "Chờ xác minh mã"
        RECEIVED = "received", "Đã nhận, chờ xác nhận"
        ACKNOWLEDGED = "acknowledged", "Đã xác nhận, đang giải quyết"
        APPROVED = "approved", "Đã duyệt, chờ thực hiện"
        DONE = "done", "Đã thực hiện"
        REFUSED = "refused", "Từ chối (có căn cứ)"

    OPEN = [Status.RECEIVED, Status.ACKNOWLEDGED, Status.APPROVED]

    reference = models.CharField("số yêu cầu", max_length=20, unique=True, default=new_reference, editable=False)
    token = models.CharField("mã theo dõi bí mật", max_length=64, unique=True, default=new_token, editable=False)
    kind = models.CharField("loại yêu cầu", max_length=20, choices=RequestKind.choices)
    tracking_code = models.CharField("mã tra cứu của ý kiến", max_length=20, blank=True)
    subject_type = models.ForeignKey(
        ContentType, verbose_name="loại bản ghi", null=True, blank=True, on_delete=models.PROTECT
    )
    subject_id = models.PositiveBigIntegerField("số bản ghi", null=True, blank=True)
    contact_hint = models.CharField("gửi mã xác minh tới", max_length=60, blank=True)
    contact_hash = models.CharField("mã băm liên hệ", max_length=64, blank=True, editable=False)
    details = models.TextField("nội dung yêu cầu", blank=True)
    otp_hash = models.CharField("mã băm mã xác minh", max_length=64, blank=True, editable=False)
    otp_expires_at = models.DateTimeField("mã hết hạn lúc", null=True, blank=True, editable=False)
    otp_attempts = models.PositiveSmallIntegerField("số lần nhập sai", default=0, editable=False)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.UNVERIFIED)
    created_at = models.DateTimeField("thời điểm gửi", auto_now_add=True)
    received_on = models.DateField("ngày nhận (đã xác minh)", null=True, blank=True)
    ack_due = models.DateField("hạn xác nhận", null=True, blank=True)
    due = models.DateField("hạn giải quyết", null=True, blank=True)
    original_due = models.DateField("hạn ban đầu", null=True, blank=True)
    extension_reason = models.CharField("lý do gia hạn", max_length=500, blank=True)
    acknowledged_at = models.DateTimeField("thời điểm xác nhận", null=True, blank=True)
    completed_at = models.DateTimeField("thời điểm hoàn thành", null=True, blank=True)
    refusal_ground = models.CharField("căn cứ từ chối", max_length=20, choices=RefusalGround.choices, blank=True)
    outcome = models.TextField("kết quả gửi người yêu cầu", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người xử lý", null=True, blank=True, on_delete=models.SET_NULL
    )
    history = models.JSONField("diễn biến", default=list, blank=True)
    reminded_on = models.DateField("ngày nhắc gần nhất", null=True, blank=True)
    escalated_on = models.DateField("ngày báo quá hạn gần nhất", null=True, blank=True)

    class Meta:
        verbose_name = "yêu cầu của chủ thể dữ liệu"
        verbose_name_plural = "yêu cầu của chủ thể dữ liệu"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.reference} – {self.get_kind_display()}"

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def is_extended(self):
        return bool(self.original_due and self.due and self.due > self.original_due)

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return bool(self.is_open and self.due and today > self.due)

    def ack_overdue(self, today=None):
        today = today or timezone.localdate()
        return bool(self.status == self.Status.RECEIVED and self.ack_due and today > self.ack_due)

    def subject(self):
        if not self.subject_type_id:
            return None
        return self.subject_type.get_object_for_this_type(pk=self.subject_id) if self.subject_exists() else None

    def subject_exists(self):
        return self.subject_type.model_class()._default_manager.filter(pk=self.subject_id).exists()

    def add_history(self, text, user=None):
        self.history = [
            *self.history,
            {"at": timezone.localtime().strftime("%d/%m/%Y %H:%M"), "by": str(user or "hệ thống"), "text": text},
        ]


class Restriction(models.Model):
    """Hạn chế xử lý: one record (a signal, a roster entry, a survey row) of a person who asked to
    restrict or objected to processing. While it is not lifted the record is only stored
    (opinions.restrictions reads these rows); lifting keeps the row with who lifted it, when and why."""

    content_type = models.ForeignKey(ContentType, verbose_name="loại bản ghi", on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField("số bản ghi")
    record = GenericForeignKey("content_type", "object_id")
    subject_label = models.CharField("bản ghi", max_length=100, help_text="Mã tra cứu hoặc số hiệu, không phải họ tên.")
    kind = models.CharField(
        "loại", max_length=20, choices=[("restrict", "Hạn chế xử lý"), ("object", "Phản đối xử lý")]
    )
    request = models.ForeignKey(
        "RightsRequest", verbose_name="theo yêu cầu", related_name="restrictions", on_delete=models.PROTECT
    )
    since = models.DateTimeField("áp dụng từ", default=timezone.now)
    lifted_at = models.DateTimeField("thời điểm gỡ", null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người gỡ", null=True, blank=True, on_delete=models.SET_NULL
    )
    lift_reason = models.CharField("lý do gỡ", max_length=500, blank=True)

    class Meta:
        verbose_name = "hạn chế xử lý"
        verbose_name_plural = "hạn chế xử lý"
        ordering = ["-since"]
        indexes = [models.Index(fields=["content_type", "lifted_at"], name="restriction_active_idx")]

    def __str__(self):
        return f"{self.subject_label} – {self.get_kind_display()}"

    @property
    def is_active(self):
        return self.lifted_at is None


def restricted_ids(model):
    """Provider of opinions.restrictions: the primary keys of `model` under an active restriction."""
    return Restriction.objects.filter(
        content_type=ContentType.objects.get_for_model(model), lifted_at__isnull=True
    ).values("object_id")


class RetentionKind(models.TextChoices):
    CLOSED_CASE_CONTACTS = "closed_case_contacts", "Thông tin liên hệ trong vụ việc đã đóng"
    ATTACHMENTS = "attachments", "Tệp đính kèm của vụ việc đã đóng"
    ONLINE_TEXT = "online_text", "Toàn văn tin, bài trực tuyến"
    SURVEY_CONTACTS = "survey_contacts", "Thông tin liên hệ trong phiếu khảo sát"
    REQUEST_FILES = "request_files", "Hồ sơ yêu cầu đã hoàn thành (mã xác minh, liên hệ che)"


class RetentionRule(models.Model):
    """Thời hạn lưu trữ: how long a kind of record is kept before it is deleted or anonymised."""

    kind = models.CharField("loại dữ liệu", max_length=30, choices=RetentionKind.choices, unique=True)
    days = models.PositiveIntegerField("lưu trong (ngày)")
    is_active = models.BooleanField("đang áp dụng", default=True)
    note = models.CharField("căn cứ, ghi chú", max_length=500, blank=True)
    updated_at = models.DateTimeField("thời điểm cập nhật", auto_now=True)

    class Meta:
        verbose_name = "thời hạn lưu trữ"
        verbose_name_plural = "thời hạn lưu trữ"
        ordering = ["kind"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.days} ngày"


class RetentionRun(models.Model):
    """Lần xóa theo thời hạn lưu trữ: what one run of the nightly job deleted or anonymised."""

    at = models.DateTimeField("thời điểm chạy", default=timezone.now)
    dry_run = models.BooleanField("chạy thử", default=False)
    counts = models.JSONField("số bản ghi theo loại", default=dict)
    total = models.PositiveIntegerField("tổng số", default=0)

    class Meta:
        verbose_name = "lần xóa theo thời hạn"
        verbose_name_plural = "lần xóa theo thời hạn"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M}: {self.total}"


class ProcessingActivity(models.Model):
    """Hoạt động xử lý dữ liệu cá nhân: one line of the register (purpose, data, people, legal basis,
    recipients, retention, safeguards); the DPIA dossier (Điều 21) is built from these rows."""

    code = models.SlugField("mã mục đích", max_length=50, unique=True)
    name = models.CharField("tên hoạt động", max_length=255)
    purpose = models.TextField("mục đích xử lý")
    data_categories = models.TextField("loại dữ liệu cá nhân")
    sensitive = models.BooleanField("có dữ liệu nhạy cảm", default=False)
    subject_categories = models.TextField("nhóm chủ thể dữ liệu")
    legal_basis = models.CharField("căn cứ xử lý", max_length=20, choices=LegalBasis.choices)
    legal_basis_note = models.CharField("văn bản căn cứ", max_length=500, blank=True)
    recipients = models.TextField("bên nhận dữ liệu", blank=True)
    retention = models.CharField("thời hạn lưu trữ", max_length=255)
    safeguards = models.TextField("biện pháp bảo vệ")
    transfers_abroad = models.CharField("chuyển ra nước ngoài", max_length=255, default="Không")
    is_active = models.BooleanField("đang thực hiện", default=True)
    updated_at = models.DateTimeField("thời điểm cập nhật", auto_now=True)

    class Meta:
        verbose_name = "hoạt động xử lý dữ liệu cá nhân"
        verbose_name_plural = "sổ đăng ký hoạt động xử lý"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Breach(models.Model):
    """Vi phạm dữ liệu cá nhân: one incident, with the 72-hour notification clock (Điều 23)."""

    title = models.CharField("tóm tắt sự cố", max_length=255)
    discovered_at = models.DateTimeField("thời điểm phát hiện", default=timezone.now)
    description = models.TextField("diễn biến, nguyên nhân")
    data_categories = models.CharField("loại dữ liệu bị ảnh hưởng", max_length=500)
    people_affected = models.PositiveIntegerField("số người bị ảnh hưởng (ước tính)", default=0)
    consequences = models.TextField("hậu quả, nguy cơ", blank=True)
    measures = models.TextField("biện pháp đã, sẽ thực hiện", blank=True)
    notified_at = models.DateTimeField("thời điểm đã thông báo cơ quan chuyên trách", null=True, blank=True)
    notification_ref = models.CharField("số văn bản thông báo", max_length=100, blank=True)
    closed_at = models.DateTimeField("thời điểm kết thúc xử lý", null=True, blank=True)
    reminded_at = models.DateTimeField("lần nhắc gần nhất", null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
    )

    NOTIFY_HOURS = 72

    class Meta:
        verbose_name = "vi phạm dữ liệu cá nhân"
        verbose_name_plural = "vi phạm dữ liệu cá nhân"
        ordering = ["-discovered_at"]

    def __str__(self):
        return f"{self.discovered_at:%d/%m/%Y} – {self.title}"

    @property
    def notify_by(self):
        return self.discovered_at + datetime.timedelta(hours=self.NOTIFY_HOURS)

    def hours_left(self, now=None):
        now = now or timezone.now()
        return round((self.notify_by - now).total_seconds() / 3600, 1)

    def notice_link(self):
        # The drafted notification (privacy/admin.py), from the breach list.
        from django.urls import reverse  # the admin URLs are loaded after the models
        from django.utils.html import format_html

        return format_html('<a href="{}">Dự thảo thông báo</a>', reverse("privacy_admin:breach_notice", args=[self.pk]))

    notice_link.short_description = "thông báo"

    @property
    def is_late(self):
        return self.notified_at is None and timezone.now() > self.notify_by
