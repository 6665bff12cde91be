"""Rights requests from the public form to completion, for each kind, with the legal clocks."""

import datetime
import json

import pytest
from django.test import override_settings

from opinions.models import Signal
from privacy import clocks, services
from privacy.models import ConsentRecord, RequestKind, RightsRequest

from .conftest import EMAIL, NAME, PHONE, feedback
from .support import ask, last_code, office_action

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_wrong_contact_is_refused_and_nothing_is_created(client, notice):
    signal = feedback(client)
    response = client.post(
        "/du-lieu-ca-nhan/yeu-cau/",
        {"kind": "access", "tracking_code": signal.tracking_code, "contact": "ai-do@example.invalid"},
    )
    assert response.status_code == 400 and "không khớp với hồ sơ" in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_a_wrong_code_five_times_locks_the_request(client, notice):
    signal = feedback(client)
    client.post(
        "/du-lieu-ca-nhan/yeu-cau/", {"kind": "access", "tracking_code": signal.tracking_code, "contact": EMAIL}
    )
    item = RightsRequest.objects.get()
    url = f"/du-lieu-ca-nhan/yeu-cau/{item.token}/"
    for _ in range(5):
        assert "Mã xác minh không đúng" in client.post(url, {"code": "000000"}).content.decode()
    page = client.post(url, {"code": last_code(EMAIL)}).content.decode()
    assert "hết lượt" in page
    item.refresh_from_db()
    assert item.status == RightsRequest.Status.UNVERIFIED


@pytest.mark.parametrize("kind", [k for k, _ in RequestKind.choices])
def test_each_kind_goes_from_the_public_form_to_completion(client, office_user, notice, kind):
    signal = feedback(client)
    contact = PHONE if kind == "object" else EMAIL  # one path through the SMS sender
    item = ask(client, signal, kind, contact, details="Xin sửa tên thành Trần Thị Ngọc Bích")
    assert item.ack_due and item.due == clocks.completion_due(kind, item.received_on)
    citizen = client
    staff = type(client)()
    staff.force_login(office_user)
    assert item.reference in staff.get("/admin/du-lieu-ca-nhan/yeu-cau/").content.decode()
    office_action(staff, item, "xac-nhan")
    assert item.status == RightsRequest.Status.ACKNOWLEDGED
    if kind == "delete":
        office_action(staff, item, "thuc-hien")
        assert item.status == RightsRequest.Status.ACKNOWLEDGED  # not approved yet: refused
        office_action(staff, item, "duyet-xoa")
    extra = {"old": NAME, "new": "Trần Thị Ngọc Bích"} if kind == "correct" else {}
    office_action(staff, item, "thuc-hien", **extra)
    assert item.status == RightsRequest.Status.DONE and item.outcome
    page = citizen.get(f"/du-lieu-ca-nhan/yeu-cau/{item.token}/").content.decode()
    assert "Đã thực hiện" in page
    signal.refresh_from_db()
    record = ConsentRecord.objects.get(object_id=signal.pk)
    if kind == "correct":
        assert signal.reporter_name == "Trần Thị Ngọc Bích" and NAME not in signal.text
    if kind in ("delete", "withdraw"):
        assert not signal.has_personal_data and record.withdrawn_at
    if kind == "restrict":
        assert record.restricted_at
    if kind == "object":
        assert record.objected_at
    if kind == "access":
        copy = citizen.get(f"/du-lieu-ca-nhan/yeu-cau/{item.token}/ban-sao.json")
        assert copy.status_code == 200 and NAME in copy.content.decode("utf-8")
        assert citizen.get(f"/du-lieu-ca-nhan/yeu-cau/{item.token}/ban-sao.docx").status_code == 200
        assert type(client)().get(f"/du-lieu-ca-nhan/yeu-cau/{item.token}/ban-sao.json").status_code == 404


def test_a_refusal_needs_a_legal_ground_and_the_requester_reads_it(client, office_user, notice):
    item = ask(client, feedback(client), "delete", EMAIL)
    staff = type(client)()
    staff.force_login(office_user)
    office_action(staff, item, "tu-choi", note="Hồ sơ khiếu nại đang giải quyết.")
    assert item.status == RightsRequest.Status.RECEIVED  # no ground: nothing changed
    office_action(staff, item, "tu-choi", ground="legal_hold", note="Hồ sơ khiếu nại đang giải quyết.")
    assert item.status == RightsRequest.Status.REFUSED
    page = client.get(f"/du-lieu-ca-nhan/yeu-cau/{item.token}/").content.decode()
    assert "Đang giải quyết khiếu nại, tố cáo theo luật" in page and "Hồ sơ khiếu nại đang giải quyết." in page
    assert Signal.objects.get().has_personal_data


def test_one_extension_only_within_the_kinds_limit(client, office_user, notice):
    item = ask(client, feedback(client), "access", EMAIL)
    staff = type(client)()
    staff.force_login(office_user)
    due = item.due
    office_action(staff, item, "gia-han", days=11, reason="Dữ liệu nhiều")
    assert item.due == due  # over the 10 days allowed
    office_action(staff, item, "gia-han", days=5, reason="Dữ liệu nhiều")
    assert item.due > due and item.is_extended
    later = item.due
    office_action(staff, item, "gia-han", days=2, reason="Lần nữa")
    assert item.due == later


def test_the_clocks_skip_a_weekend():
    friday = datetime.date(2026, 12, 4)
    assert clocks.ack_due(friday) == datetime.date(2026, 12, 8)
    assert clocks.completion_due(RequestKind.ACCESS, friday) == datetime.date(2026, 12, 18)
    assert clocks.completion_due(RequestKind.DELETE, friday) == datetime.date(2027, 1, 4)  # 1/1 is a holiday


