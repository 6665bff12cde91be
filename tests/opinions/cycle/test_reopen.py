"""Reopening is a step of the cycle: new deadline, unit and office told, earlier answers kept and
shown, the citizen's rating and reason readable by staff, and counted in the on-time report."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from opinions.cycle import services as workflow
from opinions.models import Case, Notification, OutgoingEmail
from reports.ontime import measure

pytestmark = pytest.mark.django_db

FIRST = "UBND phường đã vá ổ gà trước số 12 Trần Phú ngày 25/11/2026."
SECOND = "UBND phường đã thảm lại toàn bộ đoạn đường trước số 12 Trần Phú ngày 02/12/2026."


@pytest.fixture
def answered(case_factory, office_user, handler_user):
    office_user.email, handler_user.email = "vanphong@example.invalid", "canbo@example.invalid"
    office_user.save()
    handler_user.save()
    case = case_factory(title="Ổ gà Trần Phú")
    workflow.approve_response(office_user, workflow.draft_response(handler_user, case, FIRST, submit=True))
    case.refresh_from_db()
    return case


def reopen(client, signal, reason="Ổ gà lại xuất hiện sau một tuần, chưa sửa triệt để."):
    client.post(
        reverse("opinions:feedback_rate"),
        {"ma": signal.tracking_code, "rating": "unsatisfied", "comment": "Chưa sửa xong."},
    )
    return client.post(reverse("opinions:feedback_reopen"), {"ma": signal.tracking_code, "reason": reason}, follow=True)


def test_it_gives_a_new_deadline_and_tells_unit_and_office(client, answered, office_user, handler_user):
    signal = answered.signals.get()
    page = reopen(client, signal).content.decode()
    answered.refresh_from_db()
    assert answered.status == Case.Status.IN_PROGRESS and answered.reopen_count == 1
    assert answered.deadline == workflow.compute_deadline(answered.kind, answered.urgency)
    mail = OutgoingEmail.objects.get(subject__startswith="Đề nghị xem xét lại")
    assert "canbo@example.invalid" in mail.to and "vanphong@example.invalid" in mail.to
    assert "Ổ gà lại xuất hiện" in mail.body
    kinds = set(
        Notification.objects.filter(case=answered, kind="reopened").values_list("recipient__username", flat=True)
    )
    assert kinds == {office_user.username, handler_user.username}
    # The citizen: a confirmation, the new deadline, and the earlier answer still there.
    assert "Đã nhận đề nghị xem xét lại" in page and answered.deadline.strftime("%d/%m/%Y") in page
    assert FIRST in page


def test_staff_read_the_rating_and_the_reason_and_answer_again(client, answered, office_user, handler_user):
    signal = answered.signals.get()
    reopen(client, signal)
    client.force_login(handler_user)
    home = client.get("/admin/").content.decode()
    assert "Người dân đề nghị xem xét lại" in home
    case_page = client.get(reverse("cycle:case_detail", args=[answered.pk])).content.decode()
    assert "Không hài lòng" in case_page and "Chưa sửa xong." in case_page and "Ổ gà lại xuất hiện" in case_page
    assert not Notification.objects.filter(recipient=handler_user, case=answered, read_at__isnull=True).exists()
    workflow.approve_response(office_user, workflow.draft_response(handler_user, answered, SECOND, submit=True))
    page = client.get(reverse("opinions:feedback_track"), {"ma": signal.tracking_code}).content.decode()
    assert FIRST in page and SECOND in page and "Trả lời lần 2" in page
    assert "Gửi đánh giá" in page  # the new answer may be rated
    assert "Đề nghị xem xét lại (một lần)" not in page


def test_the_ontime_report_counts_satisfaction_and_reopening(client, answered, case_factory, office_user):
    signal = answered.signals.get()
    reopen(client, signal)
    other = case_factory(title="Đèn đường hỏng")
    workflow.approve_response(office_user, workflow.draft_response(office_user, other, FIRST, submit=True))
    workflow.rate_answer(other.signals.get(), "satisfied")
    workflow.approve_response(office_user, workflow.draft_response(office_user, answered, SECOND, submit=True))
    today = timezone.localdate()
    Case.objects.update(deadline=today + datetime.timedelta(days=3))
    overall, ranking, _ = measure(today - datetime.timedelta(days=1), today)
    assert (overall.answered, overall.rated, overall.satisfied, overall.reopened) == (2, 2, 1, 1)
    assert overall.satisfaction_rate == 50.0 and overall.reopen_rate == 50.0
    client.force_login(office_user)
    assert "Tỷ lệ hài lòng" in client.get(reverse("reports:ontime_report")).content.decode()


def test_the_main_menu_leads_to_tracking_and_answered_cases(client):
    page = client.get(reverse("opinions:feedback_track")).content.decode()
    nav = page.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert "Tra cứu" in nav and "Các ý kiến đã được trả lời" in nav
    assert reverse("opinions:answered_list") in nav
