"""Hole 8 of issue 18: no export turns a cell into a live formula (CSV and XLSX alike), and an
export read back by the importer gives the values it was made from. Also hole 12: the CSV template
imports back."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from cms.lib.cells import safe_cell, safe_row, unescape_cell
from opinions.models import Area, Collaborator, Unit
from opinions.network import imports

pytestmark = pytest.mark.django_db
PAYLOADS = ['=HYPERLINK("http://x.vn","bấm")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_dangerous_cell_becomes_text_and_comes_back(payload):
    assert safe_cell(payload).startswith("'") and unescape_cell(safe_cell(payload)) == payload
    assert safe_row([1, None, "Bình thường", payload])[:3] == [1, None, "Bình thường"]


def test_the_collaborators_export_holds_no_formula_and_reimports_the_same(client, office_user):
    unit = Unit.objects.get(code="ubnd-24781")
    Collaborator.objects.create(
        full_name=PAYLOADS[0], position=PAYLOADS[1], phone="0912000111", unit=unit, area=Area.objects.communes().first()
    )
    client.force_login(office_user)
    text = client.get(reverse("network:export", args=["collaborators", "csv"])).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("network:export", args=["collaborators", "xlsx"])).content)
    )
    values = [c for row in book.active.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert not any(v.startswith("=") for v in values)
    _headers, rows, _lines = imports.read_table("ctv.csv", text.encode("utf-8"))
    assert PAYLOADS[0] in rows[0] and PAYLOADS[1] in rows[0]


def test_the_csv_template_reads_back_with_its_columns():
    for kind in ("units", "focal_points", "collaborators"):
        content = imports.template_file(kind, "csv")
        row = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert row == imports.column_names(kind)
