"""Messages back to citizens on Zalo and by SMS: the queue, the Zalo OA client, the SMS gateways.

Like the e-mails (opinions/cycle/notify.py): a message is a row (OutgoingMessage) written in the
transaction of what it announces, handed to the worker after commit and retried by the periodic
job `send_channel_messages` until sent (MAX_ATTEMPTS). Its key makes a repeated event a no-op.

- Zalo: the OA message API (POST {ZALO_API_URL}/v3.0/oa/message/cs, header access_token, body
  {"recipient": {"user_id"}, "message": {"text"}}; the answer has "error": 0 when sent).
- SMS: a gateway interface, send(phone, text); ConsoleGateway prints (development), HttpGateway
  posts JSON {to, text, sender} with a bearer token to SMS_GATEWAY_URL and expects a 2xx.
"""

import json
import logging
import sys
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal as Event
from django.utils import timezone

from cms.lib.text import fold_accents
from opinions.models import OutgoingMessage

logger = logging.getLogger(__name__)
# Sent for each queued message (argument: message); intake/receivers.py hands it to the worker after commit.
message_queued = Event()
MAX_ATTEMPTS = 5
TIMEOUT = 15
ZALO_TEXT_LIMIT = 2000
SMS_TEXT_LIMIT = 320


class SendError(Exception):
    pass


def post_json(url, payload, headers):
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = response.read(1_000_000)
    except urllib.error.HTTPError as error:
        raise SendError(f"HTTP {error.code} từ {url}") from None
    except (urllib.error.URLError, OSError) as error:
        raise SendError(f"Không kết nối được {url}: {error}") from None
    try:
        return json.loads(body or b"{}")
    except ValueError:
        raise SendError(f"Câu trả lời không phải JSON từ {url}") from None


class ZaloClient:
    """The OA message API: one customer-service text message to a user who wrote to the OA."""

    def __init__(self, base_url=None, access_token=None):
        self.base_url = (base_url or settings.ZALO_API_URL).rstrip("/")
        self.access_token = access_token or settings.ZALO_ACCESS_TOKEN

    def send_text(self, user_id, text):
        answer = post_json(
            f"{self.base_url}/v3.0/oa/message/cs",
            {"recipient": {"user_id": user_id}, "message": {"text": text[:ZALO_TEXT_LIMIT]}},
            {"access_token": self.access_token},
        )
        if answer.get("error") != 0:
            raise SendError(f"Zalo từ chối: {answer.get('error')} {answer.get('message', '')}")
        return (answer.get("data") or {}).get("message_id", "")

    def download(self, url, max_bytes):
        """An image a citizen sent (its URL is in the event), at most max_bytes."""
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
                data = response.read(max_bytes + 1)
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise SendError(f"Không tải được ảnh: {error}") from None
        if len(data) > max_bytes:
            raise SendError("Ảnh quá lớn")
        return data


class ConsoleGateway:
    """Development: the SMS is printed, nothing is sent."""

    def send(self, phone, text):
        sys.stdout.write(f"[SMS → {phone}] {text}\n")
        return "console"


class HttpGateway:
    """A provider's HTTP API: POST JSON {to, text, sender} with a bearer token; 2xx means accepted."""

    def __init__(self, url=None, token=None, sender=None):
        self.url = url or settings.SMS_GATEWAY_URL
        self.token = token or settings.SMS_GATEWAY_TOKEN
        self.sender = sender or settings.SMS_SENDER

    def send(self, phone, text):
        if not self.url:
            raise SendError("Chưa cấu hình SMS_GATEWAY_URL")
        answer = post_json(
            self.url,
            {"to": phone, "text": text[:SMS_TEXT_LIMIT], "sender": self.sender},
            {"Authorization": f"Bearer {self.token}"},
        )
        return str(answer.get("id", ""))


def sms_gateway():
    return HttpGateway() if settings.SMS_GATEWAY == "http" else ConsoleGateway()


def send(message):
    if message.channel == "zalo":
        return ZaloClient().send_text(message.to, message.text)
    return sms_gateway().send(message.to, message.text)


def queue_message(channel, to, text, key, signal=None):
    """One message, once per key; sent by the worker after commit (opinions/intake/receivers.py)."""
    if not to:
        return None
    if channel == "sms":  # unaccented text: one 160-character GSM part instead of 70-character UCS-2 parts
        text = fold_accents(text)
    message, created = OutgoingMessage.objects.get_or_create(
        key=key[:100], defaults={"channel": channel, "to": to, "text": text, "signal": signal}
    )
    if created:
        message_queued.send(sender=OutgoingMessage, message=message)
    return message


def deliver_message(pk):
    """Send one queued message; a failure keeps it pending for the next try."""
    with transaction.atomic():
        message = OutgoingMessage.objects.select_for_update().filter(pk=pk).first()
        if message is None or message.status != OutgoingMessage.Status.PENDING:
            return False
        message.attempts += 1
        try:
            send(message)
        except SendError as error:
            message.last_error = str(error)[:500]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutgoingMessage.Status.FAILED
            logger.warning("Tin nhắn %s chưa gửi được: %s", pk, error)
        else:
            message.status, message.sent_at, message.last_error = OutgoingMessage.Status.SENT, timezone.now(), ""
        message.save()
    return message.status == OutgoingMessage.Status.SENT


def send_pending_messages():
    sent = failed = 0
    for pk in OutgoingMessage.objects.filter(status=OutgoingMessage.Status.PENDING).values_list("pk", flat=True):
        if deliver_message(pk):
            sent += 1
        else:
            failed += 1
    return sent, failed
