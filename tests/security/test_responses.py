"""Holes 1 and 2 of issue 18: an approved answer never changes, and the generic Responses screens
offer and accept only the handler's own cases, with the author set and the history written."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opinions.cycle import services as workflow
from opinions.models import Case, CaseEvent, Response

pytestmark = pytest.mark.django_db
TEXT = "Đơn vị đã cho sửa chữa đoạn đường, dự kiến xong trong tháng."


def approved(case, office_user, handler_user):
    draft = workflow.draft_response(handler_user, case, TEXT, submit=True)
    return workflow.approve_response(office_user, draft)


def test_it_refuses_to_edit_an_approved_answer_on_the_generic_screen(client, handler_user, office_user, case_factory):
    answer = approved(case_factory(), office_user, handler_user)
    for user in (handler_user, office_user):
        client.force_login(user)
        response = client.post(reverse("responses:edit", args=[answer.pk]), {"text": "Nội dung khác hẳn, sửa lén."})
        assert response.status_code == 302
        assert client.get(reverse("responses:edit", args=[answer.pk])).status_code == 302
        assert client.post(reverse("responses:delete", args=[answer.pk])).status_code == 404
    answer.refresh_from_db()
    assert answer.text == TEXT and answer.status == Response.Status.APPROVED


def test_the_model_itself_refuses_to_change_an_approved_answer(handler_user, office_user, case_factory):
    answer = approved(case_factory(), office_user, handler_user)
    answer.text = "Sửa bằng mã lệnh."
    with pytest.raises(ValidationError):
        answer.save()
    with pytest.raises(ValidationError):
        Response.objects.get(pk=answer.pk).delete()


def test_a_correction_is_a_new_answer_through_approval_and_in_the_history(
    client, handler_user, office_user, case_factory
):
    case = case_factory()
    first = approved(case, office_user, handler_user)
    client.force_login(handler_user)
    correction = "Đính chính: đơn vị đã sửa xong đoạn đường trong tháng này."
    response = client.post(reverse("responses:add"), {"case": case.pk, "text": correction})
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = Response.objects.exclude(pk=first.pk).get(case=case)
    assert draft.author == handler_user and draft.status == Response.Status.DRAFT
    assert workflow.approved_answer(case) == first  # the public still reads the approved one
    assert CaseEvent.objects.filter(case=case, note__startswith="Đính chính").exists()
    draft.status = Response.Status.SUBMITTED
    draft.save()
    workflow.approve_response(office_user, draft)
    assert workflow.approved_answer(case).text == correction
    first.refresh_from_db()
    assert first.text == TEXT


def test_a_handler_can_neither_pick_nor_post_another_units_case(client, handler_user, other_handler_user, case_factory):
    mine = case_factory()
    theirs = case_factory(unit_code="ubnd-22918", title="Ngập nước ở Mũi Né")
    client.force_login(handler_user)
    page = client.get(reverse("responses:add")).content.decode()
    assert mine.code in page and theirs.code not in page
    response = client.post(reverse("responses:add"), {"case": theirs.pk, "text": TEXT})
    assert response.status_code == 200
    assert not Response.objects.filter(case=theirs).exists()
    # Moving one's own draft to the other case: the case is not a field of the edit screen.
    draft = workflow.draft_response(handler_user, mine, TEXT)
    client.post(reverse("responses:edit", args=[draft.pk]), {"case": theirs.pk, "text": TEXT + " (sửa)"})
    draft.refresh_from_db()
    assert draft.case == mine and draft.text.endswith("(sửa)")
    assert Case.objects.get(pk=theirs.pk).responses.count() == 0
