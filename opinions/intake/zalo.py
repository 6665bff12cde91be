"""Kênh Zalo OA: the Official Account's webhook; a citizen's text, image or location → one signal.

Zalo signs each event (Zalo for Developers, "Official Account API – Webhook"): the header
X-ZEvent-Signature is "mac=" + sha256(app_id + raw body + timestamp + OA secret key) in hex, the
timestamp being the event's own "timestamp" field. An event without a valid signature is refused
(403, logged) before anything is read. The tracking code and the approved answer go back through
the OA message API (opinions/intake/messaging.py, ZaloClient). Zalo's servers cannot be reached
from the tests: they use recorded payloads and a local fake of the API (docs/channels.md).
"""

import hashlib
import hmac
import json
import logging
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from opinions.geo import locate_area_id
from opinions.intake.messaging import ZaloClient
from opinions.intake.uploads import MAX_FILE_BYTES, clean_upload
from opinions.models import Attachment, Channel, SignalKind
from opinions.services import create_signal

logger = logging.getLogger(__name__)
EVENTS = ("user_send_text", "user_send_image", "user_send_location")


def signature(body, timestamp, app_id=None, secret=None):
    app_id = settings.ZALO_APP_ID if app_id is None else app_id
    secret = settings.ZALO_OA_SECRET if secret is None else secret
    digest = hashlib.sha256(app_id.encode() + body + str(timestamp).encode() + secret.encode()).hexdigest()
    return f"mac={digest}"


def verified_event(request):
    """The event if its signature is Zalo's, else None (and a line in the log)."""
    if not settings.ZALO_OA_SECRET:
        logger.warning("Webhook Zalo bị từ chối: chưa cấu hình ZALO_OA_SECRET")
        return None
    try:
        event = json.loads(request.body)
        timestamp = event["timestamp"]
    except (ValueError, KeyError, TypeError):
        event, timestamp = None, ""
    given = request.headers.get("X-ZEvent-Signature", "")
    if event is None or not hmac.compare_digest(given, signature(request.body, timestamp)):
        logger.warning("Webhook Zalo bị từ chối: chữ ký không hợp lệ (từ %s)", request.META.get("REMOTE_ADDR"))
        return None
    return event


def draft(event):
    """The signal's fields from one event: text, coordinates, the image's URL."""
    message = event.get("message") or {}
    fields = {"text": (message.get("text") or "").strip(), "image": None}
    for item in message.get("attachments") or []:
        payload = item.get("payload") or {}
        if item.get("type") == "image":
            fields["image"] = payload.get("url")
        elif item.get("type") == "location":
            coordinates = payload.get("coordinates") or {}
            try:
                fields["latitude"] = Decimal(str(coordinates["latitude"])).quantize(Decimal("0.000001"))
                fields["longitude"] = Decimal(str(coordinates["longitude"])).quantize(Decimal("0.000001"))
            except (KeyError, InvalidOperation):
                pass
    if not fields["text"]:
        fields["text"] = {"user_send_image": "(Ảnh gửi qua Zalo)", "user_send_location": "(Vị trí gửi qua Zalo)"}.get(
            event.get("event_name"), ""
        )
    return fields


def attach_image(signal, url):
    try:
        data = ZaloClient().download(url, MAX_FILE_BYTES)
        clean = clean_upload(SimpleUploadedFile("zalo.jpg", data))
    except Exception as error:  # SendError or a refused image: the URL stays in the signal
        logger.warning("Ảnh Zalo của %s không lưu được: %s", signal.tracking_code, error)
        return
    Attachment.objects.create(
        signal=signal, file=clean, original_name=clean.name, content_type=clean.content_type, size=clean.size
    )


def record_event(event):
    """One citizen's message → one signal (a redelivered event is the same signal)."""
    fields = draft(event)
    image = fields.pop("image")
    sender = str((event.get("sender") or {}).get("id", ""))[:64]
    msg_id = str((event.get("message") or {}).get("msg_id", ""))
    if "latitude" in fields:
        fields["area_id"] = locate_area_id(float(fields["latitude"]), float(fields["longitude"]))
    with transaction.atomic():
        signal, created = create_signal(
            channel=Channel.ZALO,
            kind=SignalKind.REPORT,
            submission_key=f"zalo-{hashlib.sha256(msg_id.encode()).hexdigest()[:56]}" if msg_id else None,
            source_url=image or "",
            reporter_zalo_id=sender,
            # The citizen wrote to the OA to be answered there: the Zalo id is kept to answer (docs/channels.md).
            consent_personal_data=bool(sender),
            **fields,
        )
        if created and image:
            attach_image(signal, image)
    return signal, created


@csrf_exempt
@require_POST
def webhook(request):
    """POST /kenh/zalo/: Zalo's events. 403 without a valid signature; 200 for every signed event."""
    event = verified_event(request)
    if event is None:
        return JsonResponse({"error": "Chữ ký không hợp lệ."}, status=403)
    if event.get("event_name") not in EVENTS:
        return JsonResponse({"ok": True, "ignored": event.get("event_name", "")})
    try:
        signal, created = record_event(event)
    except (ValueError, TypeError) as error:
        return JsonResponse({"error": f"Sự kiện không đọc được: {error}"}, status=400)
    return JsonResponse({"ok": True, "tracking_code": signal.tracking_code, "created": created})
