"""Services of the cycle Tiếp nhận – Xử lý – Phản hồi.

Each service is one transaction and writes its change to the log (CaseEvent: who, when, from → to,
note). Services check who may act: the opinion office triages, assigns, transfers and approves; the
handler of the assigned unit notes progress, pauses, asks for more time and drafts the answer.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cms.lib.text import nfc
from opinions import access
from opinions.cycle import inbox
from opinions.cycle.deadlines import add_days, add_working_days, working_days_between
from opinions.cycle.notify import notify_answer, notify_assignment, notify_rejection, notify_reopened
from opinions.models import (
    Case,
    CaseEvent,
    DeadlinePolicy,
    Extension,
    Response,
    RoutingRule,
    Signal,
    SignalKind,
    Unit,
    Urgency,
)

Action = CaseEvent.Action

# Used when the back-office has no row for a kind (vn-norms.md; docs/cycle.md explains each).
DEFAULT_POLICIES = {
    (SignalKind.REPORT, ""): (10, True),
    (SignalKind.PROPOSAL, ""): (10, True),
    (SignalKind.SUGGESTION, ""): (10, True),
    (SignalKind.OPINION, ""): (10, True),
    (SignalKind.COMPLAINT, ""): (30, False),
    (SignalKind.DENUNCIATION, ""): (30, False),
}
URGENT_DEFAULT = (1, True)


POLICY_BASIS = {
    SignalKind.REPORT: "Quy chế tiếp nhận, xử lý PAKN của tỉnh",
    SignalKind.PROPOSAL: "Quy chế tiếp nhận, xử lý PAKN của tỉnh",
    SignalKind.SUGGESTION: "Quy chế tiếp nhận, xử lý PAKN của tỉnh",
    SignalKind.OPINION: "Kế hoạch công tác DLXH",
    SignalKind.COMPLAINT: "Luật Khiếu nại 2011, Điều 28 (lần đầu ≤ 30 ngày)",
    SignalKind.DENUNCIATION: "Luật Tố cáo 2018, Điều 30 (≤ 30 ngày)",
}


def seed_deadline_policies(counts=None):
    """The default rows, once; the office's later edits are kept."""
    for (kind, urgency), (days, working) in [*DEFAULT_POLICIES.items()]:
        _, made = DeadlinePolicy.objects.get_or_create(
            kind=kind,
            urgency=urgency,
            defaults={"days": days, "working_days": working, "legal_basis": POLICY_BASIS.get(kind, "")},
        )
        if counts is not None:
            counts["created"] += int(made)
    for kind in (SignalKind.REPORT, SignalKind.PROPOSAL, SignalKind.OPINION):
        _, made = DeadlinePolicy.objects.get_or_create(
            kind=kind,
            urgency=Urgency.URGENT,
            defaults={
                "days": URGENT_DEFAULT[0],
                "working_days": True,
                "remind_before": 0,
                "legal_basis": "Báo cáo nhanh vụ việc khẩn cấp",
            },
        )
        if counts is not None:
            counts["created"] += int(made)


class WorkflowError(Exception):
    """A request that the cycle does not allow now; the message is for the user, in Vietnamese."""


def log_event(action, *, actor=None, case=None, signal=None, from_value="", to_value="", note=""):
    return CaseEvent.objects.create(
        action=action,
        actor=actor if actor and actor.is_authenticated else None,
        case=case,
        signal=signal,
        from_value=str(from_value or "")[:255],
        to_value=str(to_value or "")[:255],
        note=nfc(note or ""),
    )


def _fmt(day):
    return day.strftime("%d/%m/%Y") if day else ""


def _require_handler(actor, case):
    """The office, or a handler of the unit the case is assigned to."""
    if access.is_office(actor):
        return
    unit = access.user_unit(actor)
    if access.is_leader(actor) or unit is None or case.assigned_unit_id != unit.pk:
        raise PermissionDenied("Vụ việc này không được giao cho đơn vị của anh, chị.")


def _lock(model, pk):
    return model.objects.select_for_update().get(pk=pk)


# Deadlines -------------------------------------------------------------------------------------------


