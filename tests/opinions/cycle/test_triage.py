"""The opinion office's queue: classify, open a case, attach, duplicate, reject; who may do it."""

import pytest
from django.urls import reverse

from opinions.models import Area, Case, Field, RoutingRule, Signal, Unit
from opinions.services import create_signal

pytestmark = pytest.mark.django_db


def make_signal(text="Rác thải tồn đọng ở chợ Đà Lạt nhiều ngày, bốc mùi hôi.", field="moi-truong", key=None, **extra):
    signal, _ = create_signal(
        channel="web",
        kind="report",
        text=text,
        field=Field.objects.get(code=field),
        area=Area.objects.get(code="24781"),
        submission_key=key,
        **extra,
    )
    return signal


def test_it_lists_new_signals_for_the_office_with_few_queries(client, office_user, django_assert_max_num_queries):
    for i in range(6):
        make_signal(key=f"k{i}")
    client.force_login(office_user)
    # 16: one more for the unread count of the menu item "Thông báo"
    with django_assert_max_num_queries(16):
        page = client.get(reverse("cycle:signal_queue"))
    assert page.status_code == 200 and page.content.decode().count("LD-") >= 6


def test_it_refuses_the_queue_to_handlers_and_outsiders(client, handler_user, outsider_user):
    signal = make_signal()
    for user in (handler_user, outsider_user):
        client.force_login(user)
        assert client.get(reverse("cycle:signal_queue")).status_code in (302, 403)
        response = client.post(
            reverse("cycle:signal_triage", args=[signal.pk]), {"action": "reject", "reason": "x" * 20}
        )
        assert response.status_code in (302, 403)
    signal.refresh_from_db()
    assert signal.status == Signal.Status.NEW


def test_it_classifies_opens_and_assigns_by_the_routing_rule(client, office_user):
    signal = make_signal()
    unit = Unit.objects.get(code="ubnd-22918")
    RoutingRule.objects.create(field=Field.objects.get(code="moi-truong"), area=signal.area, unit=unit)
    client.force_login(office_user)
    page = client.get(reverse("cycle:signal_triage", args=[signal.pk])).content.decode()
    assert str(unit) in page
    client.post(
        reverse("cycle:signal_triage", args=[signal.pk]),
        {
            "action": "classify",
            "kind": "report",
            "field": signal.field_id,
            "area": signal.area_id,
            "urgency": "pressing",
        },
    )
    response = client.post(
        reverse("cycle:signal_triage", args=[signal.pk]), {"action": "open", "title": "Rác ở chợ", "unit": unit.pk}
    )
    case = Case.objects.get()
    assert response.url == reverse("cycle:case_detail", args=[case.pk])
    assert case.assigned_unit == unit and case.urgency == "pressing" and case.deadline and case.assigned_at
    signal.refresh_from_db()
    assert signal.case == case and signal.status == Signal.Status.ATTACHED
    assert [e.action for e in signal.events.all()] == ["classified", "opened"]
    assert case.events.filter(action="assigned", actor=office_user).exists()


def test_it_suggests_similar_open_cases_and_attaches(client, office_user, case_factory):
    case = case_factory(title="Đường Trần Phú nhiều ổ gà")
    signal = make_signal(text="Đường Trần Phú có nhiều ổ gà lớn, xe máy dễ ngã.", field="giao-thong-ha-tang")
    client.force_login(office_user)
    page = client.get(reverse("cycle:signal_triage", args=[signal.pk])).content.decode()
    assert case.code in page
    client.post(reverse("cycle:signal_triage", args=[signal.pk]), {"action": "attach", "case_code": case.code})
    signal.refresh_from_db()
    assert signal.case == case and case.events.filter(action="attached").exists()


def test_it_marks_a_duplicate_so_it_follows_the_original(client, office_user, case_factory):
    original = case_factory().signals.get()
    again = make_signal(key="again")
    client.force_login(office_user)
    client.post(
        reverse("cycle:signal_triage", args=[again.pk]),
        {"action": "duplicate", "original_code": original.tracking_code},
    )
    again.refresh_from_db()
    assert again.status == Signal.Status.DUPLICATE and again.duplicate_of == original and again.case == original.case


def test_it_rejects_only_with_a_stated_reason(client, office_user):
    signal = make_signal(reporter_email="dan@example.invalid", consent_personal_data=True)
    client.force_login(office_user)
    response = client.post(
        reverse("cycle:signal_triage", args=[signal.pk]), {"action": "reject", "reason": "không"}, follow=True
    )
    assert "Xin nêu rõ lý do từ chối" in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == Signal.Status.NEW
    reason = "Nội dung không thuộc thẩm quyền, đề nghị gửi Tòa án nhân dân."
    client.post(reverse("cycle:signal_triage", args=[signal.pk]), {"action": "reject", "reason": reason})
    signal.refresh_from_db()
    assert signal.status == Signal.Status.REJECTED and signal.status_note == reason
    track = client.get(reverse("opinions:feedback_track"), {"ma": signal.tracking_code}).content.decode()
    assert reason in track and "dan@example.invalid" not in track
