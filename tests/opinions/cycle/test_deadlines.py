"""Hạn xử lý in working days: weekends, Tết, days in lieu, extensions and pauses."""

import datetime

import pytest

from opinions.cycle import services as workflow
from opinions.cycle.deadlines import add_working_days, is_working_day, working_days_between
from opinions.models import Case, DeadlinePolicy, Unit

D = datetime.date


def test_it_skips_the_weekend():
    friday = D(2026, 11, 27)
    assert add_working_days(friday, 1) == D(2026, 11, 30)
    assert add_working_days(friday, 10) == D(2026, 12, 11)


def test_it_skips_the_whole_tet_break():
    # Tết Đinh Mùi 2027: Thu 4/2 to Wed 10/2 are days off, with the weekend inside.
    assert add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 11)
    assert not any(is_working_day(D(2027, 2, day)) for day in range(4, 11))
    assert add_working_days(D(2027, 1, 29), 10) == D(2027, 2, 19)


def test_it_counts_a_saturday_worked_in_exchange_for_a_bridge_day():
    # Mon 31/8/2026 is off in exchange for Sat 22/8/2026, which is worked.
    assert is_working_day(D(2026, 8, 22)) and not is_working_day(D(2026, 8, 31))
    assert add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)


def test_it_measures_working_days_between_two_dates():
    assert working_days_between(D(2026, 11, 27), D(2026, 11, 30)) == 1
    assert working_days_between(D(2026, 4, 29), D(2026, 5, 4)) == 1
    assert working_days_between(D(2026, 5, 4), D(2026, 4, 29)) == 0


@pytest.mark.django_db
def test_it_uses_the_policy_set_in_the_back_office():
    workflow.seed_deadline_policies()
    start = D(2026, 11, 27)
    assert workflow.compute_deadline("report", "normal", start) == D(2026, 12, 11)
    # Complaints count calendar days (Luật Khiếu nại, Art. 28).
    assert workflow.compute_deadline("complaint", "normal", start) == D(2026, 12, 27)
    assert workflow.compute_deadline("report", "urgent", start) == D(2026, 11, 30)
    DeadlinePolicy.objects.filter(kind="report", urgency="").update(days=5)
    assert workflow.compute_deadline("report", "normal", start) == D(2026, 12, 4)


@pytest.mark.django_db
def test_it_moves_the_deadline_by_an_approved_extension(office_user, handler_user):
    case = Case.objects.create(
        title="Đường hỏng",
        assigned_unit=Unit.objects.get(code="ubnd-24781"),
        status=Case.Status.IN_PROGRESS,
        deadline=D(2027, 2, 3),
        original_deadline=D(2027, 2, 3),
    )
    extension = workflow.request_extension(handler_user, case, 2, "Cần khảo sát hiện trường cùng Sở Xây dựng.")
    workflow.decide_extension(office_user, extension, approve=True, note="Đồng ý.")
    case.refresh_from_db()
    assert case.deadline == D(2027, 2, 12) and case.original_deadline == D(2027, 2, 3)
    assert case.is_extended
    event = case.events.get(action="extended")
    assert event.from_value == "hạn 03/02/2027" and event.to_value == "hạn 12/02/2027"
    assert event.actor == office_user


@pytest.mark.django_db
def test_it_pauses_the_clock_while_waiting_for_the_citizen(handler_user):
    case = Case.objects.create(
        title="Đèn hỏng",
        assigned_unit=Unit.objects.get(code="ubnd-24781"),
        status=Case.Status.IN_PROGRESS,
        deadline=D(2026, 12, 4),
    )
    workflow.pause_case(handler_user, case, "Xin người dân cho biết vị trí cột đèn.")
    Case.objects.filter(pk=case.pk).update(paused_on=D(2026, 11, 26))  # paused on a Thursday
    case.refresh_from_db()
    # Resumed the next Tuesday: Fri and Mon, Tue were waited (3 working days).
    workflow.resume_case(handler_user, case, today=D(2026, 12, 1))
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS and case.paused_on is None
    assert case.deadline == D(2026, 12, 9)
    assert case.events.filter(action="paused").exists()
    assert case.events.filter(action="resumed", to_value="hạn 09/12/2026").exists()
