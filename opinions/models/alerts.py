"""Cảnh báo sớm: early warnings raised by `detect_alerts` on counts of signals (issue 7).

One row per surge of one series (a field, a commune, a field in a commune, or a case). The row
keeps what the detector saw (observed and expected counts, the window, the recent series), the
signals behind it, and what the opinion office did with it (ghi nhận, báo cáo nhanh).
"""

from django.conf import settings
from django.db import models

from .base import TimeStampedModel
from .cases import Case, Signal
from .reference import Area, Field
from .workflow import OutgoingEmail


class Alert(TimeStampedModel):
    """Cảnh báo sớm: an unusual rise of signals in a field, a commune, a field in a commune or a case,
    found by the detector (analysis/alert.py) on 24-hour bins; acknowledged or turned into a quick report."""

    class Scope(models.TextChoices):
        FIELD = "field", "Lĩnh vực"
        AREA = "area", "Địa bàn"
        FIELD_AREA = "field_area", "Lĩnh vực tại địa bàn"
        CASE = "case", "Vụ việc"

    class Level(models.TextChoices):
        HIGH = "high", "Cao"
        MEDIUM = "medium", "Trung bình"

    class Status(models.TextChoices):
        NEW = "new", "Mới"
        ACKNOWLEDGED = "acknowledged", "Đã ghi nhận"
        REPORTED = "reported", "Đã chuyển báo cáo nhanh"

    # "field_area:3:17": the series; one alert per series per surge (see opinions/alerts.py).
    series_key = models.CharField("chuỗi theo dõi", max_length=100, editable=False)
    scope = models.CharField("phạm vi", max_length=20, choices=Scope.choices)
    field = models.ForeignKey(
        Field, verbose_name="lĩnh vực", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    area = models.ForeignKey(
        Area, verbose_name="địa bàn", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(
        Case,
        verbose_name="vụ việc được theo dõi",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    level = models.CharField("mức cảnh báo", max_length=20, choices=Level.choices)
    message = models.TextField("nội dung cảnh báo")
    observed = models.PositiveIntegerField("số ý kiến ghi nhận")
    expected = models.FloatField("mức bình thường (kỳ vọng)")
    ratio = models.FloatField("gấp bao nhiêu lần", null=True, blank=True)
    score = models.FloatField("điểm CUSUM", default=0)
    window_start = models.DateTimeField("từ thời điểm")
    window_end = models.DateTimeField("đến thời điểm")
    bins = models.PositiveSmallIntegerField("số kỳ (24 giờ)", default=1)
    series = models.JSONField("chuỗi số liệu gần đây", default=list, editable=False)
    signals = models.ManyToManyField(Signal, verbose_name="thông tin dư luận", related_name="alerts", blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.NEW)
    note = models.TextField("ghi chú khi ghi nhận", blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField("thời điểm ghi nhận", null=True, blank=True)
    report_case = models.OneToOneField(
        Case,
        verbose_name="vụ việc báo cáo nhanh",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_alert",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người chuyển báo cáo nhanh",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField("thời điểm chuyển báo cáo nhanh", null=True, blank=True)
    email = models.ForeignKey(
        OutgoingEmail,
        verbose_name="thư báo Ban",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = "cảnh báo sớm"
        verbose_name_plural = "cảnh báo sớm"
        ordering = ["-window_end", "-pk"]
        indexes = [
            models.Index(fields=["series_key", "-window_end"], name="alert_series_end_idx"),
            models.Index(fields=["status", "level", "-window_end"], name="alert_status_level_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["series_key", "window_end"], name="alert_series_window_uniq")]

    def __str__(self):
        return f"Cảnh báo {self.get_level_display().lower()}: {self.message[:80]}"
