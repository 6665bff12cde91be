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
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from opinions import access
from opinions.backoffice import log_personal_data_access
from opinions.backoffice_guards import logged_contact_views
from opinions.cycle import services as workflow
from opinions.cycle.forms import (
    AttachForm,
    ClassifyForm,
    DuplicateForm,
    ExtensionForm,
    NoteForm,
    OpenCaseForm,
    RecordSignalForm,
    RejectForm,
    ResponseForm,
    UnitForm,
)
from opinions.cycle.notify import acknowledge_signal
from opinions.models import (
    Attachment,
    Case,
    CaseEvent,
    DeadlinePolicy,
    Extension,
    OutgoingEmail,
    PersonalDataAccess,
    RoutingRule,
    Signal,
)
from opinions.services import create_signal
from opinions.suggestions import services as suggest
from opinions.suggestions.admin import attach_suggestions


def _run(request, service, *args, success="Đã lưu.", **kwargs):
    """Call one service; turn its refusals into messages for the user."""
    try:
        result = service(request.user, *args, **kwargs)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return None
    except PermissionDenied as error:
        messages.error(request, str(error) or "Anh, chị không có quyền thực hiện thao tác này.")
        return None
    messages.success(request, success)
    return result or True


def _form_errors(request, form):
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


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
            return redirect("cycle_triage", signal.pk)
        return redirect("cycle_record")
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
    similar = workflow.similar_open_cases(signal.field, signal.area, f"{signal.title} {signal.text}")
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
        return redirect("cycle_triage", signal.pk)
    data = form.cleaned_data
    if action == "classify":
        _run(request, suggest.classify_and_confirm, signal, success="Đã phân loại.", **data)
        return redirect("cycle_triage", signal.pk)
    if action == "open":
        return _triage_open_case(request, signal, data)
    if _triage_close(request, signal, action, data):
        return redirect("cycle_queue")
    return redirect("cycle_triage", signal.pk)


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
        return redirect("cycle_triage", signal.pk)
    messages.success(request, f"Đã lập vụ việc {case.code}" + (" và chuyển xử lý." if data["unit"] else "."))
    return redirect("cycle_case", case.pk)


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


def case_list(request):
    """Vụ việc đang xử lý: a handler sees their unit's, the office and leaders see all."""
    cases = access.scope_cases(request.user, Case.objects.all())
    if not (access.sees_everything(request.user) or access.user_unit(request.user)):
        raise PermissionDenied
    state = request.GET.get("trang_thai", "open")
    if state == "open":
        cases = cases.filter(status__in=Case.OPEN_STATUSES)
    elif state == "overdue":
        cases = cases.filter(status__in=Case.OPEN_STATUSES, deadline__lt=timezone.localdate())
    elif state == "approval":
        cases = cases.filter(responses__status="submitted").distinct()
    elif state == "answered":
        cases = cases.filter(status__in=[Case.Status.ANSWERED, Case.Status.CLOSED])
    cases = (
        cases.select_related("field", "area", "assigned_unit")
        .annotate(
            n_signals=Count("signals", distinct=True),
            n_pending_ext=Count("extensions", filter=Q(extensions__status=Extension.Status.PENDING), distinct=True),
        )
        .order_by("deadline", "-created_at")
    )
    return render(
        request,
        "opinions/admin/case_list.html",
        {
            "page_title": "Vụ việc đang xử lý",
            "header_icon": "folder-open-inverse",
            "cases": cases[:300],
            "state": state,
            "today": timezone.localdate(),
            "is_office": access.is_office(request.user),
        },
    )


def case_detail(request, pk):
    """Hồ sơ vụ việc: facts, signals, log, and the actions the user's role allows."""
    case = get_object_or_404(
        access.scope_cases(request.user, Case.objects.select_related("field", "area", "assigned_unit")), pk=pk
    )
    if request.method == "POST":
        return case_action(request, case)
    signals = list(case.signals.select_related("field", "area").prefetch_related("attachments"))
    for signal in signals:
        signal.show_personal = access.can_see_personal_data(request.user, signal)
        if signal.show_personal:
            log_personal_data_access(request.user, signal, PersonalDataAccess.Action.VIEW, f"hồ sơ {case.code}")
    is_office = access.is_office(request.user)
    unit = access.user_unit(request.user)
    can_handle = is_office or bool(unit and case.assigned_unit_id == unit.pk and not access.is_leader(request.user))
    draft = workflow.current_draft(case)
    return render(
        request,
        "opinions/admin/case_detail.html",
        {
            "page_title": f"Vụ việc {case.code}",
            "header_icon": "folder-open-inverse",
            "case": case,
            "signals": signals,
            "events": case.events.select_related("actor"),
            "extensions": case.extensions.select_related("requested_by", "decided_by"),
            "answer": workflow.approved_answer(case),
            "draft": draft,
            "is_office": is_office,
            "can_handle": can_handle and case.is_open,
            "suggested_unit": workflow.suggest_unit(case.field, case.area),
            "unit_form": UnitForm(initial={"unit": case.assigned_unit or workflow.suggest_unit(case.field, case.area)}),
            "note_form": NoteForm(),
            "extension_form": ExtensionForm(),
            "response_form": ResponseForm(initial={"text": draft.text if draft else ""}),
            "today": timezone.localdate(),
        },
    )


