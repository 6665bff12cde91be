"""Back-office screen of the plan's targets (Mục tiêu của Kế hoạch) and the record of the plan's
briefings (Buổi quán triệt Kế hoạch). Office and leaders; the briefings are recorded by the office."""

from django.shortcuts import render
from django.views.decorators.http import require_safe
from wagtail.admin.viewsets.model import ModelViewSet

from opinions import access
from reports.filters import read_filters
from reports.models import PlanBriefing
from reports.targets import OPERATING_DEFINITION, plan_targets


@require_safe
def targets_page(request):
    """Each target: live figure, target, met or not, the last six months."""
    access.require_office_or_leader(request.user)
    params = request.GET.copy()
    params.setdefault("ky", "nam")
    filters = read_filters(params)
    return render(
        request,
        "reports/targets.html",
        {
            "page_title": "Mục tiêu của Kế hoạch",
            "header_icon": "tick-inverse",
            "filters": filters,
            "targets": plan_targets(filters.start, filters.end),
            "definition": OPERATING_DEFINITION,
        },
    )


class PlanBriefingViewSet(ModelViewSet):
    model = PlanBriefing
    icon = "group"
    menu_label = "Buổi quán triệt Kế hoạch"
    add_to_admin_menu = False
    list_display = ["unit", "held_on", "attendees"]
    form_fields = ["unit", "held_on", "attendees", "note"]
    copy_view_enabled = False
    inspect_view_enabled = False
