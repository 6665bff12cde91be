"""Back-office screens of the intake channels: the mailbox's "Thư không đọc được" list.

Who: the opinion office only (the messages hold citizens' addresses and have no case yet).
Each message the platform read is listed with what became of it; those set aside (could not be
read, attachments refused) can be downloaded as sent and marked as handled by hand.
"""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path, reverse
from django.views.decorators.http import require_POST, require_safe
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from opinions import access
from opinions.intake.sessions_admin import SESSION_ROUTES
from opinions.models import InboundEmail

PAGE_SIZE = 200
NEEDS_LOOK = "can-xem"


def mail_list(request):
    """Thư đến: by default the messages that need a person (unreadable, or with a refused part)."""
    access.require_office(request.user)
    shown = request.GET.get("ket_qua", NEEDS_LOOK)
    rows = InboundEmail.objects.select_related("signal")
    if shown == NEEDS_LOOK:
        rows = rows.filter(outcome=InboundEmail.Outcome.UNREADABLE) | rows.filter(
            outcome=InboundEmail.Outcome.SIGNAL
        ).exclude(reason="")
    elif shown in InboundEmail.Outcome.values:
        rows = rows.filter(outcome=shown)
    return render(
        request,
        "opinions/admin/mail_list.html",
        {
            "page_title": "Thư đến – hộp thư tiếp nhận",
            "header_icon": "mail",
            "rows": rows.order_by("-created_at")[:PAGE_SIZE],
            "total": rows.count(),
            "outcomes": [(NEEDS_LOOK, "Cần xem (không đọc được, tệp bị từ chối)"), *InboundEmail.Outcome.choices],
            "shown": shown,
        },
    )


@require_safe
def mail_raw(request, pk):
    """The message as it arrived (.eml), for the office to read in a mail program."""
    access.require_office(request.user)
    record = get_object_or_404(InboundEmail, pk=pk)
    if not record.raw:
        raise Http404("Không lưu thư gốc.")
    return FileResponse(record.raw.open("rb"), as_attachment=True, filename=f"thu-{record.uid}.eml")


@require_POST
def mail_resolve(request, pk):
    """Đã xử lý: the office typed the message in by hand (or judged it not an opinion)."""
    access.require_office(request.user)
    record = get_object_or_404(InboundEmail, pk=pk, outcome=InboundEmail.Outcome.UNREADABLE)
    note = request.POST.get("note", "").strip()[:200]
    record.outcome = InboundEmail.Outcome.RESOLVED
    record.reason = f"{record.reason} — đã xử lý: {note or 'không ghi chú'} ({request.user})"[:500]
    record.save(update_fields=["outcome", "reason", "updated_at"])
    messages.success(request, "Đã đánh dấu thư là đã xử lý.")
    return redirect("intake:mail_list")


@hooks.register("register_admin_urls")
def register_intake_urls():
    routes = [
        path("dlxh/thu-den/", mail_list, name="mail_list"),
        path("dlxh/thu-den/<int:pk>/download/thu-goc.eml", mail_raw, name="mail_raw"),
        path("dlxh/thu-den/<int:pk>/da-xu-ly/", mail_resolve, name="mail_resolve"),
        *SESSION_ROUTES,
    ]
    return [path("", include((routes, "intake")))]


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_office(request.user)


@hooks.register("register_admin_menu_item")
def register_intake_menu():
    return OfficeMenuItem("Thư đến", reverse("intake:mail_list"), icon_name="mail", order=141)
