from pathlib import Path

import pytest

from analysis.locate import Gazetteer, load_gazetteer

DATA = Path(__file__).resolve().parents[2] / "opinions" / "data" / "lamdong"

COMMUNES = [
    {"code": "100", "name": "Xã Hòa Ninh"},
    {"code": "200", "name": "Phường Xuân Hương - Đà Lạt"},
    {"code": "300", "name": "Xã Nam Ban Lâm Hà"},
    {"code": "400", "name": "Xã Quảng Hòa"},
]
FORMER = [
    {
        "new_code": "300",
        "old_name": "Thị trấn Nam Ban",
        "old_district": "Huyện Lâm Hà",
        "merge_type": "toàn bộ",
    },
    {
        "new_code": "300",
        "old_name": "Xã Mê Linh",
        "old_district": "Huyện Lâm Hà",
        "merge_type": "toàn bộ",
    },
    {
        "new_code": "100",
        "old_name": "Xã Hòa Bắc",
        "old_district": "Huyện Di Linh",
        "merge_type": "toàn bộ",
    },
]


@pytest.fixture(scope="module")
def small():
    return Gazetteer(COMMUNES, FORMER)


def test_it_finds_a_current_commune_with_or_without_diacritics(small):
    assert small.locate("Đường ở xã Hòa Ninh bị sạt lở").code == "100"
    assert small.locate("duong o xa hoa ninh bi sat lo").code == "100"
    with_marks = small.locate("xã Hòa Ninh").confidence
    assert small.locate("xa hoa ninh").confidence < with_marks


def test_it_reads_old_tone_placement(small):
    assert small.locate("Người dân xã Hoà Ninh phản ánh").code == "100"


def test_it_places_a_former_commune_in_its_new_unit(small):
    found = small.locate("Thị trấn Nam Ban ngập nước sau mưa")
    assert found.code == "300" and found.via_former
    assert small.locate("Xã Mê Linh huyện Lâm Hà").code == "300"


def test_it_matches_a_ward_without_its_city_suffix(small):
    assert small.locate("phường Xuân Hương có nhiều rác").code == "200"


def test_it_returns_none_when_no_place_is_named(small):
    assert small.locate("Giá điện tăng cao quá") is None
    assert small.locate("") is None
    assert small.locate("The road in Hanoi is broken") is None


def test_it_ignores_a_name_written_with_other_diacritics(small):
    # "hoa ninh" typed bare is the commune; "hóa nình" has different marks: a weaker guess
    strong = small.locate("xa hoa ninh")
    weak = small.locate("xã hóa nình", min_confidence=0)
    assert weak is None or weak.confidence < strong.confidence


def test_it_handles_huge_text(small):
    text = "người dân phản ánh " * 5000 + "ở xã Quảng Hòa"
    assert small.locate(text).code == "400"


def test_it_loads_the_real_gazetteer_from_a_directory():
    communes, former = load_gazetteer(DATA)
    assert len(communes) == 124
    assert len({row["old_code"] for row in former}) == 329
    gazetteer = Gazetteer(communes, former)
    assert gazetteer.locate("Đặc khu Phú Quý mất điện").name == "Đặc khu Phú Quý"
    # a former ward of Phan Thiết, merged into Phường Mũi Né
    found = gazetteer.locate("phường Hàm Tiến, Phan Thiết")
    assert found.name == "Phường Mũi Né" and found.via_former