def test_the_clocks_skip_tet():
    before_tet = datetime.date(2027, 2, 3)  # Tết Đinh Mùi: 4–10/2/2027 off
    assert clocks.ack_due(before_tet) == datetime.date(2027, 2, 12)
    assert clocks.completion_due(RequestKind.ACCESS, before_tet) == datetime.date(2027, 2, 24)
    assert clocks.completion_due(RequestKind.WITHDRAW, before_tet) == datetime.date(2027, 3, 3)
    assert clocks.completion_due(RequestKind.DELETE, before_tet) == datetime.date(2027, 3, 10)
    with override_settings(PRIVACY_REQUEST_DAYS="calendar"):
        assert clocks.completion_due(RequestKind.DELETE, before_tet) == datetime.date(2027, 2, 23)
        assert clocks.ack_due(before_tet) == datetime.date(2027, 2, 12)  # always working days


def test_a_request_verified_before_tet_gets_its_dates_after_it(client, notice):
    signal = feedback(client)
    services.start_request(kind="delete", tracking_code=signal.tracking_code, contact=EMAIL)
    item = RightsRequest.objects.get()
    services.verify(item, last_code(EMAIL), today=datetime.date(2027, 2, 3))
    item.refresh_from_db()
    assert (item.ack_due, item.due) == (datetime.date(2027, 2, 12), datetime.date(2027, 3, 10))


def test_reminders_and_escalation_reach_the_office_once_a_day(client, office_user, notice):
    from opinions.models import OutgoingEmail
    from privacy.reminders import remind_requests

    office_user.email = "dpo@example.invalid"
    office_user.save()
    item = ask(client, feedback(client), "access", EMAIL)
    assert remind_requests(today=item.received_on) == (1, 0)  # acknowledgement due within 2 days
    assert remind_requests(today=item.received_on) == (0, 0)
    late = item.ack_due + datetime.timedelta(days=1)
    assert remind_requests(today=late) == (0, 1)
    mail = OutgoingEmail.objects.filter(subject__contains="QUÁ HẠN").get()
    assert item.reference in mail.body and "dpo@example.invalid" in mail.to
    assert json.dumps(RightsRequest.objects.get().history, ensure_ascii=False).count("Báo quá hạn") == 1


def test_codes_and_results_by_sms_go_through_the_channels_outbox_once(client, office_user, notice):
    from opinions.models import OutgoingMessage

    signal = feedback(client, email="")  # a phone only: every message goes by SMS
    item = ask(client, signal, "restrict", PHONE)
    codes = OutgoingMessage.objects.filter(channel="sms", key__startswith=f"privacy:{item.reference}:otp:")
    assert codes.count() == 1 and codes.get().signal == signal
    assert "Ma xac minh" in codes.get().text  # the SMS channel sends unaccented text
    staff = type(client)()
    staff.force_login(office_user)
    office_action(staff, item, "xac-nhan")
    services.notify_requester(item, "Đã tiếp nhận", "lần nữa", "acknowledged")  # the same event again
    office_action(staff, item, "thuc-hien")
    results = OutgoingMessage.objects.filter(
        key__in=[f"privacy:{item.reference}:{e}" for e in ("acknowledged", "done")]
    )
    assert results.count() == 2 and {m.to for m in results} == {signal.reporter_phone}
    assert OutgoingMessage.objects.filter(key__startswith=f"privacy:{item.reference}:").count() == 3


D = datetime.date
# Verified on Friday 04/12/2026 (a weekend next; 01/01/2027 a holiday) and on Wednesday 03/02/2027
# (Tết Đinh Mùi 04–10/02/2027 off): acknowledgement 2 working days; 10, 15 or 20 working days to finish.
DEADLINES = {
    "inform": (D(2026, 12, 18), D(2027, 2, 24)),
    "access": (D(2026, 12, 18), D(2027, 2, 24)),
    "correct": (D(2026, 12, 18), D(2027, 2, 24)),
    "withdraw": (D(2026, 12, 25), D(2027, 3, 3)),
    "restrict": (D(2026, 12, 25), D(2027, 3, 3)),
    "object": (D(2026, 12, 25), D(2027, 3, 3)),
    "delete": (D(2027, 1, 4), D(2027, 3, 10)),
}


@pytest.mark.parametrize("kind", sorted(DEADLINES))
@pytest.mark.parametrize("when", ["weekend", "tet"])
def test_each_kind_across_a_weekend_and_tet_to_completion(client, office_user, notice, kind, when):
    signal = feedback(client)
    services.start_request(kind=kind, tracking_code=signal.tracking_code, contact=EMAIL)
    item = RightsRequest.objects.get()
    day = D(2026, 12, 4) if when == "weekend" else D(2027, 2, 3)
    services.verify(item, last_code(EMAIL), today=day)
    item.refresh_from_db()
    ack = D(2026, 12, 8) if when == "weekend" else D(2027, 2, 12)
    assert (item.ack_due, item.due) == (ack, DEADLINES[kind][0 if when == "weekend" else 1])
    services.acknowledge(item, office_user)
    if kind == "delete":
        services.approve(item, office_user)
    services.carry_out(item, office_user, old=NAME, new="Trần Thị Ngọc Bích")
    item.refresh_from_db()
    assert item.status == RightsRequest.Status.DONE and item.completed_at and item.outcome
