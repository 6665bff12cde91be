"""The generic back-office screens cannot bypass the cycle: edits are logged, signals are recorded
through create_signal, and a signal's status or case changes only on the intake queue."""

import pytest
from django.urls import reverse
from django.utils import timezone

from opinions.models import Case, CaseEvent, Field, Signal

pytestmark = pytest.mark.django_db


def case_form(case, **changes):
    data = {
        "title": case.title,
        "summary": case.summary,
        "kind": case.kind,
        "field": case.field_id or "",
        "area": case.area_id or "",
        "urgency": case.urgency,
    }
    if case.is_public:
        data["is_public"] = "on"
    data.update(changes)
    return data


def test_it_logs_each_field_a_handler_changes_on_the_case(client, handler_user, case_factory):
    case = case_factory(title="Đường hư hỏng")
    health = Field.objects.get(code="y-te")
    client.force_login(handler_user)
    response = client.post(
        reverse("cases:edit", args=[case.pk]),
        case_form(case, title="Đường liên xã hư hỏng nặng", field=health.pk),
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Đường liên xã hư hỏng nặng" and case.field == health
    events = {e.note: e for e in CaseEvent.objects.filter(case=case, action=CaseEvent.Action.EDITED)}
    assert set(events) == {"Sửa trực tiếp: tiêu đề", "Sửa trực tiếp: lĩnh vực"}
    title = events["Sửa trực tiếp: tiêu đề"]
    assert (title.from_value, title.to_value, title.actor) == (
        "Đường hư hỏng",
        "Đường liên xã hư hỏng nặng",
        handler_user,
    )
    assert events["Sửa trực tiếp: lĩnh vực"].to_value == str(health)
    # The change log on the case shows them.
    page = client.get(reverse("cycle:case_detail", args=[case.pk])).content.decode()
    assert "Sửa thông tin" in page and "Đường liên xã hư hỏng nặng" in page


def test_it_logs_nothing_when_nothing_changed(client, office_user, case_factory):
    case = case_factory()
    client.force_login(office_user)
    assert client.post(reverse("cases:edit", args=[case.pk]), case_form(case)).status_code == 302
    assert not CaseEvent.objects.filter(case=case, action=CaseEvent.Action.EDITED).exists()


def test_it_sends_the_generic_signal_add_screen_to_the_recording_screen(client, office_user):
    client.force_login(office_user)
    before = Signal.objects.count()
    response = client.post(reverse("signals:add"), {"channel": "hotline", "kind": "report", "text": "Gọi điện"})
    assert response.status_code == 302 and response["Location"] == reverse("cycle:signal_record")
    assert Signal.objects.count() == before


def test_it_keeps_status_and_case_off_the_signal_edit_form(client, office_user, case_factory):
    case = case_factory()
    signal = case.signals.get()
    client.force_login(office_user)
    page = client.get(reverse("signals:edit", args=[signal.pk])).content.decode()
    assert 'name="text"' in page
    assert 'name="status"' not in page and 'name="case"' not in page
    other = Case.objects.create(title="Vụ việc khác", status=Case.Status.ASSIGNED)
    form = {
        "channel": signal.channel,
        "kind": signal.kind,
        "text": signal.text + " Bổ sung.",
        "received_at": timezone.localtime(signal.received_at).strftime("%d/%m/%Y %H:%M"),
        "field": signal.field_id,
        "area": signal.area_id,
        "urgency": signal.urgency,
        "reporter_name": signal.reporter_name,
        "reporter_phone": signal.reporter_phone,
        "consent_personal_data": "on",
        "status": "rejected",
        "case": other.pk,
    }
    response = client.post(reverse("signals:edit", args=[signal.pk]), form)
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.text.endswith("Bổ sung.")
    edited = CaseEvent.objects.get(signal=signal, action=CaseEvent.Action.EDITED, note="Sửa trực tiếp: nội dung")
    assert edited.to_value.endswith("Bổ sung.") and edited.case == case
    assert signal.status == Signal.Status.ATTACHED and signal.case == case