def deadline_policy(kind, urgency):
    """(days, working_days) for a kind and urgency: the back-office's rows first, then the defaults."""
    rows = {(p.urgency): p for p in DeadlinePolicy.objects.filter(kind=kind, urgency__in=[urgency, ""])}
    row = rows.get(urgency) or rows.get("")
    if row:
        return row.days, row.working_days
    if urgency == Urgency.URGENT:
        return URGENT_DEFAULT
    return DEFAULT_POLICIES.get((kind, ""), (10, True))


def compute_deadline(kind, urgency, start=None):
    days, working = deadline_policy(kind, urgency)
    return add_days(start or timezone.localdate(), days, working)


# Routing and similarity ------------------------------------------------------------------------------


def suggest_unit(field, area):
    """Field × area → unit: the most specific routing rule, else a unit in charge of that area."""
    rules = {
        (rule.field_id, rule.area_id): rule.unit
        for rule in RoutingRule.objects.select_related("unit").filter(
            Q(field=field) | Q(field__isnull=True), Q(area=area) | Q(area__isnull=True)
        )
    }
    field_id, area_id = (field.pk if field else None), (area.pk if area else None)
    for key in ((field_id, area_id), (field_id, None), (None, area_id), (None, None)):
        if key in rules:
            return rules[key]
    if area is not None:
        units = Unit.objects.filter(is_active=True, areas=area)
        if field is not None:
            with_field = units.filter(fields=field).first()
            if with_field:
                return with_field
        return units.order_by("kind", "name").first()
    return None


# Triage (tiếp nhận, phân loại) -------------------------------------------------------------------------


def _triageable(signal):
    if signal.status not in (Signal.Status.NEW, Signal.Status.CLASSIFIED):
        raise WorkflowError("Thông tin này đã được xử lý phân loại trước đó.")


@transaction.atomic
def classify_signal(actor, signal, *, kind, field, area, urgency):
    access.require_office(actor)
    signal = _lock(Signal, signal.pk)
    _triageable(signal)
    before = f"{signal.get_kind_display()}, {signal.field or '-'}, {signal.area or '-'}, {signal.get_urgency_display()}"
    signal.kind, signal.field, signal.area, signal.urgency = kind, field, area, urgency
    signal.status = Signal.Status.CLASSIFIED
    signal.save(update_fields=["kind", "field", "area", "urgency", "status", "updated_at"])
    after = f"{signal.get_kind_display()}, {field or '-'}, {area or '-'}, {signal.get_urgency_display()}"
    log_event(Action.CLASSIFIED, actor=actor, signal=signal, from_value=before, to_value=after)
    return signal


@transaction.atomic
def open_case(actor, signal, *, title=""):
    """Lập vụ việc from a signal; the signal's consent decides whether the result may be public."""
    access.require_office(actor)
    signal = _lock(Signal, signal.pk)
    _triageable(signal)
    if signal.field_id is None or signal.area_id is None:
        raise WorkflowError("Xin phân loại lĩnh vực và địa bàn trước khi lập vụ việc.")
    case = Case.objects.create(
        title=nfc(title) or signal.title or signal.text[:120],
        summary=signal.text,
        kind=signal.kind,
        field=signal.field,
        area=signal.area,
        urgency=signal.urgency,
        is_public=signal.allow_public,
    )
    signal.case, signal.status = case, Signal.Status.ATTACHED
    signal.save(update_fields=["case", "status", "updated_at"])
    log_event(Action.OPENED, actor=actor, case=case, signal=signal, to_value=case.code)
    return case


@transaction.atomic
def attach_signal(actor, signal, case, note=""):
    access.require_office(actor)
    signal = _lock(Signal, signal.pk)
    _triageable(signal)
    if not case.is_open:
        raise WorkflowError("Chỉ gắn được vào vụ việc đang xử lý.")
    signal.case, signal.status = case, Signal.Status.ATTACHED
    signal.save(update_fields=["case", "status", "updated_at"])
    log_event(Action.ATTACHED, actor=actor, case=case, signal=signal, to_value=case.code, note=note)
    return signal


