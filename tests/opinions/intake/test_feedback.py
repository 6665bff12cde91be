import pytest
from django.urls import reverse

from opinions.models import Area, Field, Signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def valid_data():
    return {
        "kind": "report",
        "field": Field.objects.get(code="moi-truong").pk,
        "area": Area.objects.get(code="24781").pk,
        "address": "Chợ Đà Lạt",
        "title": "Rác tồn đọng",
        "text": "Rác thải tồn đọng nhiều ngày ở góc chợ, bốc mùi hôi khó chịu.",
        "reporter_name": "Nguyễn Thị Lan",
        "reporter_phone": "0912 345 678",
        "reporter_email": "lan@example.invalid",
        "consent_personal_data": "on",
        "allow_public": "on",
        "submission_key": "a" * 32,
    }


def test_it_saves_a_signal_and_shows_the_tracking_code(client, valid_data):
    response = client.post(reverse("opinions:feedback_create"), valid_data, follow=True)
    assert response.status_code == 200
    signal = Signal.objects.get()
    assert signal.channel == "web" and signal.kind == "report"
    assert signal.area.code == "24781" and signal.field.code == "moi-truong"
    assert signal.reporter_name == "Nguyễn Thị Lan" and signal.consent_at is not None
    assert signal.tracking_code in response.content.decode()
    assert "Đã tiếp nhận" in response.content.decode()


def test_it_never_creates_two_signals_for_a_retried_submission(client, valid_data):
    url = reverse("opinions:feedback_create")
    client.post(url, valid_data)
    second = client.post(url, valid_data, follow=True)
    assert Signal.objects.count() == 1
    assert Signal.objects.get().tracking_code in second.content.decode()


def test_it_rejects_bad_input_with_vietnamese_messages_and_saves_nothing(client, valid_data):
    bad = dict(valid_data, text="ngắn", field="999999", reporter_email="khong-phai-email")
    response = client.post(reverse("opinions:feedback_create"), bad)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nội dung quá ngắn" in page
    assert "Lĩnh vực đã chọn không hợp lệ." in page
    assert "Địa chỉ thư điện tử không hợp lệ." in page
    assert Signal.objects.count() == 0


def test_it_requires_consent_to_keep_contact_details(client, valid_data):
    data = dict(valid_data)
    del data["consent_personal_data"]
    response = client.post(reverse("opinions:feedback_create"), data)
    assert "đồng ý xử lý dữ liệu cá nhân" in response.content.decode()
    assert Signal.objects.count() == 0


def test_it_accepts_an_anonymous_report(client, valid_data):
    data = {k: v for k, v in valid_data.items() if not k.startswith("reporter_") and k != "consent_personal_data"}
    client.post(reverse("opinions:feedback_create"), data)
    signal = Signal.objects.get()
    assert not signal.has_personal_data and signal.consent_at is None


def test_it_refuses_a_bot_that_fills_the_honeypot(client, valid_data):
    response = client.post(reverse("opinions:feedback_create"), dict(valid_data, website="http://spam"))
    assert response.status_code == 400
    assert Signal.objects.count() == 0


def test_it_tells_the_legal_procedure_for_a_complaint(client, valid_data):
    response = client.post(reverse("opinions:feedback_create"), dict(valid_data, kind="complaint"), follow=True)
    assert "Luật Khiếu nại" in response.content.decode()


def test_it_stores_text_in_nfc(client, valid_data):
    decomposed = "Đường ngập nước sau mưa lớn, xe máy chết máy giữa đường."
    import unicodedata

    client.post(reverse("opinions:feedback_create"), dict(valid_data, text=unicodedata.normalize("NFD", decomposed)))
    assert Signal.objects.get().text == unicodedata.normalize("NFC", decomposed)
