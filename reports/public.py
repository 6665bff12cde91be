"""Public pages of the reports app: the plan's targets with live aggregate figures (/ke-hoach/)."""

from django.shortcuts import render
from django.utils import timezone

from reports.targets import OPERATING_DEFINITION, plan_targets


def public_plan(request):
    """/ke-hoach/: the plan's targets with their live figures, aggregates only (no unit, no person)."""
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    return render(
        request,
        "reports/plan_public.html",
        {
            "targets": plan_targets(start, today),
            "start": start,
            "end": today,
            "definition": OPERATING_DEFINITION,
        },
    )
