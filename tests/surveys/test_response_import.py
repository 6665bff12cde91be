"""Google Forms and Kobo/ODK CSV through the mapping step: labels to codes, checkbox cells with ", "
inside an option, "Other" text, a dry run with row errors, then all or nothing."""

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from surveys import response_import
from surveys.models import Response
from surveys.schema import build
from surveys.services import create_survey, open_survey
from tests.surveys.conftest import SHORT

GOOGLE = (
    'Dấu thời gian,Giới tính,Tuổi,"Anh, chị đã dùng dịch vụ công trực tuyến chưa?",'
    "Vì sao chưa dùng?,Mức độ hài lòng\n"
    '03/12/2026 8:01:02,Nữ,34,Chưa dùng,"Không biết cách dùng, Mạng yếu, chậm",\n'
    '03/12/2026 8:05:40,Nam,61,Chưa dùng,"Mạng yếu, chậm, Ở xa bưu điện",\n'
    "03/12/2026 9:12:11,nữ,45,Đã dùng,,Hài lòng\n"
)


@pytest.fixture
def survey(db):
    definition = copy.deepcopy(SHORT)
    definition["sections"][0]["questions"].append(
        {"type": "text", "name": "ly_do_khac", "label": "Lý do khác", "relevant": "selected(${ly_do}, 'khac')"}
    )
    made = create_survey(definition)
    open_survey(made)
    return made


def test_it_maps_google_forms_titles_and_labels(survey):
    schema = build(survey)
    headers, rows = response_import.read_csv(("\ufeff" + GOOGLE).encode())
    mapping = response_import.guess_mapping(schema, headers)
    assert mapping == {0: "", 1: "gioi_tinh", 2: "tuoi", 3: "da_dung", 4: "ly_do", 5: "hai_long"}
    report = response_import.check(schema, mapping, rows)
    assert report["problem_count"] == 0 and report["rows"] == 3
    first, second, third = report["answers"]
    assert first["ly_do"] == ["khong_biet", "mang"]  # "Mạng yếu, chậm" has a comma of its own
    assert second["ly_do"] == ["mang", "khac"] and second["ly_do_khac"] == "Ở xa bưu điện"
    assert third == {"gioi_tinh": "nu", "tuoi": 45, "da_dung": "co", "hai_long": "4"}
    assert response_import.run_import(survey, report) == 3
    assert Response.objects.filter(survey=survey, source=Response.Source.IMPORT, status="complete").count() == 3


def test_a_dry_run_lists_row_errors_and_nothing_is_written(survey):
    schema = build(survey)
    bad = GOOGLE + "03/12/2026 9:30:00,Không rõ,12,Đã dùng,,Hài lòng\n"
    headers, rows = response_import.read_csv(bad.encode())
    report = response_import.check(schema, response_import.guess_mapping(schema, headers), rows)
    assert (5, "«Không rõ» không có trong các lựa chọn của câu «gioi_tinh».") in report["problems"]
    assert [n for n, text in report["problems"] if "Tuổi phải từ 16 đến 110." in text] == [5]
    with pytest.raises(ValueError, match="Còn lỗi"):
        response_import.run_import(survey, report)
    assert not Response.objects.exists()


def test_it_reads_kobo_exports_by_name_with_split_options(survey):
    schema = build(survey)
    kobo = (
        "chung/gioi_tinh;chung/tuoi;chung/da_dung;chung/ly_do/khong_biet;chung/ly_do/mang;_uuid\nnam;52;khong;1;0;abc\n"
    )
    headers, rows = response_import.read_csv(kobo.encode())
    mapping = response_import.guess_mapping(schema, headers)
    assert mapping[3] == "ly_do/khong_biet" and mapping[5] == ""
    report = response_import.check(schema, mapping, rows)
    assert report["answers"] == [{"gioi_tinh": "nam", "tuoi": 52, "da_dung": "khong", "ly_do": ["khong_biet"]}]


def test_the_screen_walks_upload_check_import(client, office_user, survey):
    client.force_login(office_user)
    url = f"/admin/khao-sat/{survey.pk}/nhap-phieu/"
    page = client.post(url, {"file": SimpleUploadedFile("form.csv", GOOGLE.encode(), "text/csv")})
    assert "Ghép mỗi cột" in page.content.decode()
    mapping = {f"cot-{i}": v for i, v in enumerate(["", "gioi_tinh", "tuoi", "da_dung", "ly_do", "hai_long"])}
    checked = client.post(url, {**mapping, "action": "check"})
    assert "Kiểm tra thử: 3 phiếu; 0 lỗi." in checked.content.decode()
    done = client.post(url, {**mapping, "action": "import"}, follow=True)
    assert "Đã nhập 3 phiếu trả lời." in done.content.decode()