@transaction.atomic
def mark_duplicate(actor, signal, original, note=""):
    """Trùng lặp: the same report sent again. It follows the original's case, so its code shows the answer."""
    access.require_office(actor)
    signal = _lock(Signal, signal.pk)
    _triageable(signal)
    if original.pk == signal.pk:
        raise WorkflowError("Không thể đánh dấu một thông tin trùng với chính nó.")
    signal.status, signal.duplicate_of, signal.case = Signal.Status.DUPLICATE, original, original.case
    signal.status_note = nfc(note)
    signal.save(update_fields=["status", "duplicate_of", "case", "status_note", "updated_at"])
    log_event(
        Action.DUPLICATE, actor=actor, signal=signal, case=original.case, to_value=original.tracking_code, note=note
    )
    return signal


@transaction.atomic
def reject_signal(actor, signal, reason):
    access.require_office(actor)
    reason = nfc(reason or "")
    if len(reason) < 10:
        raise WorkflowError("Xin nêu rõ lý do từ chối (ít nhất 10 ký tự): người dân sẽ đọc lý do này.")
    signal = _lock(Signal, signal.pk)
    _triageable(signal)
    signal.status, signal.status_note = Signal.Status.REJECTED, reason
    signal.save(update_fields=["status", "status_note", "updated_at"])
    log_event(Action.REJECTED, actor=actor, signal=signal, note=reason)
    notify_rejection(signal)
    return signal


# Handling (xử lý) -----------------------------------------------------------------------------------


@transaction.atomic
def assign_case(actor, case, unit, note=""):
    """Chuyển xử lý: the unit and a deadline from the kind's policy, counted from today."""
    access.require_office(actor)
    case = _lock(Case, case.pk)
    if case.status != Case.Status.NEW:
        raise WorkflowError("Vụ việc đã được chuyển xử lý; dùng chức năng chuyển đơn vị khác.")
    case.assigned_unit, case.status = unit, Case.Status.ASSIGNED
    case.assigned_at = timezone.now()
    case.deadline = case.original_deadline = compute_deadline(case.kind, case.urgency)
    case.save()
    log_event(Action.ASSIGNED, actor=actor, case=case, to_value=f"{unit} – hạn {_fmt(case.deadline)}", note=note)
    notify_assignment(case)
    inbox.notify_unit(case, inbox.Kind.ASSIGNED, f"{case.code} – {case.title} (hạn {_fmt(case.deadline)})")
    return case


@transaction.atomic
def transfer_case(actor, case, unit, reason):
    access.require_office(actor)
    reason = nfc(reason or "")
    if not reason:
        raise WorkflowError("Xin nêu lý do chuyển đơn vị khác.")
    case = _lock(Case, case.pk)
    if not case.is_open or case.assigned_unit_id is None:
        raise WorkflowError("Chỉ chuyển được vụ việc đang xử lý đã giao đơn vị.")
    if case.assigned_unit_id == unit.pk:
        raise WorkflowError("Vụ việc đã thuộc đơn vị này.")
    before = case.assigned_unit
    case.assigned_unit, case.assigned_officer = unit, None
    case.save(update_fields=["assigned_unit", "assigned_officer", "updated_at"])
    log_event(Action.TRANSFERRED, actor=actor, case=case, from_value=before, to_value=unit, note=reason)
    notify_assignment(case)
    inbox.notify_unit(case, inbox.Kind.ASSIGNED, f"{case.code} – {case.title} (chuyển từ {before})")
    return case


@transaction.atomic
def assign_officer(actor, case, officer):
    """Giao cán bộ: a named officer of the assigned unit (or none) handles the case."""
    _require_handler(actor, case)
    case = _lock(Case, case.pk)
    if not case.is_open or case.assigned_unit_id is None:
        raise WorkflowError("Chỉ giao cán bộ cho vụ việc đang xử lý đã giao đơn vị.")
    if officer is not None and not inbox.unit_staff(case.assigned_unit).filter(pk=officer.pk).exists():
        raise WorkflowError("Cán bộ được giao phải thuộc đơn vị xử lý vụ việc.")
    before = case.assigned_officer
    case.assigned_officer = officer
    case.save(update_fields=["assigned_officer", "updated_at"])
    label = inbox.staff_name(officer) if officer else "chưa giao"
    log_event(Action.OFFICER, actor=actor, case=case, from_value=inbox.staff_name(before), to_value=label)
    if officer is not None and officer != actor:
        inbox.notify_users([officer], inbox.Kind.OFFICER, f"{case.code} – {case.title}", case)
    return case


