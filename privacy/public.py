"""Public pages: the privacy policy (current notice version) and the data subject's request form,
its one-time code, its status page (the outcome and any refusal's legal ground) and the copy."""

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from opinions.intake.web import client_address
from privacy import services
from privacy.documents import DOCX_TYPE, person_docx, person_json
from privacy.forms import CodeForm, RequestForm, ResendForm
from privacy.models import PrivacyNotice, RightsRequest
from privacy.subject import export_data, find_person

REQUESTS_PER_HOUR = 10
VERIFIED_KEY = "privacy-verified"


def policy(request):
    """Chính sách bảo vệ dữ liệu cá nhân: the current version, or an earlier one (?phien-ban=)."""
    version = request.GET.get("phien-ban")
    notice = PrivacyNotice.objects.filter(version=version).first() if version else PrivacyNotice.current()
    versions = PrivacyNotice.objects.filter(published_at__isnull=False)
    return render(request, "privacy/policy.html", {"notice": notice, "versions": versions})


def _over_limit(request):
    key = f"privacy-rate:{client_address(request)}"
    count = cache.get_or_set(key, 0, timeout=3600)
    cache.set(key, count + 1, timeout=3600)
    return count >= REQUESTS_PER_HOUR


@require_http_methods(["GET", "POST"])
def request_form(request):
    """Gửi yêu cầu về dữ liệu cá nhân: tracking code + contact on record → a one-time code."""
    form = RequestForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid() and not form.cleaned_data["website"]:
        if _over_limit(request):
            error = "Địa chỉ của anh, chị đã gửi quá nhiều yêu cầu trong một giờ. Xin thử lại sau."
        else:
            data = form.cleaned_data
            try:
                created = services.start_request(
                    kind=data["kind"],
                    tracking_code=data["tracking_code"],
                    contact=data["contact"],
                    details=data["details"],
                )
            except services.RequestError as problem:
                error = str(problem)
            else:
                return redirect("privacy:request_status", token=created.token)
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/request_form.html", {"form": form, "error": error}, status=status)


def _verified(request, rights_request):
    return rights_request.token in request.session.get(VERIFIED_KEY, [])


@require_http_methods(["GET", "POST"])
def request_status(request, token):
    """Theo dõi yêu cầu: enter the code, see the clocks, the outcome or the refusal's ground."""
    rights_request = get_object_or_404(RightsRequest, token=token)
    code_form, resend_form, error = CodeForm(), ResendForm(), ""
    if request.method == "POST" and "code" in request.POST:
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            try:
                services.verify(rights_request, code_form.cleaned_data["code"])
            except services.RequestError as problem:
                error = str(problem)
            else:
                request.session[VERIFIED_KEY] = [*request.session.get(VERIFIED_KEY, [])[-9:], token]
                return redirect("privacy:request_status", token=token)
    elif request.method == "POST":
        resend_form = ResendForm(request.POST)
        error = _resend(rights_request, resend_form)
    rights_request.refresh_from_db()
    context = {
        "item": rights_request,
        "code_form": code_form,
        "resend_form": resend_form,
        "error": error,
        "verified": _verified(request, rights_request),
        "downloads": services.downloads_allowed(rights_request) and _verified(request, rights_request),
    }
    return render(request, "privacy/request_status.html", context, status=400 if error else 200)


def _resend(rights_request, form):
    if not form.is_valid():
        return "Vui lòng điền thư điện tử hoặc số điện thoại."
    signal = rights_request.subject()
    if signal is None or not services.contact_matches(signal, form.cleaned_data["contact"]):
        return "Thông tin liên hệ không khớp với hồ sơ."
    services.send_code(rights_request, form.cleaned_data["contact"].strip())
    return ""


def request_copy(request, token, fmt):
    """Bản sao dữ liệu (JSON or DOCX): a done access request, in the session that proved the code."""
    rights_request = get_object_or_404(RightsRequest, token=token)
    if fmt not in ("json", "docx") or not (
        services.downloads_allowed(rights_request) and _verified(request, rights_request)
    ):
        raise Http404("Không có bản sao để tải.")
    data = export_data(find_person(code=rights_request.tracking_code))
    if fmt == "docx":
        response = HttpResponse(person_docx(data), content_type=DOCX_TYPE)
    else:
        response = HttpResponse(person_json(data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="du-lieu-{rights_request.reference}.{fmt}"'
    return response
