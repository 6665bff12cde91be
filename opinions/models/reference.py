"""Reference data: places (địa bàn) and subject areas (lĩnh vực)."""

from django.db import models

from .base import TimeStampedModel


class AreaQuerySet(models.QuerySet):
    def communes(self):
        """The 124 commune-level units (xã, phường, đặc khu): every place but the province itself."""
        return self.exclude(kind=Area.Kind.PROVINCE)


class Area(TimeStampedModel):
    """Địa bàn: the province or one of its 124 commune-level units (xã, phường, đặc khu)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", "Tỉnh"
        COMMUNE = "commune", "Xã"
        WARD = "ward", "Phường"
        SPECIAL_ZONE = "special_zone", "Đặc khu"

    code = models.CharField("mã", max_length=10, unique=True)
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="thuộc",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    area_km2 = models.DecimalField("diện tích (km²)", max_digits=10, decimal_places=2, null=True, blank=True)
    boundary = models.JSONField("ranh giới (GeoJSON)", null=True, blank=True, editable=False)
    former_units_text = models.TextField("đơn vị hành chính cũ", blank=True)
    source = models.CharField("căn cứ", max_length=200, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = "địa bàn"
        verbose_name_plural = "địa bàn"
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class FormerArea(TimeStampedModel):
    """Đơn vị hành chính cấp xã cũ (trước 1/7/2025) và đơn vị mới mà nó được sáp nhập vào.

    One row per (former unit, new unit): two former communes were split between two new units.
    """

    class MergeType(models.TextChoices):
        WHOLE = "toàn bộ", "Toàn bộ"
        PART = "một phần", "Một phần"
        RENAMED = "đổi tên", "Đổi tên"
        UNCHANGED = "giữ nguyên", "Giữ nguyên"

    code = models.CharField("mã cũ", max_length=10)
    name = models.CharField("tên cũ", max_length=200)
    name_in_resolution = models.CharField("tên trong Nghị quyết", max_length=200, blank=True)
    district = models.CharField("huyện/thành phố cũ", max_length=200, blank=True)
    province = models.CharField("tỉnh cũ", max_length=100, blank=True)
    new_area = models.ForeignKey(Area, verbose_name="đơn vị mới", on_delete=models.CASCADE, related_name="former_areas")
    merge_type = models.CharField("hình thức sắp xếp", max_length=20, choices=MergeType.choices)
    resolution_clause = models.CharField("khoản (NQ 1671)", max_length=20, blank=True)

    class Meta:
        verbose_name = "đơn vị hành chính cũ"
        verbose_name_plural = "đơn vị hành chính cũ"
        ordering = ["province", "district", "name"]
        constraints = [models.UniqueConstraint(fields=["code", "new_area"], name="former_area_code_new_area_uniq")]

    def __str__(self):
        return f"{self.name} ({self.district}, {self.province}) → {self.new_area.name}"


class Field(TimeStampedModel):
    """Lĩnh vực: the subject area of a signal or case; sensitive ones weigh more in warnings."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=200)
    description = models.TextField("mô tả", blank=True)
    keywords = models.TextField("từ khóa", blank=True, help_text="Mỗi từ khóa một dòng.")
    is_sensitive = models.BooleanField("lĩnh vực nhạy cảm", default=False)
    sort_order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def keyword_list(self):
        return [k.strip() for k in self.keywords.splitlines() if k.strip()]