@transaction.atomic
def add_internal_note(actor, case, text):
    """Ghi chú nội bộ: for the office and the unit only; never shown to the citizen nor published."""
    _require_handler(actor, case)
    text = nfc(text or "")
    if not text:
        raise WorkflowError("Xin nhập nội dung ghi chú nội bộ.")
    return log_event(Action.INTERNAL_NOTE, actor=actor, case=case, note=text[:5000])


def _set_status(actor, case, status, action=Action.STATUS, note=""):
    before = case.get_status_display()
    case.status = status
    case.save()
    log_event(action, actor=actor, case=case, from_value=before, to_value=case.get_status_display(), note=note)


@transaction.atomic
def add_note(actor, case, text):
    _require_handler(actor, case)
    text = nfc(text or "")
    if not text:
        raise WorkflowError("Xin nhập nội dung ghi chú tiến độ.")
    case = _lock(Case, case.pk)
    log_event(Action.NOTE, actor=actor, case=case, note=text)
    if case.status == Case.Status.ASSIGNED:
        _set_status(actor, case, Case.Status.IN_PROGRESS)
    return case


@transaction.atomic
def pause_case(actor, case, note):
    """Chờ người dân bổ sung: the clock stops until the case is resumed."""
    _require_handler(actor, case)
    case = _lock(Case, case.pk)
    if case.status not in (Case.Status.ASSIGNED, Case.Status.IN_PROGRESS):
        raise WorkflowError("Chỉ tạm dừng được vụ việc đang xử lý.")
    if not nfc(note or ""):
        raise WorkflowError("Xin ghi rõ người dân cần bổ sung gì.")
    case.paused_on = timezone.localdate()
    _set_status(actor, case, Case.Status.WAITING_CITIZEN, Action.PAUSED, note)
    return case


@transaction.atomic
def resume_case(actor, case, note="", today=None):
    """The deadline moves by the working days the case waited for the citizen."""
    _require_handler(actor, case)
    case = _lock(Case, case.pk)
    if case.status != Case.Status.WAITING_CITIZEN:
        raise WorkflowError("Vụ việc không ở trạng thái chờ người dân bổ sung.")
    today = today or timezone.localdate()
    paused = working_days_between(case.paused_on or today, today)
    before = case.deadline
    if case.deadline and paused:
        case.deadline = add_working_days(case.deadline, paused)
    case.paused_on = None
    _set_status(actor, case, Case.Status.IN_PROGRESS, Action.RESUMED, note)
    if before != case.deadline:
        log_event(
            Action.RESUMED,
            actor=actor,
            case=case,
            from_value=f"hạn {_fmt(before)}",
            to_value=f"hạn {_fmt(case.deadline)}",
            note=f"Tạm dừng {paused} ngày làm việc.",
        )
    return case


@transaction.atomic
def request_extension(actor, case, extra_days, reason):
    _require_handler(actor, case)
    reason = nfc(reason or "")
    if not reason:
        raise WorkflowError("Xin nêu lý do đề nghị gia hạn.")
    if not 1 <= int(extra_days) <= 60:
        raise WorkflowError("Số ngày gia hạn phải từ 1 đến 60 ngày làm việc.")
    case = _lock(Case, case.pk)
    if not case.is_open or case.deadline is None:
        raise WorkflowError("Chỉ gia hạn được vụ việc đang xử lý có hạn.")
    if case.extensions.filter(status=Extension.Status.PENDING).exists():
        raise WorkflowError("Đã có một đề nghị gia hạn đang chờ phê duyệt.")
    extension = Extension.objects.create(case=case, extra_days=extra_days, reason=reason, requested_by=actor)
    log_event(Action.EXTENSION_REQUESTED, actor=actor, case=case, to_value=f"{extra_days} ngày làm việc", note=reason)
    inbox.notify_office(case, inbox.Kind.EXTENSION, f"{case.code}: {extra_days} ngày làm việc – {reason}")
    return extension


