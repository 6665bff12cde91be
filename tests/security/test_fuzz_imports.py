"""Property-based tests of the other importers (issue 18): survey responses from Google Forms or
Kobo (CSV) — whatever the cells, the check never fails, and an import writes every row or none."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys import response_import
from surveys.demo import FORM_ID, load_demo
from surveys.models import Response, Survey
from surveys.schema import build

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
CELL = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "1", "0", "có", "Không", "12/31/2025", "2025-13-45", "=cmd|' /C calc'!A0", "\x00"]),
)


@pytest.fixture
def survey(reference_data):
    load_demo(responses=0)
    return Survey.objects.get(form_id=FORM_ID)


@FUZZ
@given(data=st.data())
def test_the_survey_response_import_never_fails_nor_half_saves(survey, data):
    schema = build(survey)
    headers, _rows = response_import.read_csv(",".join(q["name"] for q in response_import.questions(schema)))
    rows = data.draw(st.lists(st.lists(CELL, min_size=len(headers), max_size=len(headers)), max_size=5))
    mapping = response_import.guess_mapping(schema, headers)
    report = response_import.check(schema, mapping, rows)
    before = Response.objects.count()
    try:
        written = response_import.run_import(survey, report)
    except ValueError:
        written = 0
        assert report["problem_count"] > 0
    assert Response.objects.count() - before == written == (report["rows"] if not report["problem_count"] else 0)


@FUZZ
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_reading_any_uploaded_file_gives_rows_or_a_refusal(content):
    try:
        headers, rows = response_import.read_csv(content)
    except (ValueError, response_import.csv.Error):
        return
    assert isinstance(headers, list) and all(isinstance(row, list) for row in rows)
