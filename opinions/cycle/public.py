"""The citizen's side of the cycle on the public site: tracking a report by its code, rating the
answer, asking for a review, and the list of answered cases that may be published."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from cms.lib.text import number_or_none
from opinions.cycle import services as workflow
from opinions.cycle.public_forms import RatingForm, ReopenForm, TrackForm
from opinions.models import Area, Attachment, Case, CaseEvent, Field, Response, Signal
from opinions.publication import published_cases

STATUS_FOR_SIGNAL = {
    Signal.Status.NEW: "Đang phân loại, chuyển xử lý",
    Signal.Status.CLASSIFIED: "Đang phân loại, chuyển xử lý",
    Signal.Status.REJECTED: "Không tiếp nhận xử lý",
}


def public_status(signal):
    if signal.status in STATUS_FOR_SIGNAL or signal.case is None:
        return STATUS_FOR_SIGNAL.get(signal.status, "Đang phân loại, chuyển xử lý")
    return signal.case.get_status_display()


@require_GET
def feedback_track(request):
    """Tra cứu: status and approved answer by code; never the citizen's name or contacts."""
    form = TrackForm(request.GET or None)
    signal = None
    if form.is_valid():
        signals = Signal.objects.select_related("case", "case__assigned_unit", "field", "area").prefetch_related(
            "attachments"
        )
        signal = signals.filter(tracking_code=form.cleaned_data["ma"]).first()
        if signal is None:
            form.add_error("ma", "Không tìm thấy ý kiến có mã này. Xin kiểm tra lại mã tra cứu.")
    status = 404 if form.errors and request.GET else 200
    return render(request, "opinions/feedback_track.html", track_context(form, signal), status=status)


# What the citizen reads of the log: steps, never the officers' notes (internal) nor other citizens' actions.
PUBLIC_STEPS = {
    CaseEvent.Action.OPENED: "Lập vụ việc để xử lý",
    CaseEvent.Action.ASSIGNED: "Chuyển đơn vị xử lý",
    CaseEvent.Action.TRANSFERRED: "Chuyển đơn vị khác xử lý",
    CaseEvent.Action.PAUSED: "Tạm dừng tính hạn, chờ người dân bổ sung",
    CaseEvent.Action.RESUMED: "Tiếp tục xử lý",
    CaseEvent.Action.EXTENDED: "Gia hạn xử lý",
    CaseEvent.Action.APPROVED: "Có câu trả lời",
    CaseEvent.Action.RATED: "Anh, chị đánh giá câu trả lời",
    CaseEvent.Action.REOPENED: "Anh, chị đề nghị xem xét lại",
    CaseEvent.Action.REJECTED: "Không tiếp nhận xử lý",
    CaseEvent.Action.DUPLICATE: "Gộp với ý kiến trùng đã gửi trước",
    CaseEvent.Action.ATTACHED: "Gộp vào vụ việc đang xử lý",
}
SHOWN_VALUES = {CaseEvent.Action.EXTENDED, CaseEvent.Action.RESUMED, CaseEvent.Action.REOPENED, CaseEvent.Action.RATED}
OWN_ONLY = {CaseEvent.Action.RATED, CaseEvent.Action.REOPENED}


def public_timeline(signal):
    """[(when, step, detail)] of the signal and its case, oldest first."""
    steps = [(signal.received_at, "Tiếp nhận ý kiến", "")]
    events = CaseEvent.objects.filter(action__in=list(PUBLIC_STEPS))
    events = events.filter(Q(signal=signal) | Q(case=signal.case) if signal.case_id else Q(signal=signal))
    for event in events.order_by("at", "pk"):
        if event.action in OWN_ONLY and event.signal_id != signal.pk:
            continue
        if event.action == CaseEvent.Action.OPENED and event.signal_id not in (None, signal.pk):
            continue
        detail = event.to_value if event.action in SHOWN_VALUES else ""
        if event.action in (CaseEvent.Action.ASSIGNED, CaseEvent.Action.TRANSFERRED):
            detail = event.to_value
        steps.append((event.at, PUBLIC_STEPS[event.action], detail))
    return steps


