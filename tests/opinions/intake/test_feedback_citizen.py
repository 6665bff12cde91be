"""The feedback form as a citizen meets it (issue 15, item 10): a point on the map places the report
in its commune, publication is the citizen's own choice, a denunciation needs the denouncer's
identity, and the description's limit is stated."""

import json
import re

import pytest
from django.urls import reverse

from opinions import geo
from opinions.models import Area, Field, Signal

pytestmark = pytest.mark.django_db

URL = "/phan-anh/"


@pytest.fixture
def data():
    return {
        "kind": "report",
        "field": Field.objects.get(code="moi-truong").pk,
        "area": "",
        "text": "Rác thải tồn đọng nhiều ngày ở góc chợ, bốc mùi hôi khó chịu.",
        "submission_key": "b" * 32,
    }


def test_a_point_on_the_map_places_the_report_in_its_commune(client, data):
    geo.reset_commune_index()
    data.update(latitude="10.933300", longitude="108.287000")  # Mũi Né
    response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()
    signal = Signal.objects.get()
    assert signal.area.code == "22918"
    assert (float(signal.latitude), float(signal.longitude)) == (10.9333, 108.287)


def test_the_point_wins_over_another_commune_left_in_the_list(client, data):
    data.update(area=Area.objects.get(code="24781").pk, latitude="10.9333", longitude="108.287")
    assert client.post(URL, data).status_code == 302
    assert Signal.objects.get().area.code == "22918"


@pytest.mark.parametrize(
    ("lat", "long", "message"),
    [
        ("21.0285", "105.8542", "nằm ngoài tỉnh Lâm Đồng"),  # Hà Nội
        ("11.94", "", "Vị trí trên bản đồ không hợp lệ"),
        ("abc", "108.4", "Vị trí trên bản đồ không hợp lệ"),
    ],
)
def test_a_bad_point_is_refused_in_vietnamese_without_saving(client, data, lat, long, message):
    data.update(latitude=lat, longitude=long)
    response = client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Signal.objects.exists()


def test_without_a_point_the_commune_is_still_required(client, data):
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Vui lòng chọn xã, phường, đặc khu hoặc chọn một điểm trên bản đồ." in response.content.decode()


def test_the_commune_list_alone_still_works(client, data):
    data["area"] = Area.objects.get(code="24781").pk
    assert client.post(URL, data).status_code == 302
    signal = Signal.objects.get()
    assert signal.area.code == "24781" and signal.latitude is None


def test_publication_is_not_pre_selected_and_no_choice_means_not_published(client, data):
    page = client.get(URL).content.decode()
    radios = re.findall(r"<input[^>]*name=\"allow_public\"[^>]*>", page)
    assert len(radios) == 2 and not any("checked" in radio for radio in radios)
    data["area"] = Area.objects.get(code="24781").pk
    assert client.post(URL, data).status_code == 302
    assert Signal.objects.get().allow_public is False


@pytest.mark.parametrize(("choice", "public"), [("on", True), ("off", False)])
def test_publication_follows_the_citizens_choice(client, data, choice, public):
    data.update(area=Area.objects.get(code="24781").pk, allow_public=choice)
    assert client.post(URL, data).status_code == 302
    assert Signal.objects.get().allow_public is public


def test_a_denunciation_without_identity_is_refused_with_the_law_stated(client, data):
    page = client.get(URL).content.decode()
    assert "Luật Tố cáo 2018" in page and "tố cáo nặc danh" in page
    data.update(kind="denunciation", area=Area.objects.get(code="24781").pk, reporter_name="Nguyễn Văn Hùng")
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Tố cáo cần họ tên và số điện thoại hoặc thư điện tử" in response.content.decode()
    assert not Signal.objects.exists()


def test_a_denunciation_with_identity_and_consent_is_taken(client, data):
    data.update(
        kind="denunciation",
        area=Area.objects.get(code="24781").pk,
        reporter_name="Nguyễn Văn Hùng",
        reporter_phone="0912345678",
        consent_personal_data="on",
    )
    assert client.post(URL, data).status_code == 302
    assert Signal.objects.get().reporter_name == "Nguyễn Văn Hùng"


def test_a_report_may_still_be_anonymous(client, data):
    data["area"] = Area.objects.get(code="24781").pk
    assert client.post(URL, data).status_code == 302
    assert Signal.objects.get().reporter_name == ""


def test_the_page_states_the_description_limit_and_carries_the_map(client):
    page = client.get(URL).content.decode()
    assert "Từ 20 đến 5.000 ký tự." in page
    assert 'data-max="5000"' in page
    assert reverse("opinions:commune_map") in page
    assert "feedback-map.js" in page and "<script>" not in page  # no inline script (CSP)


def test_the_map_serves_the_communes_boundaries(client):
    geo.reset_commune_index()
    response = client.get(reverse("opinions:commune_map"))
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    shapes = json.loads(response.content)
    names = {f["properties"]["name"] for f in shapes["features"]}
    assert len(names) == Area.objects.communes().exclude(boundary__isnull=True).count() > 100
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in shapes["features"])
    assert set(shapes["features"][0]["properties"]) == {"name", "id"}
