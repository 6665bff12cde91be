"""The demo data (idempotent), and exports: leaders' and editors' never carry contacts, the
office's roster export is logged like a view."""

import pytest

from opinions.models import Collaborator, ExportLog, PersonalDataAccess
from privacy import demo
from privacy.models import ConsentRecord, PrivacyNotice, ProcessingActivity, RetentionRule, RightsRequest

from .conftest import NAME, feedback

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_a_notice_a_register_and_a_request_in_progress(client, case_factory):
    case_factory()
    demo.load_demo()
    demo.load_demo()
    assert PrivacyNotice.objects.count() == 1 and PrivacyNotice.current().version == "2026.1"
    assert ProcessingActivity.objects.count() == 4 and RetentionRule.objects.count() == 5
    assert RightsRequest.objects.get().is_open
    assert ConsentRecord.objects.count() == 1
    assert "Phiên bản 2026.1" in client.get("/du-lieu-ca-nhan/").content.decode()


@pytest.mark.parametrize("who", ["leader_user", "editor_user"])
def test_leaders_and_editors_get_no_export_with_contacts(client, request, notice, who, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    feedback(client)
    Collaborator.objects.create(full_name=NAME, phone="0912345678")
    staff = type(client)()
    staff.force_login(request.getfixturevalue(who))
    for url in ("/admin/dlxh/mang-luoi/xuat/collaborators.xlsx", "/admin/dlxh/mang-luoi/xuat/focal_points.csv"):
        response = staff.get(url)
        assert response.status_code in (302, 403, 404)
    report = staff.get("/admin/dlxh/bao-cao-dung-han/?xuat=xlsx")
    assert NAME.encode() not in report.content and b"0912345678" not in report.content


def test_the_office_roster_export_is_logged(client, office_user):
    Collaborator.objects.create(full_name=NAME, phone="0912345678")
    client.force_login(office_user)
    from django.urls import reverse

    response = client.get(reverse("network:export", args=["collaborators", "csv"]))
    assert response.status_code == 200
    assert ExportLog.objects.get().has_personal_data
    assert PersonalDataAccess.objects.filter(action="export").exists()
