"""The Zalo OA and SMS channels: signed webhooks, messages back, personal-data scoping."""

import hmac
import json
import logging
import time

import pytest
from django.urls import reverse

from opinions.cycle import services as cycle
from opinions.intake import sms, zalo
from opinions.intake.messaging import send_pending_messages
from opinions.models import Field, OutgoingMessage, PersonalDataAccess, Signal, Unit
from tests.opinions.intake.fakes import GOOD_TOKEN, FakeApi, zalo_event

pytestmark = pytest.mark.django_db
ZALO_URL = "/phan-anh/kenh/zalo/"
SMS_URL = "/phan-anh/kenh/sms/"


@pytest.fixture
def api(settings):
    with FakeApi() as fake:
        settings.ZALO_APP_ID, settings.ZALO_OA_SECRET = "360846524940903967", "oa-secret-thu"
        settings.ZALO_API_URL, settings.ZALO_ACCESS_TOKEN = fake.url, GOOD_TOKEN
        settings.SMS_WEBHOOK_SECRET = "sms-secret-thu"
        settings.SMS_GATEWAY, settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_TOKEN = (
            "http",
            fake.url + "/sms/send",
            "sms-token",
        )
        yield fake


def post_zalo(client, body, good=True):
    timestamp = json.loads(body)["timestamp"]
    mac = zalo.signature(body, timestamp) if good else "mac=" + "0" * 64
    return client.post(ZALO_URL, body, content_type="application/json", HTTP_X_ZEVENT_SIGNATURE=mac)


def post_sms(client, sender="84912345678", text="Nước sinh hoạt ở thôn 3 bị đục", when=None, good=True, msg_id="s1"):
    from urllib.parse import urlencode

    body = urlencode({"sender": sender, "text": text, "time": str(when or int(time.time())), "id": msg_id}).encode()
    mac = sms.signature(body) if good else "0" * 64
    return client.post(SMS_URL, body, content_type="application/x-www-form-urlencoded", HTTP_X_SIGNATURE=mac)


def test_a_zalo_text_becomes_a_signal_and_the_code_goes_back_on_zalo(client, api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_zalo(client, zalo_event("user_send_text"))
    assert response.status_code == 200 and response.json()["created"]
    signal = Signal.objects.get()
    assert signal.channel == "zalo" and "Xuân Hương" in signal.text
    assert signal.reporter_zalo_id == "246845883529197922" and signal.consent_personal_data
    path, headers, body = api.requests[-1]
    assert path == "/v3.0/oa/message/cs" and headers["access_token"] == GOOD_TOKEN
    assert body["recipient"]["user_id"] == "246845883529197922" and signal.tracking_code in body["message"]["text"]
    assert OutgoingMessage.objects.get().status == "sent"
    # Zalo redelivers: the same signal, no second message.
    assert not post_zalo(client, zalo_event("user_send_text")).json()["created"]
    assert Signal.objects.count() == 1 and OutgoingMessage.objects.count() == 1


def test_zalo_image_and_location(client, api, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    post_zalo(client, zalo_event("user_send_image", api.url))
    post_zalo(client, zalo_event("user_send_location"))
    image, place = Signal.objects.order_by("received_at")
    assert image.attachments.get().content_type == "image/jpeg" and image.source_url.endswith("/anh.jpg")
    assert str(place.latitude) == "11.940419" and place.area is not None


class _Lines(logging.Handler):
    """The log lines themselves (CI runs pytest with -p no:logging, so no caplog)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_bad_signatures_are_refused_and_logged_on_both_webhooks(client, api):
    lines, root = _Lines(), logging.getLogger()
    root.addHandler(lines)
    try:
        assert post_zalo(client, zalo_event("user_send_text"), good=False).status_code == 403
        assert post_sms(client, good=False).status_code == 403
        assert post_sms(client, when=int(time.time()) - 3600).status_code == 403
    finally:
        root.removeHandler(lines)
    assert Signal.objects.count() == 0
    text = "\n".join(lines.lines)
    assert "Webhook Zalo bị từ chối" in text and "Webhook SMS bị từ chối" in text


def test_an_sms_becomes_a_signal_and_the_answer_goes_back(client, api, office_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert post_sms(client).json()["created"]
    signal = Signal.objects.get()
    assert signal.channel == "sms" and signal.reporter_phone == "0912345678"
    path, headers, body = api.requests[-1]
    assert path == "/sms/send" and body["to"] == "0912345678" and signal.tracking_code in body["text"]
    assert body["text"].isascii()  # unaccented: one GSM part
    assert not post_sms(client).json()["created"]
    unit = Unit.objects.get(code="ubnd-24781")
    field = Field.objects.get(code="giao-thong-ha-tang")
    cycle.classify_signal(office_user, signal, kind="report", field=field, area=unit.areas.first(), urgency="normal")
    case = cycle.open_case(office_user, signal)
    cycle.assign_case(office_user, case, unit)
    with django_capture_on_commit_callbacks(execute=True):
        cycle.approve_response(office_user, cycle.draft_response(office_user, case, "Đã thau rửa bể chứa nước.", True))
    assert "da co tra loi" in api.requests[-1][2]["text"]


def test_a_message_that_cannot_be_sent_stays_pending(client, api, settings, django_capture_on_commit_callbacks):
    settings.ZALO_ACCESS_TOKEN = "het-han"
    with django_capture_on_commit_callbacks(execute=True):
        post_zalo(client, zalo_event("user_send_text"))
    message = OutgoingMessage.objects.get()
    assert message.status == "pending" and "-216" in message.last_error
    settings.ZALO_ACCESS_TOKEN = GOOD_TOKEN
    assert send_pending_messages() == (1, 0)


def test_zalo_ids_and_phones_are_seen_only_by_the_case_handlers_and_logged(
    client, api, office_user, handler_user, other_handler_user, leader_user
):
    post_zalo(client, zalo_event("user_send_text"))
    signal = Signal.objects.get()
    unit = Unit.objects.get(code="ubnd-24781")
    field = Field.objects.get(code="giao-thong-ha-tang")
    cycle.classify_signal(office_user, signal, kind="report", field=field, area=unit.areas.first(), urgency="normal")
    case = cycle.open_case(office_user, signal)
    cycle.assign_case(office_user, case, unit)
    url = reverse("cycle:case_detail", args=[case.pk])
    client.force_login(handler_user)
    assert "246845883529197922" in client.get(url).content.decode()
    assert PersonalDataAccess.objects.filter(user=handler_user, signal=signal).exists()
    client.force_login(other_handler_user)
    assert client.get(url).status_code in (403, 404)
    client.force_login(leader_user)
    page = client.get(url)
    assert "246845883529197922" not in page.content.decode()
    assert not PersonalDataAccess.objects.filter(user=leader_user).exists()


def test_the_console_gateway_prints(capsys):
    from opinions.intake.messaging import ConsoleGateway

    ConsoleGateway().send("0912345678", "Ma tra cuu LD-12345678")
    assert "0912345678" in capsys.readouterr().out
    assert hmac.compare_digest(sms.signature(b"x", "k"), sms.signature(b"x", "k"))
