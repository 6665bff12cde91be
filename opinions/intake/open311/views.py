"""Open311 GeoReport v2 endpoints (thin views: parse, call records/intake, render)."""

import datetime
import re

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt

from opinions import ratelimit
from opinions.intake.open311 import records
from opinions.intake.open311.render import FORMATS, ApiError, error_response, respond
from opinions.intake.open311.submit import IDEMPOTENCY_KEY_MAX, clean_request, submit_request
from opinions.models import ApiKey, ApiSubmission, Field

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-26T00:00:00+07:00"
MAX_REQUESTS = 1000
MAX_SPAN = datetime.timedelta(days=90)


MAX_PAGE = 100_000
KEY_LIMIT_PER_HOUR = 600  # POSTs per API key and hour: a partner's bug or a leaked key cannot flood the queue
PARAM_MAX = 20_000
# C0 control characters but tab and line breaks: PostgreSQL refuses NUL, XML 1.0 refuses the others.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def check_input(request):
    """Every parameter is checked before anything reaches the database: no NUL byte (PostgreSQL
    refuses them in text), no parameter longer than any field could hold."""
    for data in (request.GET, request.POST):
        for name, values in data.lists():
            for value in [name, *values]:
                if CONTROL.search(value):
                    raise ApiError(400, f"Tham số {name[:40]!r} chứa ký tự điều khiển (như NUL): không được phép.")
                if len(value) > PARAM_MAX:
                    raise ApiError(400, f"Tham số {name[:40]!r} quá dài (tối đa {PARAM_MAX} ký tự).")


def open311(methods):
    """Check the format and the method; turn ApiError into the specification's error list."""

    def decorate(view):
        @csrf_exempt
        def wrapper(request, fmt, **kwargs):
            if fmt not in FORMATS:
                return error_response("xml", 404, f"Định dạng '{fmt}' không được hỗ trợ: dùng .xml hoặc .json.")
            if request.method not in methods:
                response = error_response(fmt, 405, f"Phương thức {request.method} không được hỗ trợ ở đây.")
                response["Allow"] = ", ".join(methods)
                return response
            try:
                check_input(request)
                return view(request, fmt, **kwargs)
            except ApiError as error:
                return error_response(fmt, error.status, *error.descriptions)

        wrapper.__name__ = view.__name__
        wrapper.__doc__ = view.__doc__
        return wrapper

    return decorate


@open311(["GET"])
def discovery(request, fmt):
    """Service discovery: where the endpoint is and which formats it speaks."""
    url = request.build_absolute_uri("/open311/v2/")
    payload = {
        "changeset": CHANGESET,
        "contact": f"{settings.WAGTAIL_SITE_NAME}: {request.build_absolute_uri('/phan-anh/')}",
        "key_service": "Khóa API do Ban Tuyên giáo và Dân vận cấp (trang quản trị → Cài đặt → Khóa API Open311).",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, payload, "discovery")


def service_record(field):
    return {
        "service_code": field.code,
        "service_name": field.name,
        "description": field.description or field.name,
        "metadata": False,
        "type": "realtime",
        "keywords": ", ".join(field.keyword_list),
        "group": "Phản ánh, kiến nghị",
    }


@open311(["GET"])
def service_list(request, fmt):
    """GET Service List: the fields (lĩnh vực) are the services."""
    return respond(fmt, [service_record(f) for f in Field.objects.all()], "services", "service")


@open311(["GET"])
def service_definition(request, fmt, code):
    """GET Service Definition. No service has metadata, so the attribute list is empty."""
    field = Field.objects.filter(code=code).first()
    if field is None:
        raise ApiError(404, f"Không có lĩnh vực (service_code) '{code}'.")
    return respond(fmt, {"service_code": field.code, "attributes": []}, "service_definition")


