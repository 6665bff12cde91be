"""The report screens: the office drafts, edits, sends for review and issues; leaders read and
download; a unit's handler and an outsider are refused; an issued report keeps its file."""

import io

import pytest
from django.urls import reverse
from docx import Document

from reports.models import PeriodicReport

pytestmark = pytest.mark.django_db


def test_the_office_drafts_edits_and_issues_a_report(client, office_user, leader_user):
    client.force_login(office_user)
    response = client.post(reverse("reports:periodic_list"), {"kind": "month", "period": "11/2026"})
    report = PeriodicReport.objects.get()
    assert response.url == reverse("reports:periodic_detail", args=[report.pk])
    bad = client.post(reverse("reports:periodic_list"), {"kind": "month", "period": "13/2026"}, follow=True)
    assert "Kỳ không hợp lệ" in bad.content.decode() and PeriodicReport.objects.count() == 1
    client.post(reverse("reports:periodic_detail", args=[report.pk]), {"proposals": "Đề xuất A\nĐề xuất B"})
    client.post(reverse("reports:periodic_action", args=[report.pk, "gui-duyet"]))
    client.post(reverse("reports:periodic_action", args=[report.pk, "ban-hanh"]), {"number": "15-BC/BTGDV"})
    report.refresh_from_db()
    assert report.status == PeriodicReport.Status.ISSUED and report.number == "15-BC/BTGDV"
    client.post(reverse("reports:periodic_detail", args=[report.pk]), {"proposals": "Sửa sau ban hành"})
    report.refresh_from_db()
    assert report.content["proposals"] == ["Đề xuất A", "Đề xuất B"]
    client.force_login(leader_user)
    docx = client.get(reverse("reports:periodic_file", args=[report.pk, "docx"]))
    assert docx.content == bytes(report.issued_file)
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "- Đề xuất B" in text
    before = PeriodicReport.objects.count()
    refused = client.post(reverse("reports:periodic_list"), {"kind": "month", "period": "10/2026"})
    assert refused.status_code in (302, 403) and PeriodicReport.objects.count() == before  # leaders read only


def test_handlers_and_outsiders_are_refused(client, handler_user, outsider_user):
    report = PeriodicReport.objects.create(
        kind="month", period="11/2026", starts_on="2026-11-01", ends_on="2026-11-30", title="Báo cáo", content={}
    )
    for user in (handler_user, outsider_user):
        client.force_login(user)
        for url in (
            reverse("reports:periodic_list"),
            reverse("reports:periodic_detail", args=[report.pk]),
            reverse("reports:periodic_file", args=[report.pk, "docx"]),
        ):
            assert client.get(url).status_code in (302, 403)