def track_context(form, signal, rating_form=None, reopen_form=None):
    context = {"form": form, "signal": signal}
    if signal is not None:
        case = signal.case
        answers = workflow.approved_answers(case)
        context.update(
            status=public_status(signal),
            case=case,
            answers=answers,
            answer=answers[-1] if answers and case.status == Case.Status.ANSWERED else None,
            can_rate=workflow.can_rate(signal),
            rating_form=rating_form or RatingForm(),
            reopen_form=reopen_form or ReopenForm(),
            can_reopen=workflow.can_reopen(signal),
            timeline=public_timeline(signal),
            photos=[a for a in signal.attachments.all() if a.content_type.startswith("image/")],
        )
    return context


@require_GET
def feedback_photo(request, code, pk):
    """One photo the citizen sent, for the holder of the tracking code only (the code is the secret)."""
    attachment = get_object_or_404(
        Attachment, pk=pk, signal__tracking_code=code.upper(), content_type__startswith="image/"
    )
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def answer_document(request, code, pk):
    """The signed official reply (PDF) of an approved answer, for the holder of the tracking code only:
    it is addressed to the citizen and may carry their name, so it is never on the public case page."""
    signal = get_object_or_404(Signal, tracking_code=code.upper(), case__isnull=False)
    response = get_object_or_404(signal.case.responses.exclude(signed_reply=""), pk=pk, status=Response.Status.APPROVED)
    reply = FileResponse(response.signed_reply.open("rb"), content_type="application/pdf")
    reply["Content-Disposition"] = f'inline; filename="tra-loi-{signal.case.code}.pdf"'
    reply["Cache-Control"] = "private, no-store"
    reply["X-Robots-Tag"] = "noindex"
    return reply


def _signal_by_code(request):
    code = request.POST.get("ma", "").strip().upper()
    return get_object_or_404(Signal.objects.select_related("case"), tracking_code=code)


@require_POST
def feedback_rate(request):
    signal = _signal_by_code(request)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            workflow.rate_answer(signal, form.cleaned_data["rating"], form.cleaned_data["comment"])
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Đã nhận đánh giá của anh, chị. Cảm ơn anh, chị.")
            return redirect(f"{request.path.rsplit('danh-gia/', 1)[0]}?ma={signal.tracking_code}")
    context = track_context(TrackForm(initial={"ma": signal.tracking_code}), signal, rating_form=form)
    return render(request, "opinions/feedback_track.html", context, status=400)


@require_POST
def feedback_reopen(request):
    signal = _signal_by_code(request)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            workflow.reopen_case(signal, form.cleaned_data["reason"])
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Đã nhận đề nghị xem xét lại. Vụ việc được chuyển lại đơn vị xử lý; "
                "hạn xử lý mới và câu trả lời mới sẽ hiện trên trang này.",
            )
            return redirect(f"{request.path.rsplit('xem-xet-lai/', 1)[0]}?ma={signal.tracking_code}")
    context = track_context(TrackForm(initial={"ma": signal.tracking_code}), signal, reopen_form=form)
    return render(request, "opinions/feedback_track.html", context, status=400)


def public_cases():
    return published_cases().select_related("field", "area")


@require_GET
def answered_list(request):
    """Kết quả trả lời công khai: answered cases whose citizens agreed to publication."""
    cases = public_cases().filter(status__in=[Case.Status.ANSWERED, Case.Status.CLOSED]).order_by("-answered_at")
    field = Field.objects.filter(pk=number_or_none(request.GET.get("linh_vuc"))).first()
    area = Area.objects.filter(pk=number_or_none(request.GET.get("dia_ban"))).first()
    if field:
        cases = cases.filter(field=field)
    if area:
        cases = cases.filter(area=area)
    page = Paginator(cases, 20).get_page(request.GET.get("trang"))
    return render(
        request,
        "opinions/answered_list.html",
        {
            "page": page,
            "fields": Field.objects.all(),
            "communes": Area.objects.communes().order_by("name").values_list("pk", "name"),
            "field": field,
            "area": area,
        },
    )


@require_GET
def public_case(request, code):
    case = get_object_or_404(public_cases(), code=code)
    answer = workflow.approved_answer(case) if case.status in (Case.Status.ANSWERED, Case.Status.CLOSED) else None
    return render(request, "opinions/public_case.html", {"case": case, "answer": answer})