@transaction.atomic
def decide_extension(actor, extension, approve, note=""):
    access.require_office(actor)
    extension = _lock(Extension, extension.pk)
    if extension.status != Extension.Status.PENDING:
        raise WorkflowError("Đề nghị gia hạn này đã được quyết định.")
    case = _lock(Case, extension.case_id)
    extension.status = Extension.Status.APPROVED if approve else Extension.Status.REFUSED
    extension.decided_by, extension.decided_at, extension.decision_note = actor, timezone.now(), nfc(note)
    extension.save()
    if approve:
        before = case.deadline
        case.deadline = add_working_days(case.deadline, extension.extra_days)
        case.save(update_fields=["deadline", "updated_at"])
        log_event(
            Action.EXTENDED,
            actor=actor,
            case=case,
            from_value=f"hạn {_fmt(before)}",
            to_value=f"hạn {_fmt(case.deadline)}",
            note=note or extension.reason,
        )
    else:
        log_event(Action.EXTENSION_REFUSED, actor=actor, case=case, note=note)
    return extension


def current_draft(case):
    return case.responses.filter(
        status__in=[Response.Status.DRAFT, Response.Status.RETURNED, Response.Status.SUBMITTED]
    ).first()


@transaction.atomic
def draft_response(actor, case, text, submit=False, signed_reply=None):
    """The unit's draft answer (with the signed official reply, a PDF, if given); submit sends it to
    the office for approval."""
    _require_handler(actor, case)
    text = nfc(text or "")
    if len(text) < 20:
        raise WorkflowError("Nội dung trả lời quá ngắn (ít nhất 20 ký tự).")
    case = _lock(Case, case.pk)
    # An answered case takes a correction: a new answer that goes through approval like the first.
    if not case.is_open and case.status != Case.Status.ANSWERED:
        raise WorkflowError("Vụ việc đã đóng.")
    response = current_draft(case)
    if response and response.status == Response.Status.SUBMITTED and not access.is_office(actor):
        raise WorkflowError("Dự thảo đang chờ phê duyệt; chờ Ban trả lại nếu cần sửa.")
    if response is None:
        response = Response(case=case, author=actor)
    response.text = text
    response.status = Response.Status.SUBMITTED if submit else Response.Status.DRAFT
    if signed_reply:
        response.signed_reply = signed_reply
    response.save()
    correction = "Đính chính câu trả lời đã phê duyệt. " if case.status == Case.Status.ANSWERED else ""
    log_event(Action.SUBMITTED if submit else Action.DRAFTED, actor=actor, case=case, note=(correction + text)[:500])
    if submit:
        inbox.notify_office(case, inbox.Kind.SUBMITTED, f"{case.code} – {case.title}")
    if case.status == Case.Status.ASSIGNED:
        _set_status(actor, case, Case.Status.IN_PROGRESS)
    return response


@transaction.atomic
def approve_response(actor, response):
    """Phê duyệt: the answer becomes the case's, the case is answered, citizens are told."""
    access.require_office(actor)
    response = _lock(Response, response.pk)
    if response.status != Response.Status.SUBMITTED:
        raise WorkflowError("Chỉ phê duyệt được dự thảo đã trình.")
    case = _lock(Case, response.case_id)
    response.status, response.approved_by, response.approved_at = Response.Status.APPROVED, actor, timezone.now()
    response.save()
    case.answered_at = case.answered_at or response.approved_at  # a correction keeps the answer's date
    case.paused_on = None
    _set_status(actor, case, Case.Status.ANSWERED, Action.APPROVED, response.text[:500])
    notify_answer(case, response)
    inbox.notify_unit(case, inbox.Kind.APPROVED, f"{case.code} – {case.title}")
    return response


