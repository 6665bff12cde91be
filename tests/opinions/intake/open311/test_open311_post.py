"""Open311 POST Service Request: api_key, validation errors as specified, location to commune."""

import pytest

from opinions.models import ApiKey, Signal
from tests.opinions.intake.open311.open311_support import PERSONAL_VALUES, issue_key, parse, post_request


@pytest.fixture
def api_key(db):
    return issue_key()


pytestmark = pytest.mark.django_db


def test_it_registers_a_signal_and_returns_its_tracking_code(client, api_key):
    response = post_request(client, api_key[1], description="Rác thải tồn đọng bên hồ Xuân Hương.")
    assert response.status_code == 200
    [answer] = parse(response)
    signal = Signal.objects.get()
    assert answer["service_request_id"] == signal.tracking_code
    assert answer["token"] == signal.api_submission.token
    assert signal.channel == "open311" and signal.kind == "report" and signal.field.code == "moi-truong"
    assert signal.area.code == "24781" and str(signal.latitude) == "11.940400"
    assert signal.api_submission.api_key == api_key[0]


def test_it_answers_a_post_in_xml(client, api_key):
    response = post_request(client, api_key[1], fmt="xml", description="Cây đổ chắn đường.")
    root, [answer] = parse(response)
    assert root == "service_requests"
    assert answer["service_request_id"] == Signal.objects.get().tracking_code
    assert "Mã tra cứu" in answer["service_notice"]


@pytest.mark.parametrize("key", [None, "", "khoa-sai"])
def test_it_refuses_a_post_without_a_valid_api_key(client, key):
    response = post_request(client, key, description="Không có khóa.")
    assert response.status_code == 403
    assert parse(response)[0]["code"] == 403
    assert not Signal.objects.exists()


def test_it_refuses_a_revoked_api_key(client, api_key):
    api_key[0].revoke()
    response = post_request(client, api_key[1], fmt="xml", description="Khóa đã thu hồi.")
    assert response.status_code == 403
    assert parse(response)[1][0]["description"] == "api_key không hợp lệ hoặc đã bị thu hồi."
    assert not Signal.objects.exists()


def test_it_answers_an_unknown_service_code_with_404(client, api_key):
    response = post_request(client, api_key[1], service_code="khong-co")
    assert response.status_code == 404 and not Signal.objects.exists()


def test_it_lists_every_invalid_parameter_in_vietnamese_and_saves_nothing(client, api_key):
    response = post_request(
        client, api_key[1], lat="11.9", long=None, email="khong-phai-email", media_url="ftp://x", description="x" * 4001
    )
    assert response.status_code == 400
    descriptions = [error["description"] for error in parse(response)]
    assert len(descriptions) == 4 and all(error["code"] == 400 for error in parse(response))
    assert "lat và long phải được gửi cùng nhau." in descriptions
    assert "email không hợp lệ." in descriptions
    assert not Signal.objects.exists()


def test_it_refuses_a_point_outside_the_province(client, api_key):
    response = post_request(client, api_key[1], lat="10.7769", long="106.7009")  # Hồ Chí Minh City
    assert response.status_code == 400
    assert "ngoài địa bàn tỉnh Lâm Đồng" in parse(response)[0]["description"]


def test_it_takes_a_commune_code_as_address_id(client, api_key):
    post_request(client, api_key[1], lat=None, long=None, address_id="22918", description="Sạt lở bờ kè.")
    assert Signal.objects.get().area.name == "Phường Mũi Né"
    response = post_request(client, api_key[1], lat=None, long=None, address_id="99999")
    assert response.status_code == 400 and "address_id" in parse(response)[0]["description"]


def test_it_finds_the_commune_named_in_an_address_string(client, api_key):
    post_request(client, api_key[1], lat=None, long=None, address_string="12 Trần Hưng Đạo, Phường Mũi Né")
    signal = Signal.objects.get()
    assert signal.area.code == "22918" and signal.address == "12 Trần Hưng Đạo, Phường Mũi Né"


def test_it_requires_a_location(client, api_key):
    response = post_request(client, api_key[1], lat=None, long=None)
    assert response.status_code == 400 and "Thiếu vị trí" in parse(response)[0]["description"]


def test_it_keeps_contacts_only_when_the_partner_collects_consent(client, api_key):
    contact = {"first_name": "Nguyễn Văn", "last_name": "Dân", "phone": "0987654321", "email": "dan@example.invalid"}
    response = post_request(client, api_key[1], description="Có đồng ý.", device_id="thiet-bi-42", **contact)
    kept = Signal.objects.get()
    assert kept.reporter_name == "Nguyễn Văn Dân" and kept.consent_personal_data and kept.consent_at
    assert not any(value in response.content.decode() for value in PERSONAL_VALUES)
    _, raw = ApiKey.issue("Không cam kết")
    response = post_request(client, raw, description="Không đồng ý.", **contact)
    dropped = Signal.objects.exclude(pk=kept.pk).get()
    assert (dropped.reporter_name, dropped.reporter_phone, dropped.reporter_email) == ("", "", "")
    assert "không được lưu" in parse(response)[0]["service_notice"]
