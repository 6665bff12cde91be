from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import workflow
from .forms import LEGAL_NOTICE, FeedbackForm, RatingForm, ReopenForm, TrackForm
from .models import Area, Attachment, Case, Channel, Field, Signal
from .notify import acknowledge_signal
from .services import create_signal

RATE_LIMIT_PER_HOUR = 20


def client_address(request):
    """The citizen's address: REMOTE_ADDR, or behind a trusted proxy the nearest untrusted address
    in X-Forwarded-For (settings.TRUSTED_PROXIES), so that one citizen's limit is not everyone's."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = set(settings.TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote


def over_rate_limit(request):
    """Spam control without outside services: at most RATE_LIMIT_PER_HOUR reports per address."""
    key = f"feedback-rate:{client_address(request)}"
    count = cache.get_or_set(key, 0, timeout=3600)
    return count >= RATE_LIMIT_PER_HOUR


def count_submission(request):
    key = f"feedback-rate:{client_address(request)}"
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)


@require_http_methods(["GET", "POST"])
def feedback_create(request):
    """Trang gửi phản ánh, kiến nghị (/phan-anh/)."""
    form = FeedbackForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if request.POST.get("website"):
            return render(
                request,
                "opinions/feedback_form.html",
                {"form": FeedbackForm(), "blocked": "Không thể tiếp nhận ý kiến này."},
                status=400,
            )
        if over_rate_limit(request):
            return render(
                request,
                "opinions/feedback_form.html",
                {
                    "form": form,
                    "blocked": "Địa chỉ của anh, chị đã gửi quá nhiều ý kiến trong một giờ. "
                    "Xin thử lại sau hoặc gọi đường dây nóng.",
                },
                status=429,
            )
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                signal, created = save_feedback(data)
            if created:
                count_submission(request)
            request.session["last_tracking_code"] = signal.tracking_code
            return redirect("opinions:feedback_done")
    return render(
        request,
        "opinions/feedback_form.html",
        {"form": form, "communes": communes()},
        status=400 if form.errors else 200,
    )


def communes():
    return Area.objects.exclude(kind=Area.Kind.PROVINCE).order_by("name").values_list("pk", "name")


def save_feedback(data):
    """The signal, its attachments and the e-mail with its code: all saved, or none."""
    signal, created = create_signal(
        channel=Channel.WEB,
        kind=data["kind"],
        text=data["text"],
        submission_key=data["submission_key"],
        title=data["title"],
        field=data["field"],
        area=data["area"],
        address=data["address"],
        reporter_name=data["reporter_name"],
        reporter_phone=data["reporter_phone"],
        reporter_email=data["reporter_email"],
        consent_personal_data=data["consent_personal_data"],
        allow_public=data["allow_public"],
    )
    if created:
        for upload in data.get("attachments") or []:
            Attachment.objects.create(
                signal=signal,
                file=upload,
                original_name=upload.name,
                content_type=upload.content_type,
                size=upload.size,
            )
        acknowledge_signal(signal)
    return signal, created


def feedback_done(request):
    """Xác nhận đã tiếp nhận, với mã tra cứu."""
    code = request.session.get("last_tracking_code")
    signal = Signal.objects.filter(tracking_code=code).first() if code else None
    if signal is None:
        return redirect("opinions:feedback_create")
    return render(
        request,
        "opinions/feedback_done.html",
        {"signal": signal, "legal_notice": LEGAL_NOTICE.get(signal.kind)},
    )


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
def feedback_similar(request):
    """Fragment: open public cases in the same field and commune that look like the text being typed."""
    field = Field.objects.filter(pk=request.GET.get("field") or None).first()
    area = Area.objects.filter(pk=request.GET.get("area") or None).first()
    cases = workflow.similar_open_cases(field, area, request.GET.get("text", "")[:5000], public_only=True)
    return render(request, "opinions/_similar_cases.html", {"cases": cases})


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
    return Case.objects.filter(is_public=True).select_related("field", "area")


@require_GET
def answered_list(request):
    """Kết quả trả lời công khai: answered cases whose citizens agreed to publication."""
    cases = public_cases().filter(status__in=[Case.Status.ANSWERED, Case.Status.CLOSED]).order_by("-answered_at")
    field = Field.objects.filter(pk=request.GET.get("linh_vuc") or None).first()
    area = Area.objects.filter(pk=request.GET.get("dia_ban") or None).first()
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
            "communes": communes(),
            "field": field,
            "area": area,
        },
    )


@require_GET
def public_case(request, code):
    case = get_object_or_404(public_cases(), code=code)
    answer = workflow.approved_answer(case) if case.status in (Case.Status.ANSWERED, Case.Status.CLOSED) else None
    return render(request, "opinions/public_case.html", {"case": case, "answer": answer})
