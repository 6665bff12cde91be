import hashlib
import json

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods

from cms.lib.text import nfc, number_or_none
from opinions import geo, ratelimit
from opinions.cycle.notify import acknowledge_signal
from opinions.cycle.similar import similar_open_cases
from opinions.intake.forms import DENUNCIATION_RULE, LEGAL_NOTICE, TEXT_MAX, TEXT_MIN, FeedbackForm
from opinions.models import Area, Attachment, Channel, Field, Signal
from opinions.services import create_signal

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
    """Spam control without outside services: at most RATE_LIMIT_PER_HOUR posts per address, counted
    atomically in the database before the post is looked at (opinions.ratelimit)."""
    return not ratelimit.hit(f"feedback-rate:{client_address(request)}", RATE_LIMIT_PER_HOUR, 3600)


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
            data, sent = once_per_browser(request, form.cleaned_data)
            with transaction.atomic():
                signal, created = save_feedback(data)
            response = redirect("opinions:feedback_done")
            _set_cookie(response, SENT_COOKIE, json.dumps(sent), 30 * 24 * 3600)
            _set_cookie(response, DONE_COOKIE, f"{signal.tracking_code}|{int(not created)}", 24 * 3600)
            return response
    return render(
        request,
        "opinions/feedback_form.html",
        form_context(form),
        status=400 if form.errors else 200,
    )


SENT_KEPT = 20
# The browser's memory of what it sent is two signed cookies, not a database session: the report's
# transaction is the request's last database write (on SQLite a session saved after the view, in a
# second transaction, could fail with "database is locked" after the report was stored, and the
# citizen saw an error page while the report was kept).
SENT_COOKIE = "ln-da-gui"
DONE_COOKIE = "ln-ma-tra-cuu"
COOKIE_SALT = "opinions.intake.web"


def _set_cookie(response, name, value, max_age):
    response.set_signed_cookie(
        name,
        value,
        salt=COOKIE_SALT,
        max_age=max_age,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _read_cookie(request, name):
    try:
        return request.get_signed_cookie(name, salt=COOKIE_SALT)
    except (KeyError, signing.BadSignature):
        return None


def fingerprint(data):
    """The same report: same kind, field, commune and text (spaces, case and Unicode form aside)."""
    text = " ".join(nfc(data["text"]).lower().split())
    raw = f"{data['kind']}|{data['field'].pk}|{data['area'].pk}|{text}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def once_per_browser(request, data):
    """One-use token per report: the form's key is used once (create_signal), and a report this
    browser already sent (Back, then Gửi again: the page may come back with a fresh key) reuses the
    first key, so create_signal returns the first report instead of a second one.
    Returns the data with the key to use and what the browser's cookie keeps (the last SENT_KEPT)."""
    try:
        sent = json.loads(_read_cookie(request, SENT_COOKIE) or "{}")
    except ValueError:
        sent = {}
    if not isinstance(sent, dict):
        sent = {}
    key = fingerprint(data)
    data = dict(data, submission_key=str(sent.get(key) or data["submission_key"]))
    sent.pop(key, None)
    sent[key] = data["submission_key"]
    return data, dict(list(sent.items())[-SENT_KEPT:])


def form_context(form):
    """What the form's page shows besides the form: the commune list, the law on denunciation, limits."""
    return {
        "form": form,
        "communes": communes(),
        "denunciation_rule": DENUNCIATION_RULE,
        "text_max": TEXT_MAX,
        "text_min": TEXT_MIN,
    }


def communes():
    return Area.objects.communes().order_by("name").values_list("pk", "name")


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
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
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
    code, _, repeat = (_read_cookie(request, DONE_COOKIE) or "").partition("|")
    signal = Signal.objects.filter(tracking_code=code).first() if code else None
    if signal is None:
        return redirect("opinions:feedback_create")
    return render(
        request,
        "opinions/feedback_done.html",
        {
            "signal": signal,
            "legal_notice": LEGAL_NOTICE.get(signal.kind),
            "repeat": repeat == "1",
        },
    )


@require_GET
@gzip_page
def commune_map(request):
    """The communes' boundaries for the feedback form's map (GeoJSON, public, cached for a day;
    about 150 kB compressed)."""
    response = HttpResponse(geo.communes_geojson(), content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def feedback_similar(request):
    """Fragment: open public cases in the same field and commune that look like the text being typed."""
    field = Field.objects.filter(pk=number_or_none(request.GET.get("field"))).first()
    area = Area.objects.filter(pk=number_or_none(request.GET.get("area"))).first()
    cases = similar_open_cases(field, area, request.GET.get("text", "")[:5000], public_only=True)
    return render(request, "opinions/_similar_cases.html", {"cases": cases})
