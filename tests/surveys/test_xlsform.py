"""XLSForm both ways: a Vietnamese two-language form imported, exported and imported again is equal."""

import io

import pytest
from openpyxl import Workbook

from surveys.services import SurveyError, create_survey, definition_of
from surveys.xlsform import export_workbook, read_xlsform

VI, EN = "label::Tiếng Việt (vi)", "label::English (en)"


def two_language_form():
    """As a Kobo user writes it: groups, a cascade, a matrix (table-list), constraints, both languages."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(
        [
            "type",
            "name",
            VI,
            EN,
            "required",
            "relevant",
            "constraint",
            "constraint_message::Tiếng Việt (vi)",
            "choice_filter",
            "calculation",
            "appearance",
            "parameters",
        ]
    )
    rows = [
        ["begin_group", "chung", "Thông tin chung", "General"],
        ["select_one gioi", "gioi_tinh", "Giới tính", "Sex", "yes"],
        ["integer", "tuoi", "Tuổi", "Age", "yes", "", ". >= 16", "Tuổi từ 16 trở lên."],
        ["select_one huyen", "huyen", "Huyện cũ", "Former district", "yes"],
        ["select_one xa", "xa", "Xã cũ", "Former commune", "", "", "", "", "huyen = ${huyen}"],
        [
            "select_multiple kenh",
            "kenh",
            "Kênh thông tin",
            "Channels",
            "",
            "",
            "count-selected(.) <= 2",
            "Chọn tối đa 2.",
            "",
            "",
            "",
            "randomize=true",
        ],
        ["text", "kenh_khac", "Kênh khác", "Other channel", "", "selected(${kenh}, 'khac')"],
        ["calculate", "tuoi_nhom", "", "", "", "", "", "", "", "if(${tuoi} >= 60, 'cao', 'tre')"],
        ["end_group", "chung"],
        ["begin_group", "danh_gia", "Đánh giá", "Assessment", "", "${tuoi} >= 18"],
        ["select_one muc", "hai_long", "Mức độ hài lòng", "Satisfaction", "yes", "", "", "", "", "", "likert"],
        ["begin_group", "bang", "Đánh giá từng mặt", "Each aspect", "", "", "", "", "", "", "table-list"],
        ["select_one muc", "bang__thai_do", "Thái độ cán bộ", "Staff attitude", "yes"],
        ["select_one muc", "bang__thoi_gian", "Thời gian giải quyết", "Processing time", "yes"],
        ["end_group", "bang"],
        ["range", "diem", "Chấm điểm", "Score", "", "", "", "", "", "", "", "start=0 end=10 step=1"],
        ["text", "gop_y", "Góp ý", "Suggestions", "", "", "", "", "", "", "multiline"],
        ["end_group", "danh_gia"],
    ]
    for row in rows:
        survey.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", VI, EN, "huyen"])
    for row in [
        ["gioi", "nam", "Nam", "Male"],
        ["gioi", "nu", "Nữ", "Female"],
        ["huyen", "da_lat", "Thành phố Đà Lạt", "Da Lat"],
        ["huyen", "bao_loc", "Thành phố Bảo Lộc", "Bao Loc"],
        ["xa", "xuan_huong", "Phường 1", "Ward 1", "da_lat"],
        ["xa", "loc_phat", "Phường Lộc Phát", "Loc Phat", "bao_loc"],
        ["kenh", "bao", "Báo chí", "Press"],
        ["kenh", "zalo", "Zalo", "Zalo"],
        ["kenh", "khac", "Khác", "Other"],
        ["muc", "1", "Không hài lòng", "Dissatisfied"],
        ["muc", "2", "Bình thường", "Neutral"],
        ["muc", "3", "Hài lòng", "Satisfied"],
    ]:
        choices.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(["Khảo sát sự hài lòng", "hai_long_2026", "2026120301", "Tiếng Việt (vi)"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_it_imports_a_two_language_form_and_exports_it_back_equal(db):
    first = read_xlsform(two_language_form())
    assert first["title"] == "Khảo sát sự hài lòng" and first["form_id"] == "hai_long_2026"
    general, assessment = first["sections"]
    assert assessment["relevant"] == "${tuoi} >= 18" and assessment["title_en"] == "Assessment"
    by_name = {q["name"]: q for s in first["sections"] for q in s["questions"]}
    assert by_name["gioi_tinh"]["label_en"] == "Sex"
    assert by_name["tuoi"]["constraint_message"] == "Tuổi từ 16 trở lên."
    assert by_name["xa"]["choice_filter"] == "huyen = ${huyen}"
    assert by_name["xa"]["choices"][0]["filters"] == {"huyen": "da_lat"}
    assert by_name["kenh"]["randomize"] is True
    assert by_name["hai_long"]["type"] == "likert" and by_name["gop_y"]["type"] == "long_text"
    assert by_name["bang"]["type"] == "matrix" and [r["name"] for r in by_name["bang"]["rows"]] == [
        "thai_do",
        "thoi_gian",
    ]
    assert by_name["diem"]["type"] == "rating" and by_name["diem"]["parameters"] == "start=0 end=10 step=1"
    # Stored, read back from the database, exported, imported again: the same definition.
    survey = create_survey(first)
    stored = definition_of(survey)
    again = read_xlsform(export_workbook(stored))
    assert again == stored
    assert {k: v for k, v in stored.items()} == {**first, "sections": stored["sections"]}
    assert [q["name"] for s in stored["sections"] for q in s["questions"]] == [
        q["name"] for s in first["sections"] for q in s["questions"]
    ]


def test_it_refuses_what_it_cannot_run_in_vietnamese(db):
    book = Workbook()
    book.active.title = "survey"
    book.active.append(["type", "name", "label"])
    book.active.append(["geopoint", "vi_tri", "Vị trí"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(SurveyError, match="chưa được hỗ trợ"):
        read_xlsform(out.getvalue())
