"""The citizen's side of the cycle on the public site: tracking a report by its code, rating the
answer, asking for a review, and the list of answered cases that may be published."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from cms.lib.text import number_or_none
from opinions.cycle import services as workflow
from opinions.cycle.public_forms import RatingForm, ReopenForm, TrackForm
from opinions.models import Area, Case, Field, Signal
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
        signals = Signal.objects.select_related("case", "case__assigned_unit", "field", "area")
        signal = signals.filter(tracking_code=form.cleaned_data["ma"]).first()
        if signal is None:
            form.add_error("ma", "Không tìm thấy ý kiến có mã này. Xin kiểm tra lại mã tra cứu.")
    status = 404 if form.errors and request.GET else 200
    return render(request, "opinions/feedback_track.html", track_context(form, signal), status=status)


def track_context(form, signal, rating_form=None, reopen_form=None):
    context = {"form": form, "signal": signal}
    if signal is not None:
        case = signal.case
        context.update(
            status=public_status(signal),
            case=case,
            answer=workflow.approved_answer(case) if case and case.status == Case.Status.ANSWERED else None,
            rating_form=rating_form or RatingForm(),
            reopen_form=reopen_form or ReopenForm(),
            can_reopen=workflow.can_reopen(signal),
        )
    return context


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
