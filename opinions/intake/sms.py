"""Kênh SMS: the SMS gateway's inbound webhook; a citizen's message → one signal.

A generic form any provider can be configured to send (POST, form-encoded): sender (the phone
number), text, time (ISO 8601 or Unix seconds), id (optional, the provider's message id). The body
is signed with the shared secret: header X-Signature = hex HMAC-SHA256(SMS_WEBHOOK_SECRET, raw body).
A wrong signature or a time more than MAX_SKEW away is refused (403, logged) and changes nothing.
"""

import datetime
import hashlib
import hmac
import logging
import re

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from opinions.models import Channel, SignalKind
from opinions.services import create_signal

logger = logging.getLogger(__name__)
MAX_SKEW = datetime.timedelta(minutes=15)
PHONE_RE = re.compile(r"^\+?\d{8,15}$")


def signature(body, secret=None):
    secret = settings.SMS_WEBHOOK_SECRET if secret is None else secret
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def sent_at(value):
    value = (value or "").strip()
    if value.isdigit():
        return datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)
    moment = parse_datetime(value) if value else None
    if moment and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def refuse(request, reason):
    logger.warning("Webhook SMS bị từ chối: %s (từ %s)", reason, request.META.get("REMOTE_ADDR"))
    return JsonResponse({"error": reason}, status=403)


def local_phone(number):
    """84912345678 / +84912345678 → 0912345678, as citizens and staff write it."""
    number = number.strip().replace(" ", "")
    if number.startswith("+84"):
        return "0" + number[3:]
    if number.startswith("84") and len(number) == 11:
        return "0" + number[2:]
    return number


@csrf_exempt
@require_POST
def webhook(request):
    """POST /kenh/sms/: one inbound SMS."""
    if not settings.SMS_WEBHOOK_SECRET:
        return refuse(request, "Chưa cấu hình SMS_WEBHOOK_SECRET.")
    if not hmac.compare_digest(request.headers.get("X-Signature", ""), signature(request.body)):
        return refuse(request, "Chữ ký không hợp lệ.")
    sender, text = request.POST.get("sender", ""), request.POST.get("text", "").strip()
    moment = sent_at(request.POST.get("time"))
    if moment is None or abs(timezone.now() - moment) > MAX_SKEW:
        return refuse(request, "Thời điểm gửi không hợp lệ hoặc quá cũ.")
    if not PHONE_RE.match(sender.strip()) or not text:
        return JsonResponse({"error": "Thiếu số điện thoại người gửi hoặc nội dung."}, status=400)
    basis = request.POST.get("id") or f"{sender}|{request.POST.get('time')}|{text}"
    signal, created = create_signal(
        channel=Channel.SMS,
        kind=SignalKind.REPORT,
        text=text[:5000],
        received_at=moment,
        submission_key="sms-" + hashlib.sha256(basis.encode()).hexdigest()[:56],
        reporter_phone=local_phone(sender)[:30],
        # The citizen texted the published number to be answered: the number is kept to answer (docs/channels.md).
        consent_personal_data=True,
    )
    return JsonResponse({"ok": True, "tracking_code": signal.tracking_code, "created": created})
