"""A unit handles its case: notes, draft, submit; the office approves or sends back; all logged."""

import pytest
from django.urls import reverse

from opinions.cycle import services as workflow
from opinions.models import Case, Response, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_case(case_factory, office_user):
    case = case_factory()
    Case.objects.filter(pk=case.pk).update(status=Case.Status.NEW, assigned_unit=None)
    case.refresh_from_db()
    workflow.assign_case(office_user, case, Unit.objects.get(code="ubnd-24781"))
    case.refresh_from_db()
    return case


def test_it_takes_a_case_from_assignment_to_an_approved_answer(client, handler_user, office_user, new_case):
    url = reverse("cycle:case_detail", args=[new_case.pk])
    client.force_login(handler_user)
    client.post(url, {"action": "note", "text": "Đã kiểm tra hiện trường, lập kế hoạch vá đường."})
    text = "UBND phường đã vá các ổ gà trên đường Trần Phú ngày 20/11; xin cảm ơn ý kiến của anh, chị."
    client.post(url, {"action": "submit", "text": text})
    response = Response.objects.get(case=new_case)
    assert response.status == Response.Status.SUBMITTED and response.author == handler_user
    client.force_login(office_user)
    client.post(url, {"action": "return", "response": response.pk, "note": "Ghi rõ ngày hoàn thành."})
    assert Response.objects.get().status == Response.Status.RETURNED
    client.force_login(handler_user)
    client.post(url, {"action": "submit", "text": text + " Hoàn thành ngày 20/11/2026."})
    client.force_login(office_user)
    client.post(url, {"action": "approve", "response": response.pk})
    new_case.refresh_from_db()
    assert new_case.status == Case.Status.ANSWERED and new_case.answered_at
    actions = list(new_case.events.values_list("action", flat=True))
    assert actions[:1] == ["assigned"] and actions[-1] == "approved"
    assert {"note", "submitted", "returned"} <= set(actions)
    page = client.get(url).content.decode()
    assert "Phê duyệt trả lời" in page and "Ghi rõ ngày hoàn thành." in page


def test_it_lets_a_handler_neither_see_nor_change_another_units_case(client, other_handler_user, new_case):
    client.force_login(other_handler_user)
    url = reverse("cycle:case_detail", args=[new_case.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "note", "text": "Xen ngang"}).status_code == 404
    with pytest.raises(workflow.PermissionDenied):
        workflow.add_note(other_handler_user, new_case, "Xen ngang")
    assert not new_case.events.filter(action="note").exists()


def test_it_refuses_the_case_screens_to_an_outsider(client, outsider_user, new_case):
    client.force_login(outsider_user)
    for name, args in (("cycle:case_detail", [new_case.pk]), ("cycle:case_list", []), ("cycle:signal_record", [])):
        response = client.get(reverse(name, args=args))
        assert response.status_code in (302, 403, 404) and "Đường hư hỏng" not in response.content.decode()


def test_it_keeps_approval_for_the_office(client, handler_user, new_case):
    draft = workflow.draft_response(handler_user, new_case, "Nội dung trả lời đầy đủ cho người dân.", submit=True)
    client.force_login(handler_user)
    client.post(reverse("cycle:case_detail", args=[new_case.pk]), {"action": "approve", "response": draft.pk})
    draft.refresh_from_db()
    assert draft.status == Response.Status.SUBMITTED


def test_it_transfers_with_a_reason_and_logs_from_and_to(office_user, new_case):
    other = Unit.objects.get(code="ubnd-22918")
    with pytest.raises(workflow.WorkflowError):
        workflow.transfer_case(office_user, new_case, other, "")
    workflow.transfer_case(office_user, new_case, other, "Địa điểm thuộc phường Mũi Né.")
    event = new_case.events.get(action="transferred")
    assert event.from_value == "UBND Phường Xuân Hương - Đà Lạt" or "Xuân Hương" in event.from_value
    assert "Mũi Né" in event.to_value and event.note == "Địa điểm thuộc phường Mũi Né."


def test_it_lists_the_units_cases_with_few_queries(client, handler_user, case_factory, django_assert_max_num_queries):
    for i in range(5):
        case_factory(title=f"Vụ việc {i}")
    case_factory("ubnd-22918", title="Không phải của tôi")
    client.force_login(handler_user)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("cycle:case_list")).content.decode()
    assert "Vụ việc 4" in page and "Không phải của tôi" not in page
