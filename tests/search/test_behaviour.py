"""One behaviour suite for every backend: the database (SQLite, PostgreSQL) and Elasticsearch.

The Elasticsearch run needs a real server (ELASTICSEARCH_URL); without it that half is skipped
with the reason (docs/search.md says how to run it).
"""

import pytest

from .conftest import titles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query, expected",
    [
        ("dat dai", "Tranh chấp đất đai tổ dân phố 5"),
        ("giai phong mat bang", "Chậm giải phóng mặt bằng đường Hoà Bình"),
        ("hòa bình", "Chậm giải phóng mặt bằng đường Hoà Bình"),
        ("thủy lợi", "Tranh chấp đất đai tổ dân phố 5"),
        ("GPMB", "Chậm giải phóng mặt bằng đường Hoà Bình"),
        ("tái định cư", "Chậm giải phóng mặt bằng đường Hoà Bình"),
        ("cải cách hành chính", "Thủ tục cấp phép xây dựng kéo dài"),
        ("UBND", "Thủ tục cấp phép xây dựng kéo dài"),
    ],
)
def test_it_matches_vietnamese_without_diacritics_tone_placement_or_abbreviations(
    records, find, office_user, query, expected
):
    assert expected in titles(find(query, user=office_user))


def test_it_finds_the_abbreviation_when_asked_for_its_expansion(records, find, office_user):
    found = titles(find("giải phóng mặt bằng", user=office_user))
    assert "Tranh chấp đất đai tổ dân phố 5" in found  # the signal says only "GPMB"


def test_it_ranks_exact_diacritics_first(records, find, office_user):
    found = titles(find("đạt", user=office_user))
    assert found[0] == "Xã đạt chuẩn nông thôn mới"
    assert "Tranh chấp đất đai tổ dân phố 5" in found  # "đất" folds to "dat" too, ranked after


def test_it_requires_every_word(records, find, office_user):
    assert titles(find("đất đai nông thôn", user=office_user)) == []


def test_it_shows_a_handler_only_their_units_records(records, find, handler_user, other_handler_user):
    mine = titles(find("", user=handler_user))
    assert "Tranh chấp đất đai tổ dân phố 5" in mine and "Chậm giải phóng mặt bằng đường Hoà Bình" in mine
    assert not {"Thủ tục cấp phép xây dựng kéo dài", "Xã đạt chuẩn nông thôn mới"} & set(mine)
    assert titles(find("cấp phép", user=handler_user)) == []
    assert "Thủ tục cấp phép xây dựng kéo dài" in titles(find("cấp phép", user=other_handler_user))


def test_it_finds_nothing_for_an_outsider_or_anonymous(records, find, outsider_user):
    assert find("đất đai", user=outsider_user).total == 0
    assert find("đất đai", user=None).total == 0


def test_it_gives_the_public_only_published_content_and_public_answers(records, find):
    found = find("tái định cư", public=True)
    assert titles(found) == ["Tiến độ bồi thường, hỗ trợ tái định cư"]
    public = titles(find("cấp phép", public=True))
    assert public == ["Thủ tục cấp phép xây dựng kéo dài"]
    assert titles(find("dat dai", public=True)) == []  # signals are never public


def test_it_never_indexes_personal_data(records, find, office_user):
    assert find("Khắc Xuyến", user=office_user).total == 0
    assert find("0912345678", user=office_user).total == 0
    assert find("Xuyến", public=True).total == 0


def test_it_highlights_the_matching_words(records, find, office_user):
    hit = next(h for h in find("dat dai", user=office_user).hits if h.doc.kind == "signal")
    assert "<mark>đất</mark> <mark>đai</mark>" in hit.title
    hit = next(h for h in find("giai phong mat bang", user=office_user).hits if h.doc.kind == "signal")
    assert "<mark>GPMB</mark>" in hit.snippet


def test_it_counts_facets_and_filters_by_them(records, find, office_user):
    results = find("", user=office_user, facets=True)
    kinds = {
        option.value: option.count for group in results.facets if group["name"] == "kind" for option in group["options"]
    }
    assert kinds["complaint"] == 1 and kinds["report"] >= 1
    assert titles(find("", user=office_user, filters={"kind": "complaint"})) == ["Tranh chấp đất đai tổ dân phố 5"]
    unit = records["theirs"].assigned_unit_id
    assert set(titles(find("", user=office_user, filters={"unit": unit}))) == {
        "Thủ tục cấp phép xây dựng kéo dài",
        "Xã đạt chuẩn nông thôn mới",
    }
