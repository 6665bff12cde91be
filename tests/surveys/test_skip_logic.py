"""Skip logic and constraints on the server: the expression subset and one page of answers."""

import pytest
from django.http import QueryDict

from surveys import answers as checks
from surveys.expressions import ExpressionError, evaluate, holds, parse
from surveys.schema import build


def test_it_evaluates_the_xpath_subset():
    answers = {"tuoi": 30, "kenh": ["zalo", "web"], "ten": "Mai"}
    assert holds("${tuoi} >= 18 and selected(${kenh}, 'zalo')", answers)
    assert not holds("${tuoi} < 18 or not(selected(${kenh}, 'web'))", answers)
    assert holds("count-selected(${kenh}) = 2 and string-length(${ten}) = 3", answers)
    assert holds("regex(${ten}, '^M')", answers)
    assert evaluate(parse("${tuoi} * 2 + 1"), answers) == 61
    assert evaluate(parse("if(${tuoi} > 60, 'gia', 'tre')"), answers) == "tre"
    assert holds(". > 5", {}, current=7)
    assert not holds("${missing} = 'x'", answers)
    assert holds("district = ${d}", {"d": "bao_loc"}, row={"district": "bao_loc"})


def test_it_refuses_unsupported_expressions_in_vietnamese():
    with pytest.raises(ExpressionError, match="chưa được hỗ trợ"):
        parse("pulldata('x', 'y')")
    with pytest.raises(ExpressionError):
        parse("${a} = ")


def post(**values):
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def test_it_skips_irrelevant_questions_and_checks_required_and_constraints(short_survey):
    schema = build(short_survey())
    page = schema[0]
    answers, errors = checks.read_section(page, post(gioi_tinh="nu", tuoi="12", da_dung="co", ly_do="mang"), {})
    assert errors == {"tuoi": "Tuổi phải từ 16 đến 110."}
    assert "ly_do" not in answers  # not shown, so not kept
    answers, errors = checks.read_section(page, post(gioi_tinh="nu", tuoi="40", da_dung="khong"), {})
    assert errors == {"ly_do": "Câu này bắt buộc trả lời."}
    answers, errors = checks.read_section(
        page, post(gioi_tinh="x", tuoi="bốn", da_dung="khong", ly_do=["mang", "khac"]), {}
    )
    assert errors["gioi_tinh"] == "Xin chọn một trong các lựa chọn đã cho."
    assert errors["tuoi"] == "Xin nhập một số nguyên, ví dụ 25."
    assert answers["ly_do"] == ["mang", "khac"]
    # The second section is shown only to those who used the service.
    assert checks.next_section(schema, 0, {"da_dung": "khong"}) is None
    assert checks.next_section(schema, 0, {"da_dung": "co"}) == 1
