from django import template
from django.template.loader import render_to_string

from opinions.models import Case

from ..services import can_start_rebuttal

register = template.Library()


@register.simple_tag(takes_context=True)
def case_rebuttal_panel(context, obj):
    """On a case's detail screen: its rebuttals and the button to write one; nothing for other records."""
    request = context.get("request")
    if not isinstance(obj, Case) or request is None:
        return ""
    return render_to_string(
        "news/admin/case_rebuttal_panel.html",
        {"case": obj, "rebuttals": obj.rebuttals.all(), "can_start": can_start_rebuttal(request.user)},
        request=request,
    )
