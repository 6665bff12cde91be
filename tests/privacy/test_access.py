"""Every new back-office screen is for the office only: outsiders, units' handlers, editors and
leaders are refused; the DPIA dossier and the breach notification come from live data."""

import io

import pytest
from docx import Document

from privacy.models import Breach, LegalBasis, ProcessingActivity, RightsRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(db):
    activity = ProcessingActivity.objects.create(
        code="handle_signal", name="Giải quyết phản ánh, kiến nghị", purpose="Giải quyết và trả lời.",
        data_categories="Họ tên, điện thoại, thư điện tử", subject_categories="Người dân gửi ý kiến",
        legal_basis=LegalBasis.CONSENT, retention="2 năm sau khi đóng vụ việc", safeguards="Nhật ký truy cập",
    )  # fmt: skip
    breach = Breach.objects.create(
        title="Lộ danh sách cộng tác viên", description="Tệp bị gửi nhầm.", data_categories="Họ tên, điện thoại",
        people_affected=40,
    )  # fmt: skip
    item = RightsRequest.objects.create(kind="access", tracking_code="LD-TEST0001", status="received")
    return activity, breach, item


def screens(activity, breach, item):
    return [
        "/admin/du-lieu-ca-nhan/yeu-cau/",
        f"/admin/du-lieu-ca-nhan/yeu-cau/{item.pk}/",
        f"/admin/du-lieu-ca-nhan/yeu-cau/{item.pk}/ban-sao.json",
        f"/admin/du-lieu-ca-nhan/yeu-cau/{item.pk}/ban-sao.docx",
        "/admin/du-lieu-ca-nhan/luu-tru/",
        "/admin/du-lieu-ca-nhan/ho-so-danh-gia-tac-dong.docx",
        f"/admin/du-lieu-ca-nhan/vi-pham/{breach.pk}/thong-bao/",
        "/admin/du-lieu-ca-nhan/thong-bao/",
        "/admin/du-lieu-ca-nhan/thong-bao/new/",
        "/admin/du-lieu-ca-nhan/dong-y/",
        "/admin/du-lieu-ca-nhan/so-dang-ky/",
        f"/admin/du-lieu-ca-nhan/so-dang-ky/edit/{activity.pk}/",
        "/admin/du-lieu-ca-nhan/quy-tac-luu-tru/",
        "/admin/du-lieu-ca-nhan/vi-pham/",
        f"/admin/du-lieu-ca-nhan/vi-pham/edit/{breach.pk}/",
    ]


@pytest.mark.parametrize("who", ["outsider_user", "handler_user", "editor_user", "leader_user"])
def test_everyone_but_the_office_is_refused_on_every_screen(client, request, records, who):
    client.force_login(request.getfixturevalue(who))
    for url in screens(*records):
        response = client.get(url)
        assert response.status_code in (302, 403), (who, url, response.status_code)
    post = client.post(f"/admin/du-lieu-ca-nhan/yeu-cau/{records[2].pk}/xac-nhan/")
    assert post.status_code in (302, 403)
    if post.status_code == 302:
        assert post["Location"].startswith("/admin/login/") or "/yeu-cau/" not in post["Location"]
    assert RightsRequest.objects.get().status == "received"
    lift = client.post(f"/admin/du-lieu-ca-nhan/yeu-cau/{records[2].pk}/go-han-che/", {"reason": "thử"})
    assert lift.status_code in (302, 403) and RightsRequest.objects.get().history == []


def test_the_office_opens_every_screen(client, office_user, records):
    client.force_login(office_user)
    for url in screens(*records):
        assert client.get(url).status_code == 200, url


def test_notices_and_consent_evidence_cannot_be_edited_or_deleted(client, office_user, notice):
    client.force_login(office_user)
    assert client.get(f"/admin/du-lieu-ca-nhan/thong-bao/edit/{notice.pk}/").status_code in (302, 403, 404)
    assert client.get(f"/admin/du-lieu-ca-nhan/thong-bao/delete/{notice.pk}/").status_code in (302, 403, 404)


def test_the_dpia_dossier_is_built_from_the_live_register(client, office_user, records):
    client.force_login(office_user)
    response = client.get("/admin/du-lieu-ca-nhan/ho-so-danh-gia-tac-dong.docx")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG" in text and "Giải quyết phản ánh, kiến nghị" in cells
    assert "Thông tin liên hệ trong vụ việc đã đóng: 730 ngày" in text


def test_the_breach_notification_is_drafted_from_the_entry_with_its_clock(client, office_user, records):
    from privacy.reminders import remind_breaches

    client.force_login(office_user)
    breach = records[1]
    page = client.get(f"/admin/du-lieu-ca-nhan/vi-pham/{breach.pk}/thong-bao/").content.decode()
    assert "Lộ danh sách cộng tác viên" in page and "40" in page and "72 giờ" in page
    office_user.email = "dpo@example.invalid"
    office_user.save()
    assert remind_breaches() == 1 and remind_breaches() == 0  # every 6 hours, not every run
