"""Consent evidence for every collecting path on main, and nothing pre-ticked."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from opinions.models import Collaborator, Signal
from opinions.services import create_signal
from privacy.models import ConsentRecord, LegalBasis, ProcessingActivity
from tests.opinions.intake.open311.open311_support import issue_key, post_request

from .conftest import feedback

pytestmark = pytest.mark.django_db


def consent_of(obj):
    return ConsentRecord.objects.get(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)


def test_the_web_form_records_who_which_notice_purposes_when_and_channel(client, notice):
    signal = feedback(client)
    record = consent_of(signal)
    assert record.record == signal and record.subject_label == signal.tracking_code
    assert record.channel == "web" and record.notice == notice
    assert record.purposes == ["handle_signal"] and record.bases == {"handle_signal": LegalBasis.CONSENT}
    assert record.given_at and record.withdrawn_at is None


def test_an_anonymous_report_records_no_consent(client, notice):
    feedback(client, name="", phone="", email="")
    assert ConsentRecord.objects.count() == 0


def test_the_consent_box_is_never_ticked_in_advance_and_links_the_policy(client, notice):
    page = client.get(reverse("opinions:feedback_create")).content.decode()
    box = (
        page.split('name="consent_personal_data"')[0].rsplit("<input", 1)[1]
        + page.split('name="consent_personal_data"')[1].split(">", 1)[0]
    )
    assert "checked" not in box
    assert 'href="/du-lieu-ca-nhan/"' in page and "Chính sách bảo vệ dữ liệu cá nhân" in page


def test_open311_records_consent_when_the_partner_collects_it(client, notice):
    _key, raw = issue_key()
    response = post_request(
        client,
        raw,
        first_name="Nguyễn Văn",
        last_name="Dân",
        phone="0987654321",
        email="dan@example.invalid",
        description="Đèn đường hỏng nhiều ngày ở hẻm.",
    )
    assert response.status_code in (200, 201)
    record = consent_of(Signal.objects.get(reporter_email="dan@example.invalid"))
    assert record.channel == "open311" and record.notice == notice


def test_the_back_office_path_records_consent_and_the_register_basis(notice):
    ProcessingActivity.objects.create(
        code="handle_signal",
        name="Giải quyết ý kiến",
        purpose="Giải quyết",
        data_categories="Họ tên",
        subject_categories="Người dân",
        legal_basis=LegalBasis.STATE_DUTY,
        retention="2 năm",
        safeguards="Nhật ký",
    )
    signal, _ = create_signal(
        channel="hotline",
        kind="report",
        text="Gọi đường dây nóng về ngập nước.",
        reporter_name="Phạm Gọi",
        reporter_phone="0909000111",
        consent_personal_data=True,
    )
    assert consent_of(signal).bases == {"handle_signal": LegalBasis.STATE_DUTY}


def test_a_roster_import_records_the_basis_for_each_person(notice):
    import csv as csvlib
    import io

    from opinions.models import ImportJob
    from opinions.network.imports import check_import, column_names, run_import

    values = {
        "Họ và tên": "Hoàng Cộng Tác",
        "Điện thoại": "0911222333",
        "Thư điện tử": "ctv@example.invalid",
        "Mã xã, phường, đặc khu": "24781",
    }
    out = io.StringIO()
    writer = csvlib.writer(out)
    writer.writerow(column_names("collaborators"))
    writer.writerow([values.get(name, "") for name in column_names("collaborators")])
    csv = out.getvalue()
    job = ImportJob.objects.create(kind="collaborators", file_name="ctv.csv", content=csv.encode("utf-8"))
    check_import(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED, job.problems
    run_import(job.pk)
    person = Collaborator.objects.get(phone="0911222333")
    record = consent_of(person)
    assert record.channel == "roster" and record.purposes == ["roster"]


def test_the_policy_page_shows_the_current_version_and_the_footer_links_it(client, notice):
    page = client.get("/du-lieu-ca-nhan/").content.decode()
    assert "Chính sách bảo vệ dữ liệu cá nhân" in page and "Phiên bản 2026.1" in page
    assert "Anh, chị có quyền yêu cầu xem, sửa, xóa dữ liệu." in page
    home = client.get(reverse("opinions:feedback_create")).content.decode()
    assert home.count('href="/du-lieu-ca-nhan/"') >= 2  # the footer and the form
