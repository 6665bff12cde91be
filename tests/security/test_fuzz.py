"""Property-based tests (issue 18): whatever arrives at the feedback form, the Open311 POST or the
roster importer, the answer is never a 5xx and nothing is half-saved (a signal without its
attachments, some rows of a file without the others)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opinions.models import Area, Attachment, Collaborator, Field, ImportJob, RateBucket, Signal
from opinions.network import imports
from tests.opinions.intake.open311.open311_support import BASE, issue_key
from tests.opinions.network.network_helpers import COLLABORATOR_HEADERS, collaborator_rows, csv_bytes

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
# Text of every kind: control characters, Vietnamese in both Unicode forms, very long strings.
TEXT = st.one_of(st.text(max_size=60), st.text(min_size=1000, max_size=6000), st.just("Đèn  đường\x00 hỏng"))
IDS = st.one_of(st.none(), st.text(max_size=12), st.integers(min_value=-(2**70), max_value=2**70).map(str))


def counts():
    return Signal.objects.count(), Attachment.objects.count()


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {"text": TEXT, "title": TEXT, "address": TEXT, "reporter_name": TEXT, "reporter_phone": TEXT},
        optional={
            "kind": st.sampled_from(["report", "complaint", "x", ""]),
            "reporter_email": TEXT,
            "consent_personal_data": st.sampled_from(["on", "", "x"]),
            "allow_public": st.sampled_from(["on", ""]),
            "submission_key": TEXT,
        },
    ),
    field=IDS,
    area=IDS,
)
def test_the_feedback_form_never_fails_nor_half_saves(client, data, field, area):
    RateBucket.objects.all().delete()
    payload = {k: v for k, v in {**data, "field": field, "area": area}.items() if v is not None}
    before = counts()
    response = client.post(reverse("opinions:feedback_create"), payload)
    assert response.status_code < 500
    after = counts()
    if response.status_code == 302:
        assert after[0] - before[0] in (0, 1)  # a retried submission key stores nothing again
    else:
        assert after == before


def valid_feedback():
    return {
        "kind": "report",
        "field": Field.objects.get(code="moi-truong").pk,
        "area": Area.objects.get(code="24781").pk,
        "text": "Rác thải tồn đọng nhiều ngày ở góc chợ, bốc mùi hôi khó chịu.",
        "submission_key": "a" * 32,
    }


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "service_code",
                "description",
                "lat",
                "long",
                "address_string",
                "email",
                "phone",
                "first_name",
                "media_url",
                "attribute[x]",
                "address_id",
                "device_id",
                "account_id",
            ]
        ),
        st.one_of(TEXT, st.floats(allow_nan=True).map(str), IDS.filter(bool)),
    ),
    fmt=st.sampled_from(["json", "xml"]),
)
def test_the_open311_post_never_fails_nor_half_saves(client, params, fmt):
    RateBucket.objects.all().delete()
    _, raw = issue_key()
    before = counts()
    response = client.post(f"{BASE}requests.{fmt}", {"api_key": raw, **params})
    assert response.status_code < 500, response.content[:500]
    assert Signal.objects.count() - before[0] == (1 if response.status_code in (200, 201) else 0)


@FUZZ
@given(
    cells=st.lists(st.lists(st.one_of(TEXT, st.integers().map(str)), min_size=1, max_size=12), max_size=6),
    name=st.sampled_from(["ctv.csv", "ctv.xlsx", "ctv.txt"]),
    keep_header=st.booleans(),
)
def test_the_roster_importer_never_fails_nor_half_saves(office_user, cells, name, keep_header):
    rows = collaborator_rows(2) + cells
    headers = COLLABORATOR_HEADERS if keep_header else [str(c) for c in (cells[0] if cells else ["x"])]
    content = csv_bytes(headers, rows) if name != "ctv.xlsx" else b"PK\x03\x04" + csv_bytes(headers, rows)
    job = ImportJob.objects.create(kind="collaborators", file_name=name, content=content, user=office_user)
    before = Collaborator.objects.count()
    imports.check_import(job)
    job.refresh_from_db()
    if job.status == ImportJob.Status.CHECKED:
        imports.run_import(job.pk)
        job.refresh_from_db()
    added = Collaborator.objects.count() - before
    assert added == (job.totals.get("new", 0) if job.status == ImportJob.Status.DONE else 0)


def test_a_web_page_disguised_as_a_pdf_is_refused(client):
    fake = SimpleUploadedFile("don.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>", "application/pdf")
    response = client.post(reverse("opinions:feedback_create"), {**valid_feedback(), "attachments": [fake]})
    assert response.status_code == 400 and not Signal.objects.exists()
    real = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    good = SimpleUploadedFile("don.pdf", real, "application/pdf")
    assert (
        client.post(reverse("opinions:feedback_create"), {**valid_feedback(), "attachments": [good]}).status_code == 302
    )
