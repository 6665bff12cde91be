"""Import of the rosters: dry run first, then all or nothing; idempotent; export then import."""

import io

import pytest
from django.urls import reverse

from opinions.models import Collaborator, FocalPoint, ImportJob, Unit
from opinions.network import imports
from opinions.network import tasks as import_tasks
from tests.opinions.network.network_helpers import COLLABORATOR_HEADERS, collaborator_rows, csv_bytes, upload, xlsx

pytestmark = pytest.mark.django_db


def run(kind, name, content):
    job = import_tasks.start_import(None, kind, name, content)
    assert job.status == ImportJob.Status.CHECKED, job.problems
    assert import_tasks.confirm_import(None, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    return job.totals


def test_it_writes_nothing_until_the_user_confirms(client, office_user):
    client.force_login(office_user)
    response = upload(client, "collaborators", "ctv.xlsx", xlsx(COLLABORATOR_HEADERS, collaborator_rows(3)))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.CHECKED
    assert job.totals["new"] == 3 and Collaborator.objects.count() == 0
    page = client.get(reverse("network:import_detail", args=[job.pk])).content.decode()
    assert "Xác nhận nhập" in page and "Nguyễn Văn Thử 2" in page
    client.post(reverse("network:import_confirm", args=[job.pk]))
    assert Collaborator.objects.count() == 3
    first = Collaborator.objects.get(id_number="068080000001")
    assert sorted(first.fields.values_list("code", flat=True)) == ["moi-truong", "y-te"]
    assert first.area.code == "24781" and first.decision_date.strftime("%d/%m/%Y") == "20/09/2025"


def test_it_changes_nothing_when_the_same_file_comes_twice():
    content = xlsx(COLLABORATOR_HEADERS, collaborator_rows(5))
    assert run("collaborators", "ctv.xlsx", content)["new"] == 5
    before = list(Collaborator.objects.order_by("pk").values("pk", "updated_at"))
    totals = run("collaborators", "ctv.xlsx", content)
    assert totals == {"new": 0, "update": 0, "skip": 5}
    assert list(Collaborator.objects.order_by("pk").values("pk", "updated_at")) == before


def test_it_finds_a_collaborator_by_phone_when_the_id_number_is_missing():
    run("collaborators", "ctv.csv", csv_bytes(COLLABORATOR_HEADERS, collaborator_rows(2)))
    rows = collaborator_rows(2)
    rows[0][2] = ""  # no ID number: the phone identifies the person
    rows[0][0] = "Nguyễn Văn Thử Một"
    totals = run("collaborators", "ctv.csv", csv_bytes(COLLABORATOR_HEADERS, rows))
    assert totals == {"new": 0, "update": 1, "skip": 1}
    assert Collaborator.objects.get(phone="0912100001").full_name == "Nguyễn Văn Thử Một"


@pytest.mark.parametrize("kind", ["units", "focal_points", "collaborators"])
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_it_changes_nothing_on_export_then_import(kind, file_format):
    run("collaborators", "ctv.xlsx", xlsx(COLLABORATOR_HEADERS, collaborator_rows(4)))
    FocalPoint.objects.create(unit=Unit.objects.get(code="ubnd-24781"), full_name="Trần Văn Minh", phone="0263382102")
    content, name = imports.export_roster(None, kind, file_format)
    totals = run(kind, name, content)
    assert totals["new"] == 0 and totals["update"] == 0 and totals["skip"] > 0


def test_it_imports_a_unit_tree_with_parents_further_down_the_file():
    headers = [
        "Mã đơn vị",
        "Tên đơn vị",
        "Loại đơn vị",
        "Mã đơn vị cấp trên",
        "Lĩnh vực phụ trách (mã)",
        "Địa bàn phụ trách (mã xã, phường)",
    ]
    rows = [
        ["chi-bo-khu-pho-1", "Chi bộ Khu phố 1", "Chi bộ", "dang-bo-xuan-huong", "xay-dung-dang", "24781"],
        ["dang-bo-xuan-huong", "Đảng bộ phường Xuân Hương", "Cấp ủy, đảng bộ", "dang-uy-ubnd-tinh", "", "24781"],
    ]
    assert run("units", "donvi.xlsx", xlsx(headers, rows))["new"] == 2
    cell = Unit.objects.get(code="chi-bo-khu-pho-1")
    assert cell.parent.code == "dang-bo-xuan-huong" and cell.parent.parent.code == "dang-uy-ubnd-tinh"
    assert cell.kind == Unit.Kind.PARTY_CELL and list(cell.areas.values_list("code", flat=True)) == ["24781"]
    assert run("units", "donvi.xlsx", xlsx(headers, rows)) == {"new": 0, "update": 0, "skip": 2}


def test_it_runs_a_large_file_as_a_background_task_with_progress(client, office_user, monkeypatch):
    monkeypatch.setattr(imports, "INLINE_BYTES", 10)  # every file goes to the worker
    client.force_login(office_user)
    upload(client, "collaborators", "ctv.xlsx", xlsx(COLLABORATOR_HEADERS, collaborator_rows(1200)))
    job = ImportJob.objects.get()
    status = client.get(reverse("network:import_status", args=[job.pk])).json()
    assert status["status"] == "checked" and status["total"] == 1200 and status["percent"] == 100
    client.post(reverse("network:import_confirm", args=[job.pk]))
    assert client.get(reverse("network:import_status", args=[job.pk])).json()["status"] == "done"
    assert Collaborator.objects.count() == 1200


def test_it_offers_templates_with_vietnamese_headers(client, office_user):
    client.force_login(office_user)
    response = client.get(reverse("network:template", args=["collaborators", "csv"]))
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Họ và tên,Năm sinh,Số CCCD,Điện thoại")
    response = client.get(reverse("network:template", args=["units", "xlsx"]))
    headers = imports._xlsx_rows(response.content)[0]
    assert headers[:3] == ("Mã đơn vị", "Tên đơn vị", "Tên viết tắt")
    assert 'filename="mau-don-vi.xlsx"' in response["Content-Disposition"]


def test_the_roster_template_lists_the_codes_and_offers_them_as_drop_downs(client, office_user):
    import openpyxl

    client.force_login(office_user)
    response = client.get(reverse("network:template", args=["collaborators", "xlsx"]))
    assert 'filename="mau-cong-tac-vien.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Dữ liệu" and "Danh mục mã" in book.sheetnames
    lookup = [row for row in book["Danh mục mã"].iter_rows(values_only=True)]
    codes = {value for row in lookup[1:] for value in row if value}
    assert {"24781", "ubnd-24781", "moi-truong"} <= codes
    sheet = book["Dữ liệu"]
    headers = [cell.value for cell in sheet[1]]
    columns = {str(v.sqref).split(":")[0].rstrip("0123456789"): v for v in sheet.data_validations.dataValidation}
    commune = openpyxl.utils.get_column_letter(headers.index("Mã xã, phường, đặc khu") + 1)
    unit = openpyxl.utils.get_column_letter(headers.index("Mã đơn vị") + 1)
    assert columns[commune].type == "list" and "Danh mục mã" in columns[commune].formula1
    assert unit in columns and columns[unit].showErrorMessage
    # The template still reads back as an empty roster (the lookup sheet is not data).
    assert imports._xlsx_rows(response.content)[0][:2] == ("Họ và tên", "Năm sinh")