@transaction.atomic
def return_response(actor, response, note):
    access.require_office(actor)
    note = nfc(note or "")
    if not note:
        raise WorkflowError("Xin ghi rõ nội dung cần sửa khi trả lại dự thảo.")
    response = _lock(Response, response.pk)
    if response.status != Response.Status.SUBMITTED:
        raise WorkflowError("Chỉ trả lại được dự thảo đã trình.")
    response.status = Response.Status.RETURNED
    response.save()
    log_event(Action.RETURNED, actor=actor, case=response.case, note=note)
    inbox.notify_unit(response.case, inbox.Kind.RETURNED, f"{response.case.code}: {note}")
    return response


# The citizen's follow-up (phản hồi) --------------------------------------------------------------------


def approved_answer(case):
    if case is None:
        return None
    return case.responses.filter(status=Response.Status.APPROVED).order_by("-approved_at").first()


def approved_answers(case):
    """Every approved answer of the case, oldest first: a review keeps the earlier answers."""
    if case is None:
        return []
    return list(case.responses.filter(status=Response.Status.APPROVED).order_by("approved_at", "pk"))


def can_rate(signal):
    """Once per answer: a new answer after a review may be rated again."""
    case = signal.case
    if case is None or case.status != Case.Status.ANSWERED or not case.answered_at:
        return False
    return not (signal.rated_at and signal.rated_at >= case.answered_at)


def can_reopen(signal, now=None):
    case = signal.case
    if signal.reopened_at or case is None or case.status != Case.Status.ANSWERED or not case.answered_at:
        return False
    now = now or timezone.now()
    return (now - case.answered_at).days < settings.CASE_REOPEN_DAYS


@transaction.atomic
def rate_answer(signal, rating, comment=""):
    signal = _lock(Signal, signal.pk)
    if signal.case is None or signal.case.status != Case.Status.ANSWERED:
        raise WorkflowError("Ý kiến này chưa có câu trả lời để đánh giá.")
    if not can_rate(signal):
        raise WorkflowError("Anh, chị đã đánh giá câu trả lời này.")
    signal.rating, signal.rating_comment, signal.rated_at = rating, nfc(comment or "")[:1000], timezone.now()
    signal.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    case = signal.case
    log_event(Action.RATED, case=case, signal=signal, to_value=signal.get_rating_display(), note=signal.rating_comment)
    comment = f" – {signal.rating_comment}" if signal.rating_comment else ""
    text = f"{case.code}: {signal.get_rating_display()}{comment}"
    inbox.notify_unit(case, inbox.Kind.RATED, text)
    if signal.rating == "unsatisfied":
        inbox.notify_office(case, inbox.Kind.RATED, text)
    return signal


@transaction.atomic
def reopen_case(signal, reason):
    """Xem xét lại: once per signal, within CASE_REOPEN_DAYS of the answer. The case goes back to its
    unit with a new deadline from the kind's policy counted from today; earlier answers are kept;
    the unit and the office are told (e-mail and the back-office inbox)."""
    reason = nfc(reason or "")
    if len(reason) < 10:
        raise WorkflowError("Xin nêu rõ lý do đề nghị xem xét lại (ít nhất 10 ký tự).")
    signal = _lock(Signal, signal.pk)
    if not can_reopen(signal):
        raise WorkflowError("Không thể đề nghị xem xét lại: đã quá hạn hoặc đã đề nghị một lần.")
    case = _lock(Case, signal.case_id)
    signal.reopened_at = timezone.now()
    signal.save(update_fields=["reopened_at", "updated_at"])
    before = case.deadline
    case.answered_at = None
    case.reopen_count += 1
    case.deadline = case.original_deadline = compute_deadline(case.kind, case.urgency)
    case.status = Case.Status.IN_PROGRESS
    case.save()
    log_event(
        Action.REOPENED,
        case=case,
        signal=signal,
        from_value=f"hạn {_fmt(before)}",
        to_value=f"hạn {_fmt(case.deadline)}",
        note=reason,
    )
    notify_reopened(case, reason)
    text = f"{case.code} – {case.title}: {reason} (hạn mới {_fmt(case.deadline)})"
    inbox.notify_unit(case, inbox.Kind.REOPENED, text)
    inbox.notify_office(case, inbox.Kind.REOPENED, text)
    return case
