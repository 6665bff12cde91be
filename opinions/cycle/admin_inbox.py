"""Hộp thông báo in the back-office: the list of a staff member's notices, and the home panel.

Every staff member sees only their own notices (Notification.recipient); nothing else to scope."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from wagtail.admin.ui.components import Component

from opinions import access
from opinions.cycle import inbox
from opinions.models import Notification


def _may_have_inbox(user):
    return access.sees_everything(user) or access.user_unit(user) is not None


def inbox_view(request):
    """Thông báo: unread first, then the rest; "Đánh dấu đã đọc" marks all read."""
    if not _may_have_inbox(request.user):
        raise PermissionDenied
    if request.method == "POST":
        count = inbox.mark_read(request.user)
        messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
        return redirect("cycle:notification_list")
    rows = Notification.objects.filter(recipient=request.user).select_related("case")
    page = Paginator(rows.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "opinions/admin/inbox.html",
        {
            "page_title": "Thông báo",
            "header_icon": "mail",
            "page": page,
            "unread_count": inbox.unread(request.user).count(),
        },
    )


class InboxPanel(Component):
    """Home page: the user's unread notices (new case for my unit, reopened, answer sent back …)."""

    name = "cycle_inbox"
    order = 40
    template_name = "opinions/admin/inbox_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        unread = inbox.unread(self.request.user).select_related("case")
        return {"notifications": list(unread[:10]), "unread_count": unread.count()}
