"""Back-office screen of invitations: invite a panel, send reminders, response rates per unit."""

from django.contrib import messages
from django.shortcuts import redirect, render

from opinions import access

from . import invitations
from .admin import get_survey
from .forms import InvitationForm


def survey_invitations(request, pk):
    """Thư mời: mời một nhóm (cộng tác viên, đầu mối, cán bộ đơn vị), nhắc, tỷ lệ trả lời theo đơn vị."""
    survey = get_survey(request, pk)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        access.require_office(request.user)
        if request.POST.get("action") == "remind":
            count = invitations.send_reminders(survey)
            messages.success(request, f"Đã gửi thư nhắc cho {count} người chưa trả lời.")
            return redirect("surveys_admin:invitation_list", survey.pk)
        if form.is_valid():
            count = invitations.invite_panel(survey, form.cleaned_data["panel"], form.cleaned_data["unit"])
            messages.success(request, f"Đã tạo và gửi {count} thư mời mới.")
            return redirect("surveys_admin:invitation_list", survey.pk)
    scoped = access.scope_network(request.user, survey.invitations.all(), "unit")
    rows, total = invitations.response_rates(scoped)
    context = {
        "page_title": f"Thư mời – {survey.title}",
        "header_icon": "mail",
        "survey": survey,
        "form": form,
        "rows": rows,
        "total": total,
        "can_edit": access.is_office(request.user),
    }
    return render(request, "surveys/admin/invitations.html", context, status=400 if form.errors else 200)
