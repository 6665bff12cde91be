"""Units' periodic opinion reports (báo cáo DLXH định kỳ) and the records of imports and exports."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .base import TimeStampedModel
from .cases import Signal, Urgency
from .reference import Area, Field
from .units import Unit


class ReportingPeriod(TimeStampedModel):
    """Kỳ báo cáo DLXH: a period the office opens, with a deadline and the units that must report."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", "Tuần"
        MONTHLY = "monthly", "Tháng"
        QUARTERLY = "quarterly", "Quý"
        AD_HOC = "ad_hoc", "Đột xuất"

    class Status(models.TextChoices):
        OPEN = "open", "Đang nhận báo cáo"
        CLOSED = "closed", "Đã khóa sổ"

    title = models.CharField("tên kỳ báo cáo", max_length=255)
    kind = models.CharField("loại kỳ", max_length=20, choices=Kind.choices)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    deadline = models.DateTimeField("hạn nộp")
    units = models.ManyToManyField(Unit, verbose_name="đơn vị phải báo cáo", related_name="reporting_periods")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.OPEN)
    instructions = models.TextField("hướng dẫn", blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người mở kỳ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = "kỳ báo cáo DLXH"
        verbose_name_plural = "kỳ báo cáo DLXH"
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="period_dates_order")
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class UnitReport(TimeStampedModel):
    """Báo cáo DLXH của đơn vị: one unit's report for one period; its items become signals."""

    class Source(models.TextChoices):
        WEB = "web", "Biểu mẫu trực tuyến"
        XLSX = "xlsx", "Tải lên tệp mẫu"

    period = models.ForeignKey(
        ReportingPeriod, verbose_name="kỳ báo cáo", on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="opinion_reports")
    summary = models.TextField("tình hình chung", blank=True)
    source = models.CharField("hình thức nộp", max_length=10, choices=Source.choices, default=Source.WEB)
    submitted_at = models.DateTimeField("thời điểm nộp", default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nộp",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "báo cáo DLXH của đơn vị"
        verbose_name_plural = "báo cáo DLXH của đơn vị"
        ordering = ["-submitted_at"]
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="unit_report_period_unit_uniq")]

    def __str__(self):
        return f"{self.unit} – {self.period}"

    @property
    def is_on_time(self):
        return self.submitted_at <= self.period.deadline


class UnitReportItem(TimeStampedModel):
    """Nội dung báo cáo: one stream of opinion in a unit's report (field, area, what people say)."""

    class Mood(models.TextChoices):
        SUPPORTIVE = "supportive", "Đồng tình, phấn khởi"
        STABLE = "stable", "Ổn định"
        CONCERNED = "concerned", "Băn khoăn, lo lắng"
        DISCONTENT = "discontent", "Bức xúc, phản đối"

    class Scale(models.TextChoices):
        # The fixed ordinal scale of opinion reports, largest first (not percentages).
        OVERWHELMING = "overwhelming", "Tuyệt đại đa số"
        MAJORITY = "majority", "Đa số"
        LARGE = "large", "Số đông"
        MANY = "many", "Nhiều ý kiến"
        PART = "part", "Một bộ phận"
        SOME = "some", "Một số người"
        FEW = "few", "Có người"

    report = models.ForeignKey(UnitReport, verbose_name="báo cáo", on_delete=models.CASCADE, related_name="items")
    field = models.ForeignKey(Field, verbose_name="lĩnh vực", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        Area, verbose_name="địa bàn", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField("dư luận, ý kiến của Nhân dân")
    mood = models.CharField("tâm trạng, khuynh hướng", max_length=20, choices=Mood.choices, default=Mood.STABLE)
    scale = models.CharField("mức độ lan tỏa", max_length=20, choices=Scale.choices, default=Scale.SOME)
    urgency = models.CharField("mức độ", max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    signal = models.OneToOneField(
        Signal,
        verbose_name="thông tin dư luận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unit_report_item",
        editable=False,
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "nội dung báo cáo"
        verbose_name_plural = "nội dung báo cáo"
        ordering = ["report", "position"]

    def __str__(self):
        return f"{self.field}: {self.content[:60]}"


class ReportReminder(models.Model):
    """Nhắc báo cáo: one reminder sent to a unit for a period (before or after the deadline), once."""

    class Kind(models.TextChoices):
        BEFORE = "before", "Nhắc trước hạn"
        AFTER = "after", "Nhắc quá hạn"

    period = models.ForeignKey(
        ReportingPeriod, verbose_name="kỳ báo cáo", on_delete=models.CASCADE, related_name="reminders"
    )
    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("loại nhắc", max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField("thời điểm gửi", default=timezone.now)
    recipients = models.TextField("người nhận", blank=True)

    class Meta:
        verbose_name = "nhắc báo cáo"
        verbose_name_plural = "nhắc báo cáo"
        constraints = [models.UniqueConstraint(fields=["period", "unit", "kind"], name="report_reminder_once")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.unit} – {self.period}"


class ImportJob(TimeStampedModel):
    """Lượt nhập dữ liệu: one uploaded file, checked (dry run) then imported all or nothing."""

    class Kind(models.TextChoices):
        UNITS = "units", "Cơ quan, đơn vị"
        FOCAL_POINTS = "focal_points", "Đầu mối DLXH"
        COLLABORATORS = "collaborators", "Cộng tác viên DLXH"

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ kiểm tra"
        CHECKING = "checking", "Đang kiểm tra"
        CHECKED = "checked", "Đã kiểm tra, chờ xác nhận"
        INVALID = "invalid", "Có lỗi, không nhập"
        IMPORTING = "importing", "Đang nhập"
        DONE = "done", "Đã nhập xong"
        FAILED = "failed", "Lỗi khi nhập"

    kind = models.CharField("dữ liệu", max_length=20, choices=Kind.choices)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.PENDING)
    file_name = models.CharField("tên tệp", max_length=255)
    content = models.BinaryField("nội dung tệp", editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người nhập", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    total_rows = models.PositiveIntegerField("số dòng", default=0)
    processed_rows = models.PositiveIntegerField("số dòng đã xử lý", default=0)
    totals = models.JSONField("kết quả", default=dict, blank=True)
    problems = models.JSONField("lỗi", default=list, blank=True)
    preview = models.JSONField("xem trước", default=list, blank=True)
    finished_at = models.DateTimeField("thời điểm xong", null=True, blank=True)

    class Meta:
        verbose_name = "lượt nhập dữ liệu"
        verbose_name_plural = "lượt nhập dữ liệu"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.file_name}"

    @property
    def progress_percent(self):
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_running(self):
        return self.status in (self.Status.PENDING, self.Status.CHECKING, self.Status.IMPORTING)


class ExportLog(models.Model):
    """Nhật ký xuất dữ liệu: who exported what, when, and whether it held personal data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người xuất", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("thời điểm", default=timezone.now)
    what = models.CharField("dữ liệu", max_length=255)
    file_format = models.CharField("định dạng", max_length=10)
    row_count = models.PositiveIntegerField("số dòng", default=0)
    has_personal_data = models.BooleanField("có dữ liệu cá nhân", default=False)

    class Meta:
        verbose_name = "nhật ký xuất dữ liệu"
        verbose_name_plural = "nhật ký xuất dữ liệu"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.what}"
