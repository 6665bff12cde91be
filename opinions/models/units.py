"""Units (cơ quan, đơn vị) and the staff who work for them."""

from django.conf import settings
from django.db import models

from .base import TimeStampedModel
from .reference import Area, Field


class Unit(TimeStampedModel):
    """Cơ quan, đơn vị: an agency or organisation that handles cases and reports opinion."""

    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", "Cấp ủy, đảng bộ"
        PARTY_CELL = "party_cell", "Chi bộ"
        OPINION_OFFICE = "opinion_office", "Ban Tuyên giáo và Dân vận"
        AGENCY = "agency", "Sở, ban, ngành"
        COMMUNE_COMMITTEE = "commune_committee", "UBND xã, phường, đặc khu"
        PROVINCIAL_COMMITTEE = "provincial_committee", "UBND tỉnh"
        ENTERPRISE = "enterprise", "Doanh nghiệp"
        OTHER = "other", "Khác"

    code = models.SlugField("mã đơn vị", max_length=60, unique=True)
    name = models.CharField("tên đơn vị", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=100, blank=True)
    kind = models.CharField("loại đơn vị", max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    responsibilities = models.TextField("chức năng, lĩnh vực phụ trách", blank=True)
    fields = models.ManyToManyField(Field, verbose_name="lĩnh vực phụ trách", blank=True)
    areas = models.ManyToManyField(Area, verbose_name="địa bàn phụ trách", blank=True)
    public_email = models.EmailField("thư điện tử công khai", blank=True)
    public_phone = models.CharField("điện thoại công khai", max_length=30, blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["kind", "name"]

    def __str__(self):
        return self.short_name or self.name


class StaffProfile(TimeStampedModel):
    """Hồ sơ cán bộ: which unit a back-office user works for (scopes what a handler sees)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="staff")
    position = models.CharField("chức vụ", max_length=200, blank=True)

    class Meta:
        verbose_name = "hồ sơ cán bộ"
        verbose_name_plural = "hồ sơ cán bộ"

    def __str__(self):
        return f"{self.user} – {self.unit}"
