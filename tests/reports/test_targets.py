"""The plan's targets: live figures against their targets, the definition of "operating", and the
public aggregate page /ke-hoach/ (no unit, no person)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from opinions.models import Case, FocalPoint, Unit
from reports.models import PlanBriefing
from reports.targets import OPERATING_DEFINITION, plan_targets

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_the_figures_are_counted_from_the_rows(case_factory):
    units = Unit.objects.filter(is_active=True)
    party = units.filter(kind__in=[Unit.Kind.PARTY_COMMITTEE, Unit.Kind.PARTY_CELL])
    PlanBriefing.objects.create(unit=party.first(), held_on=TODAY)
    FocalPoint.objects.create(unit=units.first(), full_name="Đầu mối A")
    case = case_factory()
    Case.objects.filter(pk=case.pk).update(answered_at=timezone.now(), status=Case.Status.ANSWERED)
    targets = {t.key: t for t in plan_targets(TODAY.replace(day=1), TODAY)}
    assert targets["briefings"].detail == f"1/{party.count()}"
    assert targets["focal_points"].detail == f"1/{units.count()}"
    assert targets["operating"].detail == f"1/{units.count()}"
    assert targets["operating"].met is False
    assert len(targets["operating"].trend) == 6
    assert "surveys" in targets


def test_the_screen_and_the_public_page(client, office_user, outsider_user):
    client.force_login(office_user)
    page = client.get(reverse("reports:target_list")).content.decode()
    assert "Mục tiêu của Kế hoạch" in page and OPERATING_DEFINITION in page
    client.force_login(outsider_user)
    assert client.get(reverse("reports:target_list")).status_code in (302, 403)
    client.logout()
    public = client.get("/ke-hoach/")
    assert public.status_code == 200
    html = public.content.decode()
    assert "trên 90%" in html and 'data-testid="plan-targets"' in html
    assert "UBND Phường" not in html


def test_the_office_records_a_briefing(client, office_user):
    client.force_login(office_user)
    unit = Unit.objects.filter(kind=Unit.Kind.PARTY_COMMITTEE).first() or Unit.objects.first()
    response = client.post(
        reverse("plan_briefings:add"), {"unit": unit.pk, "held_on": TODAY.strftime("%Y-%m-%d"), "attendees": 30}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert PlanBriefing.objects.filter(unit=unit, held_on=TODAY).exists()
    assert datetime.date.today()
