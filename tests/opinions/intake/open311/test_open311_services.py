"""Open311 discovery, service list and service definitions (JSON and XML), errors as specified."""

import pytest

from opinions.models import Field
from tests.opinions.intake.open311.open311_support import BASE, parse

pytestmark = pytest.mark.django_db


def test_it_lists_every_field_as_a_realtime_service_in_json(client):
    response = client.get(f"{BASE}services.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    services = parse(response)
    assert [s["service_code"] for s in services] == list(Field.objects.values_list("code", flat=True))
    environment = next(s for s in services if s["service_code"] == "moi-truong")
    assert environment["service_name"] == "Môi trường"
    assert environment["metadata"] is False and environment["type"] == "realtime"
    assert set(environment) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    assert "," in environment["keywords"]


def test_it_lists_the_services_in_xml_with_the_specified_wrappers(client):
    response = client.get(f"{BASE}services.xml")
    assert response.status_code == 200
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root, services = parse(response)
    assert root == "services"
    assert len(services) == Field.objects.count()
    first = services[0]
    assert first["metadata"] == "false" and first["type"] == "realtime"
    assert first["service_name"] == Field.objects.first().name


def test_it_gives_a_definition_with_no_attributes_for_a_service_without_metadata(client):
    assert parse(client.get(f"{BASE}services/moi-truong.json")) == {"service_code": "moi-truong", "attributes": []}
    response = client.get(f"{BASE}services/moi-truong.xml")
    assert response.content.decode().endswith(
        "<service_definition><service_code>moi-truong</service_code><attributes></attributes></service_definition>"
    )


def test_it_answers_an_unknown_service_with_a_404_error_list(client):
    response = client.get(f"{BASE}services/khong-co.json")
    assert response.status_code == 404
    [error] = parse(response)
    assert error["code"] == 404 and "khong-co" in error["description"]
    response = client.get(f"{BASE}services/khong-co.xml")
    root, errors = parse(response)
    assert response.status_code == 404 and root == "errors" and errors[0]["code"] == "404"


def test_it_refuses_an_unknown_format_and_a_wrong_method(client):
    response = client.get(f"{BASE}services.csv")
    assert response.status_code == 404
    assert parse(response)[0] == "errors"
    response = client.post(f"{BASE}services.json")
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert parse(response)[0]["code"] == 405


def test_it_describes_the_endpoint_in_discovery(client):
    discovery = parse(client.get(f"{BASE}discovery.json"))
    [endpoint] = discovery["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    response = client.get(f"{BASE}discovery.xml")
    text = response.content.decode()
    assert "<discovery><changeset>" in text
    assert "<formats><format>text/xml</format><format>application/json</format></formats>" in text
