"""Back-office screens of the cycle: intake queue, recording other channels, case workspace, report.

Views are thin: look up with an access check, validate a form, call one service of
opinions/workflow.py, then redirect with a message. Hooks are registered here and this module is
imported by opinions/wagtail_hooks.py.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import LinkMenuItemComponent, Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from opinions import access
from opinions.backoffice import log_personal_data_access
from opinions.backoffice_guards import logged_contact_views
from opinions.cycle import admin_cases, admin_inbox, inbox
from opinions.cycle import services as workflow
from opinions.cycle.admin_cases import _form_errors, _run
from opinions.cycle.forms import (
    AttachForm,
    ClassifyForm,
    DuplicateForm,
    OpenCaseForm,
    RecordSignalForm,
    RejectForm,
)
from opinions.cycle.notify import acknowledge_signal
from opinions.cycle.similar import similar_open_cases
from opinions.models import (
    AnswerTemplate,
    Case,
    CaseEvent,
    DeadlinePolicy,
    OutgoingEmail,
    PersonalDataAccess,
    RoutingRule,
    Signal,
)
from opinions.services import create_signal
from opinions.suggestions import services as suggest
from opinions.suggestions.admin import attach_suggestions

# Intake ---------------------------------------------------------------------------------------------


QUEUE_ORDERS = {
    # least certain first: the lowest confidence among a signal's suggestions still to confirm
    "it-chac-chan": ("Ít chắc chắn trước", [F("analysis__min_confidence").asc(nulls_last=True), "received_at"]),
    "cu-nhat": ("Cũ nhất trước", ["received_at"]),
    "moi-nhat": ("Mới nhất trước", ["-received_at"]),
}
QUEUE_PAGE_SIZE = 50


def intake_queue(request):
    """Hàng chờ tiếp nhận: new and classified signals waiting for the office's decision, with the
    analysis' suggestions (opinions/suggest.py) to accept in one click or correct in place."""
    access.require_office(request.user)
    order = request.GET.get("thu-tu") if request.GET.get("thu-tu") in QUEUE_ORDERS else "it-chac-chan"
    signals = (
        Signal.objects.filter(status__in=[Signal.Status.NEW, Signal.Status.CLASSIFIED])
        .select_related("field", "area", "analysis")
        .annotate(n_attachments=Count("attachments"))
        .order_by(*QUEUE_ORDERS[order][1])
    )
    page = Paginator(signals, QUEUE_PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = attach_suggestions(list(page.object_list))
    return render(
        request,
        "opinions/admin/intake_queue.html",
        {
            "page_title": "Hàng chờ tiếp nhận",
            "header_icon": "mail",
            "signals": rows,
            "page": page,
            "total": page.paginator.count,
            "order": order,
            "orders": [(key, label) for key, (label, _) in QUEUE_ORDERS.items()],
        },
    )


def record_signal(request):
    """Ghi nhận thông tin từ các kênh khác; through create_signal, the channel kept."""
    if not (access.is_office(request.user) or access.is_handler(request.user)) or access.is_leader(request.user):
        raise PermissionDenied  # editors and leaders record nothing (issue 18)
    form = RecordSignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with transaction.atomic():
            signal, created = create_signal(actor=request.user, **data)
            if created:
                acknowledge_signal(signal)
        messages.success(request, f"Đã ghi nhận thông tin, mã tra cứu {signal.tracking_code}.")
        if access.is_office(request.user):
            return redirect("cycle:signal_triage", signal.pk)
        return redirect("cycle:signal_record")
    return render(
        request,
        "opinions/admin/record_signal.html",
        {
            "page_title": "Ghi nhận thông tin từ kênh khác",
            "header_icon": "edit",
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def triage(request, pk):
    """One signal: classify, open a case (and assign), attach, mark duplicate, reject."""
    access.require_office(request.user)
    signal = get_object_or_404(Signal.objects.select_related("field", "area", "case"), pk=pk)
    if request.method == "POST":
        return triage_action(request, signal)
    log_personal_data_access(request.user, signal, PersonalDataAccess.Action.VIEW, "phân loại")
    suggested_unit = workflow.suggest_unit(signal.field, signal.area)
    attach_suggestions([signal])
    similar = similar_open_cases(signal.field, signal.area, f"{signal.title} {signal.text}")
    known = {c.pk for c in similar}
    suggested_cases = [s for s in signal.similar_suggestions if s.case_code and int(s.value) not in known]
    return render(
        request,
        "opinions/admin/triage.html",
        {
            "page_title": f"Phân loại {signal.tracking_code}",
            "header_icon": "mail",
            "signal": signal,
            **_triage_forms(signal, suggested_unit),
            "suggested_unit": suggested_unit,
            "similar": similar,
            "suggested_cases": suggested_cases,
            "attachments": signal.attachments.all(),
            "events": signal.events.select_related("actor"),
            "is_open": signal.status in (Signal.Status.NEW, Signal.Status.CLASSIFIED),
        },
    )


def _triage_forms(signal, suggested_unit):
    """The empty forms of the triage screen, the classify and open-case ones filled from the signal."""
    initial = {"kind": signal.kind, "field": signal.field_id, "area": signal.area_id, "urgency": signal.urgency}
    return {
        "classify_form": ClassifyForm(initial=initial),
        "open_form": OpenCaseForm(initial={"title": signal.title, "unit": suggested_unit}),
        "attach_form": AttachForm(),
        "duplicate_form": DuplicateForm(),
        "reject_form": RejectForm(),
    }


TRIAGE_FORMS = {
    "classify": ClassifyForm,
    "open": OpenCaseForm,
    "attach": AttachForm,
    "duplicate": DuplicateForm,
    "reject": RejectForm,
}


def triage_action(request, signal):
    action = request.POST.get("action")
    if action not in TRIAGE_FORMS:
        raise Http404
    form = TRIAGE_FORMS[action](request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("cycle:signal_triage", signal.pk)
    data = form.cleaned_data
    if action == "classify":
        _run(request, suggest.classify_and_confirm, signal, success="Đã phân loại.", **data)
        return redirect("cycle:signal_triage", signal.pk)
    if action == "open":
        return _triage_open_case(request, signal, data)
    if _triage_close(request, signal, action, data):
        return redirect("cycle:signal_queue")
    return redirect("cycle:signal_triage", signal.pk)


def _triage_open_case(request, signal, data):
    """Open a case from the signal and, when a unit is chosen, assign it: both or neither."""
    case = None
    try:
        with transaction.atomic():
            case = workflow.open_case(request.user, signal, title=data["title"])
            if data["unit"]:
                workflow.assign_case(request.user, case, data["unit"])
    except (workflow.WorkflowError, PermissionDenied) as error:
        messages.error(request, str(error))
        return redirect("cycle:signal_triage", signal.pk)
    messages.success(request, f"Đã lập vụ việc {case.code}" + (" và chuyển xử lý." if data["unit"] else "."))
    return redirect("cycle:case_detail", case.pk)


def _triage_close(request, signal, action, data):
    """Attach, mark duplicate or reject; true when the service accepted (the signal leaves the queue)."""
    if action == "attach":
        return _run(request, workflow.attach_signal, signal, data["case_code"], success="Đã gắn vào vụ việc.")
    if action == "duplicate":
        return _run(
            request,
            workflow.mark_duplicate,
            signal,
            data["original_code"],
            data["note"],
            success="Đã đánh dấu trùng lặp.",
        )
    return _run(request, workflow.reject_signal, signal, data["reason"], success="Đã từ chối, lý do được lưu.")


# Handling -------------------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_cycle_urls():
    routes = [
        path("dlxh/tiep-nhan/", intake_queue, name="signal_queue"),
        path("dlxh/tiep-nhan/ghi-nhan/", record_signal, name="signal_record"),
        path("dlxh/tiep-nhan/<int:pk>/", triage, name="signal_triage"),
        path("dlxh/xu-ly/", admin_cases.case_list, name="case_list"),
        path("dlxh/xu-ly/<int:pk>/", admin_cases.case_detail, name="case_detail"),
        path("dlxh/dinh-kem/<int:pk>/", admin_cases.attachment_download, name="attachment_download"),
        path("dlxh/van-ban-tra-loi/<int:pk>/", admin_cases.response_document, name="response_document"),
        path("dlxh/thong-bao/", admin_inbox.inbox_view, name="notification_list"),
    ]
    return [path("", include((routes, "cycle")))]


class RoutingRuleViewSet(ModelViewSet):
    model = RoutingRule
    icon = "redirect"
    menu_label = "Quy tắc chuyển xử lý"
    list_display = ["field", "area", "unit", "note"]
    list_filter = ["field"]
    search_fields = ["unit__name", "area__name", "field__name", "note"]
    form_fields = ["field", "area", "unit", "note"]
    copy_view_enabled = False


class DeadlinePolicyViewSet(ModelViewSet):
    model = DeadlinePolicy
    icon = "time"
    menu_label = "Thời hạn xử lý theo loại"
    list_display = ["kind", "urgency", "days", "working_days", "remind_before", "legal_basis"]
    form_fields = ["kind", "urgency", "days", "working_days", "remind_before", "legal_basis"]
    copy_view_enabled = False


class AnswerTemplateViewSet(ModelViewSet):
    model = AnswerTemplate
    icon = "doc-full"
    menu_label = "Mẫu trả lời"
    list_display = ["title", "field", BooleanColumn("is_active", label="Đang dùng")]
    list_filter = ["field", "is_active"]
    search_fields = ["title", "text"]
    form_fields = ["field", "title", "text", "is_active"]
    copy_view_enabled = False


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = "Thư gửi đi"
    list_display = ["created_at", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    form_fields = ["status"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Addresses are citizens' contacts: the office only (OfficeOnlyPolicy), each opening logged.
        views = logged_contact_views(self.inspect_view_class, self.edit_view_class, "thư gửi đi")
        self.inspect_view_class, self.edit_view_class = views


class CycleSettingsGroup(ViewSetGroup):
    menu_label = "Cấu hình xử lý"
    menu_icon = "cogs"
    menu_order = 152
    items = (
        RoutingRuleViewSet("routing_rules", url_prefix="dlxh/quy-tac-chuyen"),
        DeadlinePolicyViewSet("deadline_policies", url_prefix="dlxh/thoi-han"),
        AnswerTemplateViewSet("answer_templates", url_prefix="dlxh/mau-tra-loi"),
        OutgoingEmailViewSet("outgoing_emails", url_prefix="dlxh/thu-gui-di"),
    )


@hooks.register("register_admin_viewset")
def register_cycle_viewsets():
    return CycleSettingsGroup()


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_office(request.user)


class WorkerMenuItem(MenuItem):
    def is_shown(self, request):
        return access.sees_everything(request.user) or access.user_unit(request.user) is not None


class RecorderMenuItem(MenuItem):
    """Ghi nhận từ kênh khác: the office and unit handlers (leaders read, they do not record)."""

    def is_shown(self, request):
        user = request.user
        return (access.is_office(user) or access.user_unit(user) is not None) and not access.is_leader(user)


class InboxMenuItem(WorkerMenuItem):
    """Thông báo, with the number unread in the label."""

    def render_component(self, request):
        count = inbox.unread(request.user).count()
        label = f"Thông báo ({count})" if count else "Thông báo"
        return LinkMenuItemComponent(self.name, label, self.url, icon_name=self.icon_name, attrs=self.attrs)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return access.sees_everything(request.user)


@hooks.register("register_admin_menu_item")
def register_cycle_menu():
    menu = Menu(
        items=[
            OfficeMenuItem("Hàng chờ tiếp nhận", reverse("cycle:signal_queue"), icon_name="mail", order=10),
            RecorderMenuItem("Ghi nhận từ kênh khác", reverse("cycle:signal_record"), icon_name="edit", order=20),
            WorkerMenuItem("Vụ việc đang xử lý", reverse("cycle:case_list"), icon_name="folder-open-inverse", order=30),
            ReportMenuItem("Tỷ lệ đúng hạn", reverse("reports:ontime_report"), icon_name="table", order=40),
            ReportMenuItem("Chất lượng phân tích", reverse("suggestions:model_quality"), icon_name="table", order=50),
        ]
    )
    return SubmenuMenuItem("Tiếp nhận – Xử lý", menu, icon_name="tasks", order=140)


@hooks.register("register_admin_menu_item")
def register_inbox_menu():
    return InboxMenuItem("Thông báo", reverse("cycle:notification_list"), icon_name="mail", order=139)


class DeadlinePanel(Component):
    """Homepage notice: overdue cases (office) or the unit's cases due soon and overdue (handler)."""

    name = "cycle_deadlines"
    order = 50
    template_name = "opinions/admin/home_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        today = timezone.localdate()
        cases = access.scope_cases(user, Case.objects.filter(status__in=Case.OPEN_STATUSES, deadline__isnull=False))
        cases = cases.select_related("assigned_unit")
        soon = today + datetime.timedelta(days=4)
        return {
            "overdue": list(cases.filter(deadline__lt=today).order_by("deadline")[:10]),
            "overdue_count": cases.filter(deadline__lt=today).count(),
            "due_soon": list(cases.filter(deadline__gte=today, deadline__lte=soon).order_by("deadline")[:10]),
            "queue_count": Signal.objects.filter(status__in=[Signal.Status.NEW, Signal.Status.CLASSIFIED]).count()
            if access.is_office(user)
            else None,
            "escalations": CaseEvent.objects.filter(action=CaseEvent.Action.ESCALATED, case__in=cases)
            .select_related("case")
            .order_by("-at")[:5]
            if access.sees_everything(user)
            else [],
            "today": today,
        }


@hooks.register("construct_homepage_panels")
def add_deadline_panel(request, panels):
    if access.sees_everything(request.user) or access.user_unit(request.user):
        panels.insert(0, DeadlinePanel(request))
        panels.insert(0, admin_inbox.InboxPanel(request))


@hooks.register("insert_global_admin_css")
def cycle_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/cycle-admin.css"))