def parse_w3c(value, name, end=False):
    """A W3C datetime; a '+' left unencoded in a query string arrives as a space and is put back."""
    text = value.strip()
    if len(text) > 19 and text[19:20] == " ":
        text = text[:19] + "+" + text[20:]
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            if day is not None:
                moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise ApiError(400, f"{name} phải là thời điểm theo W3C, ví dụ 2026-11-01T00:00:00+07:00.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def filtered_requests(params):
    """GET Service Requests with the specification's filters (docs/open311.md)."""
    ids = [code.strip() for code in params.get("service_request_id", "").split(",") if code.strip()]
    if ids:
        # service_request_id overrides every other filter. Whoever holds the tracking code sees the
        # status of that report, public or not (as on the tracking page); content stays hidden.
        return list(records.base_queryset().filter(tracking_code__in=ids[:MAX_REQUESTS]).order_by("-received_at"))
    queryset = records.public_list_queryset()
    codes = [code.strip() for code in params.get("service_code", "").split(",") if code.strip()]
    if codes:
        queryset = queryset.filter(field__code__in=codes)
    start = parse_w3c(params["start_date"], "start_date") if params.get("start_date", "").strip() else None
    end = parse_w3c(params["end_date"], "end_date", end=True) if params.get("end_date", "").strip() else None
    if start and end and end < start:
        raise ApiError(400, "end_date phải sau start_date.")
    if start and end and end - start > MAX_SPAN:
        raise ApiError(400, "Khoảng start_date – end_date không được quá 90 ngày.")
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - MAX_SPAN
    if end is None:
        end = start + MAX_SPAN
    queryset = queryset.filter(received_at__gte=start, received_at__lte=end)
    statuses = {s.strip().lower() for s in params.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise ApiError(400, "status chỉ nhận open, closed (có thể cách nhau bằng dấu phẩy).")
    if statuses == {"open"}:
        queryset = queryset.exclude(records.CLOSED_Q)
    elif statuses == {"closed"}:
        queryset = queryset.filter(records.CLOSED_Q)
    page_size = _positive_int(params, "page_size", MAX_REQUESTS)
    page = _positive_int(params, "page", 1)
    page_size = min(page_size, MAX_REQUESTS)
    offset = (page - 1) * page_size
    return list(queryset.order_by("-received_at", "-pk")[offset : offset + page_size])


def _positive_int(params, name, default):
    value = params.get(name, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit() or len(value) > 9 or not 1 <= int(value) <= MAX_PAGE:
        raise ApiError(400, f"{name} phải là số nguyên dương, tối đa {MAX_PAGE}.")
    return int(value)


@open311(["GET", "POST"])
def request_list(request, fmt):
    """GET Service Requests (public list with filters) and POST Service Request (needs api_key)."""
    if request.method == "POST":
        return create_request(request, fmt)
    signals = filtered_requests(request.GET)
    return respond(fmt, [records.request_record(s) for s in signals], "service_requests", "request")


def create_request(request, fmt):
    # The key travels in the POST body only: a query string ends up in proxies' and servers' logs.
    raw_key = request.POST.get("api_key")
    if not raw_key:
        raise ApiError(403, "Thiếu api_key trong nội dung POST: yêu cầu tạo phản ánh phải kèm khóa API được cấp.")
    api_key = ApiKey.find_active(raw_key)
    if api_key is None:
        raise ApiError(403, "api_key không hợp lệ hoặc đã bị thu hồi.")
    if not ratelimit.hit(f"open311-key:{api_key.pk}", KEY_LIMIT_PER_HOUR, 3600):
        raise ApiError(429, f"Khóa API đã gửi quá {KEY_LIMIT_PER_HOUR} phản ánh trong một giờ; xin thử lại sau.")
    idempotency_key = request.headers.get("Idempotency-Key", "").strip()
    if len(idempotency_key) > IDEMPOTENCY_KEY_MAX:
        raise ApiError(400, f"Idempotency-Key quá dài: tối đa {IDEMPOTENCY_KEY_MAX} ký tự.")
    cleaned = clean_request(request.POST)
    signal, submission, _created, contact_dropped = submit_request(api_key, cleaned, idempotency_key)
    api_key.touch()
    notice = f"Đã tiếp nhận phản ánh. Mã tra cứu: {signal.tracking_code}."
    if contact_dropped:
        notice += (
            " Thông tin liên hệ không được lưu vì ứng dụng gửi chưa cam kết thu thập sự đồng ý xử lý "
            "dữ liệu cá nhân của người dân."
        )
    payload = [
        {
            "service_request_id": signal.tracking_code,
            "token": submission.token if submission else None,
            "service_notice": notice,
            "account_id": None,
        }
    ]
    return respond(fmt, payload, "service_requests", "request")


@open311(["GET"])
def request_detail(request, fmt, request_id):
    """GET Service Request: one report by its tracking code (still a list, as the specification says)."""
    signal = records.base_queryset().filter(tracking_code=request_id).first()
    if signal is None:
        raise ApiError(404, f"Không có phản ánh với mã '{request_id}'.")
    return respond(fmt, [records.request_record(signal)], "service_requests", "request")


@open311(["GET"])
def token_detail(request, fmt, token):
    """GET service_request_id from a token (every POST answers with both)."""
    row = (
        ApiSubmission.objects.filter(token=token, signal__channel__in=records.CITIZEN_CHANNELS)
        .values_list("signal__tracking_code", flat=True)
        .first()
    )
    if row is None:
        raise ApiError(404, f"Không có token '{token}'.")
    return respond(fmt, [{"service_request_id": row, "token": token}], "service_requests", "request")
