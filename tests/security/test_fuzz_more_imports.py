"""Property-based tests of the last two importers (issue 18): exports of social-listening tools
(monitoring/imports.py) and units' periodic reports (opinions/network/unit_reports.py). Whatever the
file holds: a Vietnamese refusal or rows with their problems, never an exception; stored entries are
exactly the checked ones, and a report with problems stores nothing."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring import imports as monitoring_imports
from monitoring.models import Item
from opinions.models import ReportingPeriod, Unit, UnitReport
from opinions.network import unit_reports
from opinions.network.unit_reports import REPORT_COLUMNS

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
CELL = st.one_of(
    st.none(),
    # What a spreadsheet cell can hold (openpyxl refuses control characters when writing the file).
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=60),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.sampled_from(
        ["https://baolamdong.vn/a", "http://x", "ftp://x", "31/12/2026", "2026-13-45", "Môi trường", "=1+1", ""]
    ),
)


@FUZZ
@given(
    content=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)),
    suffix=st.sampled_from([".csv", ".json", ".xlsx", ".txt"]),
)
def test_reading_any_monitoring_export_gives_a_table_or_a_vietnamese_refusal(content, suffix):
    try:
        header, rows = monitoring_imports.read_table(content, "xuat" + suffix)
    except monitoring_imports.BadFile as refusal:
        assert str(refusal) and str(refusal).isascii() is False  # Vietnamese, with diacritics
        return
    assert isinstance(header, list) and all(isinstance(row, list) for row in rows)


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=4, max_size=4), max_size=6))
def test_a_monitoring_import_stores_exactly_the_checked_entries(reference_data, rows):
    header = ["url", "title", "text", "published"]
    mapping = monitoring_imports.guess_mapping(header)
    entries, problems = monitoring_imports.check_import(header, rows, mapping)
    assert all(isinstance(line, int) and message for line, _column, message in problems)
    before = Item.objects.count()
    if entries:
        monitoring_imports.run_import("Xuất từ công cụ lắng nghe", entries)
    stored = Item.objects.count() - before
    # Never more than was checked: the same address twice, or an address seen before, is one item.
    assert stored <= len({entry["url"] for entry in entries})


def report_file(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    sheet.append([header for header, _name, _required in REPORT_COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=len(REPORT_COLUMNS), max_size=len(REPORT_COLUMNS)), max_size=5))
def test_a_unit_report_file_is_read_with_its_problems_and_stored_whole_or_not_at_all(reference_data, rows):
    period = ReportingPeriod.objects.create(
        title="Kỳ thử",
        kind="monthly",
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 11, 30),
        deadline=timezone.now() + datetime.timedelta(days=1),
    )
    unit = Unit.objects.get(code="ubnd-24781")
    period.units.add(unit)
    try:
        items, problems = unit_reports.parse_report_file("bao-cao.xlsx", report_file(rows))
    except unit_reports.BadFile as refusal:
        assert str(refusal)
        return
    assert all(problem for problem in problems)
    before = UnitReport.objects.count()
    if items and not problems:
        unit_reports.submit_unit_report(None, period, unit, items)
        assert UnitReport.objects.count() == before + 1
    else:
        assert UnitReport.objects.count() == before
