"""The demo data shows every state a case can be in, and loading it twice adds nothing."""

import pytest

from opinions.demo import base as demo
from opinions.models import AnswerTemplate, Case, CaseEvent, Signal

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_case_state():
    demo.load_demo_data()
    cases = Case.objects.all()
    assert Signal.objects.filter(rated_at__isnull=False).exists()
    assert cases.filter(reopen_count__gt=0, status=Case.Status.IN_PROGRESS).exists()
    assert any(c.is_extended for c in cases)
    assert cases.filter(status=Case.Status.WAITING_CITIZEN).exists()
    assert CaseEvent.objects.filter(action=CaseEvent.Action.TRANSFERRED).exists()
    assert Signal.objects.filter(status=Signal.Status.REJECTED).exists()
    assert cases.filter(status=Case.Status.ANSWERED).exists() and any(c.is_overdue for c in cases)
    assert cases.filter(assigned_officer__isnull=False).exists() and AnswerTemplate.objects.exists()
    counts = (Case.objects.count(), Signal.objects.count(), AnswerTemplate.objects.count())
    demo.load_demo_data()
    assert (Case.objects.count(), Signal.objects.count(), AnswerTemplate.objects.count()) == counts