CASE_ACTIONS = {
    "assign": (UnitForm, lambda u, c, d: workflow.assign_case(u, c, d["unit"], d["note"]), "Đã chuyển xử lý."),
    "transfer": (
        UnitForm,
        lambda u, c, d: workflow.transfer_case(u, c, d["unit"], d["note"]),
        "Đã chuyển sang đơn vị khác.",
    ),
    "note": (NoteForm, lambda u, c, d: workflow.add_note(u, c, d["text"]), "Đã ghi tiến độ."),
    "pause": (NoteForm, lambda u, c, d: workflow.pause_case(u, c, d["text"]), "Đã tạm dừng tính hạn."),
    "resume": (None, lambda u, c, d: workflow.resume_case(u, c), "Đã tiếp tục tính hạn."),
    "extend": (
        ExtensionForm,
        lambda u, c, d: workflow.request_extension(u, c, d["extra_days"], d["reason"]),
        "Đã gửi đề nghị gia hạn.",
    ),
    "draft": (ResponseForm, lambda u, c, d: workflow.draft_response(u, c, d["text"]), "Đã lưu dự thảo."),
    "submit": (
        ResponseForm,
        lambda u, c, d: workflow.draft_response(u, c, d["text"], submit=True),
        "Đã trình dự thảo trả lời.",
    ),
}


def case_action(request, case):
    action = request.POST.get("action")
    if action in CASE_ACTIONS:
        form_class, service, success = CASE_ACTIONS[action]
        form = form_class(request.POST) if form_class else None
        if form is not None and not form.is_valid():
            _form_errors(request, form)
        else:
            _run(request, lambda user: service(user, case, form.cleaned_data if form else {}), success=success)
    elif action in ("approve", "return"):
        response = get_object_or_404(case.responses, pk=request.POST.get("response"))
        if action == "approve":
            _run(request, workflow.approve_response, response, success="Đã phê duyệt; người dân được thông báo.")
        else:
            _run(
                request, workflow.return_response, response, request.POST.get("note", ""), success="Đã trả lại dự thảo."
            )
    elif action in ("extension_approve", "extension_refuse"):
        extension = get_object_or_404(case.extensions, pk=request.POST.get("extension"))
        _run(
            request,
            workflow.decide_extension,
            extension,
            action == "extension_approve",
            request.POST.get("note", ""),
            success="Đã quyết định gia hạn.",
        )
    else:
        raise Http404
    return redirect("cycle_case", case.pk)


def attachment_download(request, pk):
    """A citizen's file: only for those who may see the case; each opening is logged."""
    attachment = get_object_or_404(Attachment.objects.select_related("signal__case"), pk=pk)
    signal = attachment.signal
    allowed = (
        access.is_office(request.user)
        or access.scope_signals(request.user, Signal.objects.filter(pk=signal.pk)).exists()
    )
    if not allowed or access.is_leader(request.user) and not access.is_office(request.user):
        raise PermissionDenied
    PersonalDataAccess.objects.create(
        user=request.user,
        signal=signal,
        action=PersonalDataAccess.Action.VIEW,
        detail=f"mở tệp đính kèm {attachment.original_name}"[:255],
    )
    return FileResponse(
        attachment.file.open("rb"),
        filename=attachment.file.name.rsplit("/", 1)[-1],
        content_type=attachment.content_type,
    )


@hooks.register("register_admin_urls")
def register_cycle_urls():
    return [
        path("dlxh/tiep-nhan/", intake_queue, name="cycle_queue"),
        path("dlxh/tiep-nhan/ghi-nhan/", record_signal, name="cycle_record"),
        path("dlxh/tiep-nhan/<int:pk>/", triage, name="cycle_triage"),
        path("dlxh/xu-ly/", case_list, name="cycle_cases"),
        path("dlxh/xu-ly/<int:pk>/", case_detail, name="cycle_case"),
        path("dlxh/dinh-kem/<int:pk>/", attachment_download, name="cycle_attachment"),
    ]


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


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return access.sees_everything(request.user)


@hooks.register("register_admin_menu_item")
def register_cycle_menu():
    menu = Menu(
        items=[
            OfficeMenuItem("Hàng chờ tiếp nhận", reverse("cycle_queue"), icon_name="mail", order=10),
            WorkerMenuItem("Ghi nhận từ kênh khác", reverse("cycle_record"), icon_name="edit", order=20),
            WorkerMenuItem("Vụ việc đang xử lý", reverse("cycle_cases"), icon_name="folder-open-inverse", order=30),
            ReportMenuItem("Tỷ lệ đúng hạn", reverse("cycle_report"), icon_name="table", order=40),
            ReportMenuItem("Chất lượng phân tích", reverse("analysis_quality"), icon_name="table", order=50),
        ]
    )
    return SubmenuMenuItem("Tiếp nhận – Xử lý", menu, icon_name="tasks", order=140)


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


@hooks.register("insert_global_admin_css")
def cycle_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/cycle-admin.css"))
