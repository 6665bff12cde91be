"""Models of the reports app: the letterhead of the reports (a site setting the office edits) and the
periodic and ad-hoc reports (draft → review → issued, never changed after issue)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def default_superior_body():
    return settings.QUICK_REPORT_SUPERIOR_BODY


def default_issuing_body():
    return settings.QUICK_REPORT_ISSUING_BODY


def default_number_suffix():
    return settings.QUICK_REPORT_NUMBER_SUFFIX


def default_place():
    return settings.QUICK_REPORT_PLACE


def default_signer_authority():
    return settings.QUICK_REPORT_SIGNER_AUTHORITY


def default_signer_title():
    return settings.QUICK_REPORT_SIGNER_TITLE


def default_signer_name():
    return settings.QUICK_REPORT_SIGNER_NAME


def default_recipients():
    return "\n".join(settings.QUICK_REPORT_RECIPIENTS)


@register_setting(icon="doc-full")
class Letterhead(BaseSiteSetting):
    """Thể thức văn bản báo cáo: the letterhead of every report (quick, periodic, ad-hoc); first
    values from the QUICK_REPORT_* settings."""

    superior_body = models.CharField("cơ quan cấp trên", max_length=255, default=default_superior_body)
    issuing_body = models.CharField("cơ quan ban hành", max_length=255, default=default_issuing_body)
    number_suffix = models.CharField("ký hiệu số", max_length=60, default=default_number_suffix)
    place = models.CharField("địa danh", max_length=100, default=default_place)
    signer_authority = models.CharField("thẩm quyền ký", max_length=100, blank=True, default=default_signer_authority)
    signer_title = models.CharField("chức vụ người ký", max_length=100, default=default_signer_title)
    signer_name = models.CharField("họ và tên người ký", max_length=100, blank=True, default=default_signer_name)
    recipients = models.TextField("nơi nhận", default=default_recipients, help_text="Mỗi nơi nhận một dòng.")

    panels = [
        MultiFieldPanel(
            [FieldPanel("superior_body"), FieldPanel("issuing_body"), FieldPanel("number_suffix"), FieldPanel("place")],
            heading="Cơ quan ban hành",
        ),
        MultiFieldPanel(
            [FieldPanel("signer_authority"), FieldPanel("signer_title"), FieldPanel("signer_name")], heading="Người ký"
        ),
        FieldPanel("recipients"),
    ]

    class Meta:
        verbose_name = "thể thức văn bản báo cáo"


class PeriodicReport(models.Model):
    """Báo cáo tình hình Nhân dân và dư luận xã hội: one periodic (tuần, tháng, quý, 6 tháng, năm)
    or ad-hoc report; drafted from live data, reviewed by the office, issued with number and date,
    and archived unchanged after issue."""

    class Kind(models.TextChoices):
        WEEK = "week", "Tuần"
        MONTH = "month", "Tháng"
        QUARTER = "quarter", "Quý"
        HALF = "half", "6 tháng"
        YEAR = "year", "Năm"
        ADHOC = "adhoc", "Đột xuất"

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        REVIEW = "review", "Chờ Ban duyệt"
        ISSUED = "issued", "Đã ban hành"

    kind = models.CharField("loại báo cáo", max_length=10, choices=Kind.choices)
    period = models.CharField("kỳ", max_length=40, help_text="Ví dụ 11/2026 (tháng), 4/2026 (quý), 2026 (năm).")
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    title = models.CharField("trích yếu", max_length=300)
    content = models.JSONField("nội dung", default=dict, help_text="Số liệu và các phần lời văn của báo cáo.")
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issued_file = models.BinaryField("tệp DOCX đã ban hành", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người lập",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("thời điểm lập", default=timezone.now)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)

    class Meta:
        verbose_name = "báo cáo tình hình Nhân dân và dư luận xã hội"
        verbose_name_plural = "báo cáo tình hình Nhân dân và dư luận xã hội"
        ordering = ["-ends_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="periodic_report_number_uniq"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """An issued report is archived as it was: nothing of it changes any more."""
        if self.pk and PeriodicReport.objects.filter(pk=self.pk, status=self.Status.ISSUED).exists():
            raise ValidationError("Báo cáo đã ban hành, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == self.Status.ISSUED:
            raise ValidationError("Báo cáo đã ban hành, không được xóa.")
        return super().delete(*args, **kwargs)


class SeriesForecast(models.Model):
    """Kết quả dự báo: the forecast of one weekly series (keyed by its values), computed by the worker
    so that the dashboard never waits for a model fit; kept until the series changes."""

    key = models.CharField("khóa chuỗi", max_length=64, unique=True)
    result = models.JSONField("kết quả", default=dict)
    computed_at = models.DateTimeField("thời điểm tính", default=timezone.now)

    class Meta:
        verbose_name = "kết quả dự báo"
        verbose_name_plural = "kết quả dự báo"

    def __str__(self):
        return f"Dự báo {self.key[:8]} ({self.computed_at:%d/%m/%Y %H:%M})"


class PlanBriefing(models.Model):
    """Buổi quán triệt Kế hoạch: a party organisation's meeting that disseminated the plan on public
    opinion work (the plan's first target: 100% of party organisations)."""

    unit = models.ForeignKey(
        "opinions.Unit", verbose_name="cấp ủy, tổ chức đảng", on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField("ngày quán triệt")
    attendees = models.PositiveIntegerField("số người dự", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)

    class Meta:
        verbose_name = "buổi quán triệt Kế hoạch"
        verbose_name_plural = "buổi quán triệt Kế hoạch"
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.unit} – {self.held_on:%d/%m/%Y}"
