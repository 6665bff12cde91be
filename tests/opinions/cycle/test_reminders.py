"""The periodic job: reminders before the deadline, escalation of overdue cases, the home-page notice."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from opinions.models import Case, CaseEvent, OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(case_factory, handler_user, office_user):
    handler_user.email, office_user.email = "canbo@example.invalid", "ban@example.invalid"
    handler_user.save()
    office_user.save()
    today = timezone.localdate()
    due = case_factory(title="Sắp đến hạn")
    late = case_factory(title="Đã quá hạn")
    Case.objects.filter(pk=due.pk).update(deadline=today + datetime.timedelta(days=1))
    Case.objects.filter(pk=late.pk).update(deadline=today - datetime.timedelta(days=3))
    return due, late


def test_it_is_registered_as_a_periodic_job():
    assert "remind_deadlines" in settings.PERIODIC_JOBS and "send_pending_emails" in settings.PERIODIC_JOBS


def test_it_reminds_the_unit_and_escalates_overdue_cases_once_a_day(cases, django_capture_on_commit_callbacks):
    due, late = cases
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_deadlines")
    assert due.events.filter(action=CaseEvent.Action.REMINDED).count() == 1
    assert late.events.filter(action=CaseEvent.Action.ESCALATED).count() == 1
    to_office = OutgoingEmail.objects.get(to="ban@example.invalid")
    assert late.code in to_office.subject + to_office.body and due.code not in to_office.body
    assert OutgoingEmail.objects.filter(to="canbo@example.invalid", subject__contains=due.code).exists()
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == OutgoingEmail.objects.count()
    call_command("remind_deadlines")
    assert CaseEvent.objects.filter(action__in=["reminded", "escalated"]).count() == 2


def test_it_leaves_answered_and_paused_cases_alone(cases):
    due, late = cases
    Case.objects.filter(pk=late.pk).update(status=Case.Status.ANSWERED)
    Case.objects.filter(pk=due.pk).update(status=Case.Status.WAITING_CITIZEN)
    call_command("remind_deadlines")
    assert not CaseEvent.objects.filter(action__in=["reminded", "escalated"]).exists()


def test_it_shows_overdue_cases_on_the_back_office_home(client, cases, office_user, handler_user, other_handler_user):
    due, late = cases
    call_command("remind_deadlines")
    client.force_login(office_user)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 vụ việc quá hạn" in page and late.code in page
    client.force_login(handler_user)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert late.code in page and due.code in page
    client.force_login(other_handler_user)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "0 vụ việc quá hạn" in page and late.code not in page
