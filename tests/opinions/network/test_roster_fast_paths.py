"""The fast paths of the roster import and export (issue 5 speed) keep the behaviour: the XLSX
reader gives the values openpyxl gives, a re-import with changed fields updates exactly those rows
and relations, the export is read back unchanged, and no step runs a query per row."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.lib.xlsx import first_sheet_rows
from opinions.models import Collaborator, ImportJob
from opinions.network import imports
from opinions.network import tasks as import_tasks
from tests.opinions.network.network_helpers import COLLABORATOR_HEADERS, collaborator_rows, csv_bytes, xlsx

pytestmark = pytest.mark.django_db

FIELDS = "Lĩnh vực theo dõi (mã)"


def openpyxl_rows(content):
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return rows


def trimmed(rows):
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def test_the_xlsx_reader_gives_the_values_openpyxl_gives():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Năm sinh", "Ngày quyết định", "Có", "Số", "Công thức"])
    sheet.append(["Nguyễn Thị Hoà", 1980, datetime.date(2025, 9, 20), True, 1.5, "=1+1"])
    sheet["A5"] = "sau hai dòng trống"
    sheet["D5"] = datetime.datetime(2025, 1, 2, 3, 4)
    sheet["C7"] = "<&>\"'"
    sheet["AB7"] = 68080000001
    out = io.BytesIO()
    book.save(out)
    content = out.getvalue()
    assert trimmed(first_sheet_rows(content)) == trimmed(openpyxl_rows(content))
    rows = first_sheet_rows(content)
    assert rows[1][2] == datetime.datetime(2025, 9, 20) and rows[2] == () and rows[4][0] == "sau hai dòng trống"


def test_the_xlsx_reader_reads_inline_strings_of_a_sheet_without_dimension():
    # openpyxl's write-only mode writes strings inline and no <dimension> (the bench's files, our exports).
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Mã", "Ngày"])
    sheet.append(["ubnd-24781", datetime.date(2020, 1, 1)])
    sheet.append([])
    sheet.append([None, 3])
    out = io.BytesIO()
    book.save(out)
    content = out.getvalue()
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"inlineStr" in sheet_xml and b"<dimension" not in sheet_xml
    rows = first_sheet_rows(content)
    assert trimmed(rows) == trimmed(openpyxl_rows(content))
    assert rows[1] == ("ubnd-24781", datetime.datetime(2020, 1, 1)) and rows[3] == (None, 3)


def test_problems_point_at_spreadsheet_rows_after_blank_rows():
    rows = collaborator_rows(2)
    rows[1][COLLABORATOR_HEADERS.index("Ngày quyết định")] = "31/02/2025"
    content = xlsx(COLLABORATOR_HEADERS, [rows[0], [None] * len(COLLABORATOR_HEADERS), rows[1]])
    job = import_tasks.start_import(None, "collaborators", "ctv.xlsx", content)
    assert job.status == ImportJob.Status.INVALID
    [(row, column, message)] = [(p["row"], p["column"], p["message"]) for p in job.problems if not p["warning"]]
    assert (row, column) == (4, "Ngày quyết định") and "Ngày không hợp lệ: «31/02/2025»" in message


def run(content, name="ctv.xlsx"):
    job = import_tasks.start_import(None, "collaborators", name, content)
    assert job.status == ImportJob.Status.CHECKED, job.problems
    preview = dict(job.totals)
    assert import_tasks.confirm_import(None, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.problems
    return preview, job


def test_a_reimport_with_changed_fields_updates_exactly_those_rows():
    rows = collaborator_rows(3)
    run(xlsx(COLLABORATOR_HEADERS, rows))
    through = Collaborator.fields.through
    links_before = {(t.collaborator_id, t.field_id): t.pk for t in through.objects.all()}
    stamps = dict(Collaborator.objects.values_list("id_number", "updated_at"))
    rows[1][COLLABORATOR_HEADERS.index(FIELDS)] = "y-te; giao-duc"
    preview, job = run(xlsx(COLLABORATOR_HEADERS, rows))
    assert preview["update"] == 1 and preview["skip"] == 2 and preview["new"] == 0
    assert [p["row"] for p in job.preview] == [3] and job.preview[0]["action"] == "Cập nhật"
    changed = Collaborator.objects.get(id_number="068080000002")
    assert sorted(changed.fields.values_list("code", flat=True)) == ["giao-duc", "y-te"]
    assert changed.updated_at > stamps["068080000002"]
    for other in ("068080000001", "068080000003"):
        person = Collaborator.objects.get(id_number=other)
        assert sorted(person.fields.values_list("code", flat=True)) == ["moi-truong", "y-te"]
        assert person.updated_at == stamps[other]
    # The links of the unchanged rows are the same rows as before (not deleted and written again).
    untouched = {k: v for k, v in links_before.items() if k[0] != changed.pk}
    after = {(t.collaborator_id, t.field_id): t.pk for t in through.objects.exclude(collaborator=changed)}
    assert after == untouched


def test_a_reimport_that_changes_only_a_plain_column_keeps_the_relations():
    rows = collaborator_rows(2)
    run(csv_bytes(COLLABORATOR_HEADERS, rows), "ctv.csv")
    links_before = set(Collaborator.fields.through.objects.values_list("pk", flat=True))
    rows[0][COLLABORATOR_HEADERS.index("Số quyết định công nhận")] = "15-QĐ/ĐU"
    preview, _ = run(csv_bytes(COLLABORATOR_HEADERS, rows), "ctv.csv")
    assert preview["update"] == 1 and preview["skip"] == 1
    assert Collaborator.objects.get(id_number="068080000001").decision_number == "15-QĐ/ĐU"
    assert set(Collaborator.fields.through.objects.values_list("pk", flat=True)) == links_before


def test_the_xlsx_export_has_a_bold_frozen_header_and_neutralises_text_that_looks_like_a_formula():
    run(xlsx(COLLABORATOR_HEADERS, collaborator_rows(2)))
    Collaborator.objects.filter(id_number="068080000001").update(position="=1+1 (tổ trưởng)")
    content, name = imports.export_roster(None, "collaborators", "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b and sheet["A1"].value == "Họ và tên"
    column = [c.value for c in sheet[1]].index("Chức vụ, nghề nghiệp") + 1
    values = {sheet.cell(row=r, column=column).value for r in (2, 3)}
    assert "'=1+1 (tổ trưởng)" in values  # cms/lib/cells.py (issue 18, item 8); the import reverses it
    preview, job = run(content, name)
    assert preview["new"] == 0 and preview["update"] == 0 and job.totals["skip"] == 2


def test_no_step_runs_a_query_per_row():
    """The number of queries of the dry run, the import, a re-import and the export does not grow
    with the number of rows (a query per row is what made 10,000 rows slow)."""

    def queries(rows):
        content = xlsx(COLLABORATOR_HEADERS, rows)
        counts = []
        with CaptureQueriesContext(connection) as captured:
            job = import_tasks.start_import(None, "collaborators", "ctv.xlsx", content)
        counts.append(len(captured.captured_queries))
        with CaptureQueriesContext(connection) as captured:
            assert import_tasks.confirm_import(None, job)
        counts.append(len(captured.captured_queries))
        with CaptureQueriesContext(connection) as captured:
            again = import_tasks.start_import(None, "collaborators", "ctv.xlsx", content)
        counts.append(len(captured.captured_queries))
        with CaptureQueriesContext(connection) as captured:
            imports.export_roster(None, "collaborators", "xlsx")
        counts.append(len(captured.captured_queries))
        assert again.totals["skip"] == len(rows)
        return counts

    assert queries(collaborator_rows(3)) == queries(collaborator_rows(40, start=100))
    assert Collaborator.objects.count() == 43
