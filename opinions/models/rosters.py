"""The network of opinion work: focal points (đầu mối), collaborators (cộng tác viên DLXH),
their trainings and the rules they work under (quy chế)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .base import TimeStampedModel
from .reference import Area, Field
from .units import Unit


class FocalPoint(TimeStampedModel):
    """Đầu mối DLXH: the person a unit names to capture, report and answer opinion.

    Phone and e-mail are contact details: only the opinion office sees them (opinions/access.py).
    """

    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="focal_points")
    full_name = models.CharField("họ và tên", max_length=200)
    position = models.CharField("chức vụ", max_length=200, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    is_primary = models.BooleanField("đầu mối chính", default=True)
    appointed_on = models.DateField("ngày phân công", null=True, blank=True)
    ended_on = models.DateField("ngày thôi làm đầu mối", null=True, blank=True)

    class Meta:
        verbose_name = "đầu mối DLXH"
        verbose_name_plural = "đầu mối DLXH"
        ordering = ["unit__name", "-is_primary", "full_name"]
        constraints = [models.UniqueConstraint(fields=["unit", "full_name"], name="focal_point_unit_name_uniq")]

    def __str__(self):
        return f"{self.full_name} ({self.unit})"

    @property
    def is_current(self):
        return self.ended_on is None or self.ended_on >= timezone.localdate()


class Training(TimeStampedModel):
    """Lớp tập huấn, bồi dưỡng: a training course that collaborators attend."""

    title = models.CharField("tên lớp", max_length=255)
    held_on = models.DateField("ngày tổ chức")
    place = models.CharField("địa điểm", max_length=255, blank=True)
    organiser = models.CharField("đơn vị tổ chức", max_length=255, blank=True)
    content = models.TextField("nội dung", blank=True)

    class Meta:
        verbose_name = "lớp tập huấn"
        verbose_name_plural = "lớp tập huấn"
        ordering = ["-held_on"]
        constraints = [models.UniqueConstraint(fields=["title", "held_on"], name="training_title_date_uniq")]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class Collaborator(TimeStampedModel):
    """Cộng tác viên DLXH: a member of the province's roster of opinion collaborators.

    Natural key for import: the ID number (CCCD) when given, else the phone number. ID number,
    phone, e-mail and address are personal data: only the opinion office sees them, and every
    export that contains them is logged (ExportLog).
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "Đang hoạt động"
        SUSPENDED = "suspended", "Tạm dừng"
        ENDED = "ended", "Đã thôi"

    full_name = models.CharField("họ và tên", max_length=200)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    id_number = models.CharField("số CCCD", max_length=12, null=True, blank=True, unique=True)
    phone = models.CharField("điện thoại", max_length=30, null=True, blank=True, unique=True)
    email = models.EmailField("thư điện tử", blank=True)
    position = models.CharField("chức vụ, nghề nghiệp", max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", null=True, blank=True, on_delete=models.PROTECT, related_name="collaborators"
    )
    area = models.ForeignKey(
        Area,
        verbose_name="xã, phường, đặc khu",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collaborators",
    )
    fields = models.ManyToManyField(Field, verbose_name="lĩnh vực theo dõi", blank=True, related_name="+")
    decision_number = models.CharField("số quyết định công nhận", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_on = models.DateField("ngày bắt đầu", null=True, blank=True)
    suspended_on = models.DateField("ngày tạm dừng", null=True, blank=True)
    ended_on = models.DateField("ngày thôi", null=True, blank=True)
    trainings = models.ManyToManyField(
        Training, verbose_name="lớp tập huấn đã dự", blank=True, related_name="attendees"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collaborator",
    )
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "cộng tác viên DLXH"
        verbose_name_plural = "cộng tác viên DLXH"
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id_number__isnull=False) | models.Q(phone__isnull=False),
                name="collaborator_has_natural_key",
            )
        ]

    def __str__(self):
        return self.full_name


class CollaboratorRules(TimeStampedModel):
    """Quy chế hoạt động của đội ngũ cộng tác viên DLXH: the rules the roster works under.

    The current one is shown to collaborators on their dashboard and at the rules page.
    """

    title = models.CharField("tên văn bản", max_length=255)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    summary = models.TextField("nội dung chính", blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="tệp văn bản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_current = models.BooleanField("đang áp dụng", default=True)

    class Meta:
        verbose_name = "quy chế cộng tác viên"
        verbose_name_plural = "quy chế cộng tác viên"
        ordering = ["-is_current", "-issued_on"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    @classmethod
    def current(cls):
        return cls.objects.filter(is_current=True).select_related("document").first()
