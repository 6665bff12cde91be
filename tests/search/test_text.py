"""search.text: one written form per Vietnamese word, with and without diacritics."""

import unicodedata

import pytest

from search.text import expand_abbreviations, fold, index_forms, normalise


@pytest.mark.parametrize(
    "old, new",
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("toả", "tỏa"),
        ("Hoà Bình", "hòa bình"),
        ("quý", "quý"),
        ("giữ gìn", "giữ gìn"),
        ("người", "người"),
        ("khuỷu", "khuỷu"),
        ("hoạch", "hoạch"),
    ],
)
def test_it_puts_the_tone_mark_in_one_place(old, new):
    assert normalise(old) == new


def test_it_composes_decomposed_input_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Đất đai")
    assert decomposed != "Đất đai" and normalise(decomposed) == "đất đai"


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Đất đai", "dat dai"),
        ("GIẢI PHÓNG MẶT BẰNG", "giai phong mat bang"),
        ("Thuỷ lợi", "thuy loi"),
        ("Đà Lạt – Lâm Đồng", "da lat – lam dong"),
    ],
)
def test_it_folds_diacritics_and_d_with_stroke(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    "text, expanded",
    [
        ("Tiến độ GPMB", "Tiến độ giải phóng mặt bằng"),
        ("UBND xã", "ủy ban nhân dân xã"),
        ("đẩy mạnh CCHC", "đẩy mạnh cải cách hành chính"),
        ("khu TĐC", "khu tái định cư"),
        ("tđc", "tái định cư"),
    ],
)
def test_it_expands_abbreviations(text, expanded):
    assert expand_abbreviations(text) == expanded


def test_it_leaves_words_that_only_contain_an_abbreviation():
    assert expand_abbreviations("GPMBX và UBNDs") == "GPMBX và UBNDs"


def test_it_gives_the_index_forms_without_punctuation():
    assert index_forms("Hoà, GPMB!") == ("hòa giải phóng mặt bằng", "hoa giai phong mat bang")
