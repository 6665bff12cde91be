"""Back-office case workspace (Hồ sơ vụ việc): the list, the case page and its actions.

Views are thin: look up through opinions.access, validate a form, call one service of
opinions/cycle/services.py, then redirect with a message. URLs are registered in cycle/admin.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cms.lib.redact import redact
from opinions import access, restrictions
from opinions.backoffice import log_personal_data_access
from opinions.cycle import inbox
from opinions.cycle import services as workflow
from opinions.cycle.forms import (
    ExtensionForm,
    InternalNoteForm,
    NoteForm,
    OfficerForm,
    ResponseForm,
    UnitForm,
)
from opinions.models import (
    AnswerTemplate,
    Attachment,
    Case,
    CaseEvent,
    Extension,
    PersonalDataAccess,
    Response,
    Signal,
)


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


# Handling -------------------------------------------------------------------------------------------


@require_safe
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
    """Hồ sơ vụ việc: facts, signals, the citizens' ratings, every answer, the log, and the actions
    the user's role allows."""
    case = get_object_or_404(
        access.scope_cases(
            request.user, Case.objects.select_related("field", "area", "assigned_unit", "assigned_officer")
        ),
        pk=pk,
    )
    if request.method == "POST":
        if access.is_leader(request.user) and not access.is_office(request.user):
            raise PermissionDenied("Lãnh đạo xem hồ sơ, không thao tác trên hồ sơ.")
        return case_action(request, case)
    signals = list(case.signals.select_related("field", "area").prefetch_related("attachments"))
    restricted = restrictions.restricted_pks(Signal, [s.pk for s in signals])
    for signal in signals:
        signal.restricted = signal.pk in restricted  # "Hạn chế xử lý": only stored, contacts for the office
        signal.show_personal = access.can_see_personal_data(request.user, signal)
        if signal.restricted and not signal.show_personal:  # contacts typed into the text too
            signal.text = redact(signal.text, [signal.reporter_name] if signal.reporter_name else ())
        if signal.show_personal:
            log_personal_data_access(request.user, signal, PersonalDataAccess.Action.VIEW, f"hồ sơ {case.code}")
    inbox.mark_read(request.user, case.notifications.filter(recipient=request.user).values_list("pk", flat=True))
    return render(request, "opinions/admin/case_detail.html", case_context(request.user, case, signals))


def case_context(user, case, signals):
    is_office = access.is_office(user)
    unit = access.user_unit(user)
    can_handle = is_office or bool(unit and case.assigned_unit_id == unit.pk and not access.is_leader(user))
    draft = workflow.current_draft(case)
    staff = inbox.unit_staff(case.assigned_unit).order_by("last_name", "first_name", "username")
    return {
        "page_title": f"Vụ việc {case.code}",
        "header_icon": "folder-open-inverse",
        "case": case,
        "officer_name": inbox.staff_name(case.assigned_officer),
        "signals": signals,
        "feedback": [s for s in signals if s.rating or s.reopened_at],
        "reopen_events": case.events.filter(action=CaseEvent.Action.REOPENED).select_related("signal"),
        "events": case.events.select_related("actor"),
        "extensions": case.extensions.select_related("requested_by", "decided_by"),
        "answers": workflow.approved_answers(case),
        "draft": draft,
        "is_office": is_office,
        "can_handle": can_handle and case.is_open,
        "suggested_unit": workflow.suggest_unit(case.field, case.area),
        "unit_form": UnitForm(initial={"unit": case.assigned_unit or workflow.suggest_unit(case.field, case.area)}),
        "officer_form": OfficerForm(staff=staff, initial={"officer": case.assigned_officer_id}),
        "note_form": NoteForm(),
        "internal_form": InternalNoteForm(auto_id="noi-bo-%s"),
        "extension_form": ExtensionForm(),
        "response_form": ResponseForm(initial={"text": draft.text if draft else ""}),
        "templates": [(t, t.render(case)) for t in answer_templates(case)],
        "today": timezone.localdate(),
    }


def answer_templates(case):
    """The field's templates first, then those for every field."""
    rows = AnswerTemplate.objects.filter(is_active=True).filter(Q(field=case.field) | Q(field__isnull=True))
    return rows.select_related("field").order_by("field", "title")


def _respond(submit):
    def service(user, case, data):
        return workflow.draft_response(user, case, data["text"], submit=submit, signed_reply=data["signed_reply"])

    return service


CASE_ACTIONS = {
    "assign": (UnitForm, lambda u, c, d: workflow.assign_case(u, c, d["unit"], d["note"]), "Đã chuyển xử lý."),
    "transfer": (
        UnitForm,
        lambda u, c, d: workflow.transfer_case(u, c, d["unit"], d["note"]),
        "Đã chuyển sang đơn vị khác.",
    ),
    "officer": (OfficerForm, lambda u, c, d: workflow.assign_officer(u, c, d["officer"]), "Đã giao cán bộ xử lý."),
    "note": (NoteForm, lambda u, c, d: workflow.add_note(u, c, d["text"]), "Đã ghi tiến độ."),
    "internal_note": (
        InternalNoteForm,
        lambda u, c, d: workflow.add_internal_note(u, c, d["text"]),
        "Đã lưu ghi chú nội bộ.",
    ),
    "pause": (NoteForm, lambda u, c, d: workflow.pause_case(u, c, d["text"]), "Đã tạm dừng tính hạn."),
    "resume": (None, lambda u, c, d: workflow.resume_case(u, c), "Đã tiếp tục tính hạn."),
    "extend": (
        ExtensionForm,
        lambda u, c, d: workflow.request_extension(u, c, d["extra_days"], d["reason"]),
        "Đã gửi đề nghị gia hạn.",
    ),
    "draft": (ResponseForm, _respond(False), "Đã lưu dự thảo."),
    "submit": (ResponseForm, _respond(True), "Đã trình dự thảo trả lời."),
}


def _bound_form(request, case, form_class):
    if form_class is None:
        return None
    if form_class is OfficerForm:
        return OfficerForm(request.POST, staff=inbox.unit_staff(case.assigned_unit))
    return form_class(request.POST, request.FILES or None)


def case_action(request, case):
    action = request.POST.get("action")
    if action in CASE_ACTIONS:
        form_class, service, success = CASE_ACTIONS[action]
        form = _bound_form(request, case, form_class)
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
    return redirect("cycle:case_detail", case.pk)


@require_safe
def response_document(request, pk):
    """The signed official reply of an answer, for those who may see its case."""
    cases = access.scope_cases(request.user, Case.objects.all())
    response = get_object_or_404(Response.objects.exclude(signed_reply=""), pk=pk, case__in=cases)
    reply = FileResponse(response.signed_reply.open("rb"), content_type="application/pdf")
    reply["Content-Disposition"] = f'inline; filename="tra-loi-{response.case.code}.pdf"'
    return reply


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
