import unicodedata

import pytest
from django.core.management import call_command

from opinions.models import Area, Field, FormerArea, Unit
from opinions.reference import load_reference_data

pytestmark = pytest.mark.django_db


def test_it_has_the_124_commune_level_units_by_type():
    communes = Area.objects.communes()
    assert communes.count() == 124
    assert communes.filter(kind=Area.Kind.COMMUNE).count() == 103
    assert communes.filter(kind=Area.Kind.WARD).count() == 20
    assert list(communes.filter(kind=Area.Kind.SPECIAL_ZONE).values_list("name", flat=True)) == ["Đặc khu Phú Quý"]
    assert all(a.parent.code == "68" for a in communes.select_related("parent"))


def test_it_maps_every_former_unit_to_an_existing_new_unit():
    assert FormerArea.objects.values("code").distinct().count() == 329
    assert not FormerArea.objects.filter(new_area__isnull=True).exists()
    # The two communes split between two new units (NQ 1671 khoản 43–44 and 46, 51).
    split = FormerArea.objects.filter(name__in=["Xã Phong Phú", "Xã Hòa Thắng"])
    assert {(f.name, f.new_area.name) for f in split} >= {
        ("Xã Phong Phú", "Xã Tuy Phong"),
        ("Xã Phong Phú", "Xã Phan Rí Cửa"),
    }


def test_it_keeps_boundaries_and_official_spelling():
    ward = Area.objects.get(name="Phường Xuân Hương - Đà Lạt")
    assert ward.boundary["type"] in {"Polygon", "MultiPolygon"}
    assert Area.objects.filter(boundary__isnull=True).exclude(kind=Area.Kind.PROVINCE).count() == 0
    for name in Area.objects.values_list("name", flat=True):
        assert unicodedata.is_normalized("NFC", name)


def test_it_seeds_fields_units_and_one_committee_per_commune():
    sensitive = set(Field.objects.filter(is_sensitive=True).values_list("code", flat=True))
    assert {
        "quy-hoach-dat-dai",
        "boi-thuong-gpmb",
        "moi-truong",
        "cai-cach-hanh-chinh",
        "dau-tu-cong",
        "chuyen-doi-so",
        "giao-duc",
        "y-te",
        "cong-tac-can-bo",
    } == sensitive
    assert Field.objects.count() == 15
    assert Unit.objects.filter(kind=Unit.Kind.COMMUNE_COMMITTEE).count() == 124
    assert Unit.objects.filter(kind=Unit.Kind.AGENCY).count() == 14
    assert Unit.objects.get(code="ubnd-24781").areas.get().name == "Phường Xuân Hương - Đà Lạt"


def test_it_changes_nothing_when_loaded_twice(capsys):
    before = {m.__name__: m.objects.count() for m in (Area, FormerArea, Field, Unit)}
    assert load_reference_data() == {"created": 0, "updated": 0}
    call_command("load_reference_data")
    assert "tạo mới 0, cập nhật 0" in capsys.readouterr().out
    assert {m.__name__: m.objects.count() for m in (Area, FormerArea, Field, Unit)} == before


def test_it_restores_a_changed_reference_row():
    Area.objects.filter(code="24781").update(name="Tên sai")
    counts = load_reference_data()
    assert counts["updated"] == 1
    assert Area.objects.get(code="24781").name == "Phường Xuân Hương - Đà Lạt"
