"""The case page renders for every staff role once the citizen has rated the answer and asked for a
review: history rows written by the citizen (no officer) are shown as "Người dân"."""

import pytest
from django.urls import reverse

from opinions.cycle import services as workflow
from opinions.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated_and_reopened(case_factory, office_user, client):
    case = case_factory(title="Rác thải tồn đọng chợ Đà Lạt")
    draft = workflow.draft_response(office_user, case, "Công ty môi trường đã thu gom ngày 20/11/2026.", submit=True)
    workflow.approve_response(office_user, draft)
    signal = case.signals.get()
    client.post(reverse("opinions:feedback_rate"), {"ma": signal.tracking_code, "rating": "unsatisfied"})
    client.post(reverse("opinions:feedback_reopen"), {"ma": signal.tracking_code, "reason": "Rác lại tồn đọng."})
    case.refresh_from_db()
    assert case.events.filter(action="rated", actor=None).exists()
    assert case.events.filter(action="reopened", actor=None).exists()
    return case


@pytest.mark.parametrize("persona", ["office_user", "handler_user", "leader_user"])
def test_it_renders_the_case_page_after_a_rating_and_a_review_request(request, rated_and_reopened, persona):
    user = request.getfixturevalue(persona)
    if persona == "handler_user":
        Case.objects.filter(pk=rated_and_reopened.pk).update(assigned_unit=user.staff_profile.unit)
    from django.test import Client

    staff = Client()
    staff.force_login(user)
    response = staff.get(reverse("cycle:case_detail", args=[rated_and_reopened.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Người dân đánh giá" in page and "Người dân" in page
