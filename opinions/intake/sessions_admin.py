"""Back-office screens of the dialogue and citizen-reception sessions (menu "Đối thoại, tiếp dân").

Who: the opinion office creates sessions and enters opinions; leaders read (names of speakers are
personal data: shown to the office only, each showing logged). Unit handlers follow their cases in
the cycle's screens.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from opinions import access
from opinions.backoffice import log_personal_data_access
from opinions.intake.minutes import build_minutes
from opinions.intake.sessions import OpinionLineForm, SessionForm, follow_up, is_answered, record_opinion, responsible
from opinions.models import PersonalDataAccess, Session


def session_list(request):
    """Phiên đối thoại, tiếp công dân: newest first, and a form for a new one (office)."""
    access.require_office_or_leader(request.user)
    access.require_office_to_post(request)
    form = SessionForm(request.POST or None) if access.is_office(request.user) else None
    if request.method == "POST" and form is not None and form.is_valid():
        session = form.save(commit=False)
        session.created_by = request.user
        session.save()
        form.save_m2m()
        messages.success(request, "Đã lập phiên. Nhập từng ý kiến ngay trong phiên.")
        return redirect("intake:session_detail", session.pk)
    sessions = Session.objects.all()[:200]
    return render(
        request,
        "opinions/admin/session_list.html",
        {"page_title": "Đối thoại, tiếp công dân", "header_icon": "group", "sessions": sessions, "form": form},
    )


def opinion_rows(request, session):
    rows = list(session.opinions.select_related("signal__case__assigned_unit", "signal__field", "signal__area"))
    show = access.is_office(request.user)
    for row in rows:
        row.follow_up, row.answered, row.responsible = follow_up(row), is_answered(row), responsible(row)
        row.show_personal = show
        if show:
            log_personal_data_access(request.user, row.signal, PersonalDataAccess.Action.VIEW, f"phiên {session.pk}")
    return rows


def session_detail(request, pk):
    """One session: quick entry of opinions (one line each) and where each one stands."""
    access.require_office_or_leader(request.user)
    access.require_office_to_post(request)
    session = get_object_or_404(Session, pk=pk)
    form = OpinionLineForm(request.POST or None) if access.is_office(request.user) else None
    if request.method == "POST" and form is not None and form.is_valid():
        signal, _created = record_opinion(request.user, session, form.cleaned_data)
        messages.success(request, f"Đã ghi ý kiến, mã {signal.tracking_code}.")
        return redirect(reverse("intake:session_detail", args=[session.pk]) + "#them-y-kien")
    rows = opinion_rows(request, session)
    return render(
        request,
        "opinions/admin/session_detail.html",
        {
            "page_title": str(session),
            "header_icon": "group",
            "session": session,
            "rows": rows,
            "open_count": sum(not r.answered for r in rows),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


def session_minutes(request, pk):
    """Biên bản (DOCX, NĐ 30/2020): it lists the speakers, so for the office only."""
    access.require_office(request.user)
    session = get_object_or_404(Session, pk=pk)
    opinions = list(session.opinions.select_related("signal__case__assigned_unit", "signal__area"))
    for opinion in opinions:
        log_personal_data_access(request.user, opinion.signal, PersonalDataAccess.Action.EXPORT, "biên bản phiên")
    response = HttpResponse(
        build_minutes(session, opinions),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bien-ban-{session.date:%Y%m%d}-{session.pk}.docx"'
    return response


# Registered with the mail screens under the one `intake` namespace (opinions/intake/admin.py).
SESSION_ROUTES = [
    path("dlxh/doi-thoai/", session_list, name="session_list"),
    path("dlxh/doi-thoai/<int:pk>/", session_detail, name="session_detail"),
    path("dlxh/doi-thoai/<int:pk>/download/bien-ban.docx", session_minutes, name="session_minutes"),
]


class SessionMenuItem(MenuItem):
    def is_shown(self, request):
        return access.sees_everything(request.user)


@hooks.register("register_admin_menu_item")
def register_session_menu():
    return SessionMenuItem("Đối thoại, tiếp dân", reverse("intake:session_list"), icon_name="group", order=142)
