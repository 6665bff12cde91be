"""Every kind of bad file changes nothing and says what is wrong: row, column, Vietnamese reason."""

import pytest
from django.urls import reverse

from opinions.models import Collaborator, ImportJob
from opinions.network import tasks as import_tasks
from tests.opinions.network.network_helpers import COLLABORATOR_HEADERS, collaborator_rows, csv_bytes, upload, xlsx

pytestmark = pytest.mark.django_db


def check(name, content, kind="collaborators"):
    job = import_tasks.start_import(None, kind, name, content)
    assert job.status == ImportJob.Status.INVALID
    assert import_tasks.confirm_import(None, job) is False  # cannot be confirmed
    assert Collaborator.objects.count() == 0
    return [(p["row"], p["column"], p["message"]) for p in job.problems if not p["warning"]]


def rows_with(changes):
    rows = collaborator_rows(3)
    for (row, column), value in changes.items():
        rows[row][COLLABORATOR_HEADERS.index(column)] = value
    return rows


def test_it_names_an_unknown_commune_code():
    rows = rows_with({(1, "Mã xã, phường, đặc khu"): "99999"})
    problems = check("ctv.xlsx", xlsx(COLLABORATOR_HEADERS, rows))
    assert problems == [
        (3, "Mã xã, phường, đặc khu", "Không có mã xã, phường, đặc khu «99999» trong danh mục Địa bàn.")
    ]


def test_it_names_a_bad_date():
    rows = rows_with({(2, "Ngày quyết định"): "31/02/2025"})
    [(row, column, message)] = check("ctv.csv", csv_bytes(COLLABORATOR_HEADERS, rows))
    assert (row, column) == (4, "Ngày quyết định") and "Ngày không hợp lệ: «31/02/2025»" in message


def test_it_names_a_duplicate_row():
    rows = collaborator_rows(2) + collaborator_rows(1)
    problems = check("ctv.xlsx", xlsx(COLLABORATOR_HEADERS, rows))
    assert {p[0] for p in problems} == {4}
    assert (4, "Số CCCD", "Dòng trùng lặp: giá trị «068080000001» đã có ở dòng 2 của tệp.") in problems


def test_it_names_a_missing_required_value():
    rows = rows_with({(0, "Họ và tên"): "", (1, "Số CCCD"): "", (1, "Điện thoại"): ""})
    problems = check("ctv.xlsx", xlsx(COLLABORATOR_HEADERS, rows))
    assert (2, "Họ và tên", "Thiếu giá trị bắt buộc.") in problems
    assert any(p[0] == 3 and "cần số CCCD hoặc số điện thoại" in p[2] for p in problems)


def test_it_names_bad_values_of_every_row_at_once():
    rows = rows_with({(0, "Trạng thái"): "Nghỉ", (1, "Điện thoại"): "12345", (2, "Lĩnh vực theo dõi (mã)"): "bong-da"})
    problems = check("ctv.xlsx", xlsx(COLLABORATOR_HEADERS, rows))
    assert [p[:2] for p in problems] == [(2, "Trạng thái"), (3, "Điện thoại"), (4, "Lĩnh vực theo dõi (mã)")]
    assert "Giá trị «Nghỉ» không có trong danh mục" in problems[0][2]


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("ctv.pdf", b"%PDF-1.4 ...", "chỉ nhận bảng tính Excel (.xlsx) hoặc tệp CSV"),
        ("ctv.xlsx", "Họ và tên,Số CCCD\nAn,068080000001\n".encode(), "không phải bảng tính Excel"),
        ("ctv.xlsx", b"PK\x03\x04 broken zip", "không đọc được như bảng tính Excel"),
        ("ctv.csv", xlsx(COLLABORATOR_HEADERS, collaborator_rows(1)), "là tệp nhị phân"),
        ("ctv.csv", "Họ và tên,Số CCCD\n".encode("utf-16"), "là tệp nhị phân"),
        ("ctv.csv", "Mã đơn vị,Tên\nA,Đà Lạt\n".encode("cp1258", errors="ignore") + b"\xff\xfe", "bảng mã UTF-8"),
        ("ctv.xlsx", b"", "Tệp rỗng"),
        ("ctv.xlsx", xlsx(COLLABORATOR_HEADERS, []), "không có dòng dữ liệu nào"),
        ("ctv.csv", csv_bytes(["Họ tên", "Số CCCD"], [["An", "068080000001"]]), "Thiếu cột bắt buộc"),
    ],
)
def test_it_refuses_a_bad_file_with_a_reason(name, content, reason):
    problems = check(name, content)
    assert problems and reason in " ".join(p[2] for p in problems)


def test_it_shows_every_problem_and_no_confirm_button(client, office_user):
    client.force_login(office_user)
    rows = rows_with({(1, "Mã xã, phường, đặc khu"): "99999"})
    upload(client, "collaborators", "ctv.xlsx", xlsx(COLLABORATOR_HEADERS, rows))
    page = client.get(reverse("network:import_detail", args=[ImportJob.objects.get().pk])).content.decode()
    assert "Tệp có 1 lỗi – chưa ghi gì vào hệ thống" in page
    assert "Không có mã xã, phường, đặc khu «99999»" in page and "Xác nhận nhập" not in page


def test_it_rolls_back_everything_when_the_data_changed_after_the_check():
    job = import_tasks.start_import(None, "collaborators", "ctv.xlsx", xlsx(COLLABORATOR_HEADERS, collaborator_rows(3)))
    assert job.status == ImportJob.Status.CHECKED
    # Between the check and the confirmation someone took the third person's phone number.
    Collaborator.objects.create(full_name="Người khác", phone="0912100003", id_number="068099999999")
    import_tasks.confirm_import(None, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.problems
    assert list(Collaborator.objects.values_list("full_name", flat=True)) == ["Người khác"]
