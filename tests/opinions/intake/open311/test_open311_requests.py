"""Open311 GET requests, requests/{id} and tokens: filters, status mapping, privacy, query count."""

import datetime

import pytest
from django.utils import timezone

from opinions.models import Case, Field, Response, Signal, Unit
from tests.opinions.intake.open311.open311_support import BASE, PERSONAL_VALUES, issue_key, parse, post_request

pytestmark = pytest.mark.django_db


def make_signal(text, allow_public=True, field="moi-truong", days_ago=1, **extra):
    return Signal.objects.create(
        channel="web",
        kind=extra.pop("kind", "report"),
        text=text,
        allow_public=allow_public,
        field=Field.objects.get(code=field),
        area=Unit.objects.get(code="ubnd-24781").areas.first(),
        received_at=timezone.now() - datetime.timedelta(days=days_ago),
        address="Chợ Đà Lạt",
        reporter_name="Nguyễn Văn Dân",
        reporter_phone="0987654321",
        reporter_email="dan@example.invalid",
        consent_personal_data=True,
        **extra,
    )


def ids(response):
    return [r["service_request_id"] for r in parse(response)]


def test_it_lists_only_reports_the_citizen_allowed_to_publish(client):
    public = make_signal("Rác tồn đọng ở chợ.")
    hidden = make_signal("Không công khai.", allow_public=False)
    make_signal("Khiếu nại quyết định thu hồi đất.", kind="complaint")
    Signal.objects.create(channel="press", kind="opinion", text="Bài báo.", allow_public=True)
    assert ids(client.get(f"{BASE}requests.json")) == [public.tracking_code]
    assert hidden.tracking_code not in client.get(f"{BASE}requests.xml").content.decode()


def test_it_never_outputs_personal_data(client, django_user_model):
    make_signal("Rác tồn đọng ở chợ.")
    hidden = make_signal("Không công khai.", allow_public=False)
    for url in (f"{BASE}requests.json", f"{BASE}requests.xml", f"{BASE}requests/{hidden.tracking_code}.json"):
        body = client.get(url).content.decode()
        assert not any(value in body for value in PERSONAL_VALUES), url
    [record] = parse(client.get(f"{BASE}requests/{hidden.tracking_code}.json"))
    assert record["description"] is None and record["lat"] is None and record["address"] == hidden.area.name


def test_it_maps_case_states_to_open_and_closed_with_the_agency(client):
    unit = Unit.objects.get(code="ubnd-24781")
    case = Case.objects.create(
        title="Rác", assigned_unit=unit, status=Case.Status.ASSIGNED, deadline=timezone.localdate()
    )
    waiting = make_signal("Đang xử lý.", case=case)
    answered_case = Case.objects.create(title="Đèn", assigned_unit=unit, status=Case.Status.ANSWERED, is_public=True)
    Response.objects.create(case=answered_case, text="Đã thay bóng đèn.", status=Response.Status.APPROVED)
    answered = make_signal("Đèn hỏng.", case=answered_case)
    duplicate = make_signal("Trùng.", status=Signal.Status.DUPLICATE)
    records = {r["service_request_id"]: r for r in parse(client.get(f"{BASE}requests.json"))}
    assert records[waiting.tracking_code]["status"] == "open"
    assert records[waiting.tracking_code]["agency_responsible"] == unit.name
    assert records[waiting.tracking_code]["expected_datetime"].endswith("T23:59:59+07:00")
    assert records[answered.tracking_code]["status"] == "closed"
    assert records[answered.tracking_code]["status_notes"] == "Đã trả lời: Đã thay bóng đèn."
    assert records[duplicate.tracking_code]["status"] == "closed"
    closed = ids(client.get(f"{BASE}requests.json?status=closed"))
    assert sorted(closed) == sorted([answered.tracking_code, duplicate.tracking_code])
    assert ids(client.get(f"{BASE}requests.json?status=open")) == [waiting.tracking_code]


def test_it_filters_by_service_code_dates_and_ids(client):
    recent = make_signal("Gần đây.", days_ago=2)
    old = make_signal("Cũ.", days_ago=40, field="giao-thong-ha-tang")
    too_old = make_signal("Quá 90 ngày.", days_ago=120)
    assert ids(client.get(f"{BASE}requests.json")) == [recent.tracking_code, old.tracking_code]
    assert ids(client.get(f"{BASE}requests.json?service_code=giao-thong-ha-tang")) == [old.tracking_code]
    start = (timezone.now() - datetime.timedelta(days=130)).date().isoformat()
    end = (timezone.now() - datetime.timedelta(days=45)).date().isoformat()
    assert ids(client.get(f"{BASE}requests.json?start_date={start}&end_date={end}")) == [too_old.tracking_code]
    both = f"{recent.tracking_code},{too_old.tracking_code}"
    assert set(ids(client.get(f"{BASE}requests.json?service_request_id={both}&status=closed"))) == set(both.split(","))
    assert ids(client.get(f"{BASE}requests.json?page_size=1&page=2")) == [old.tracking_code]


@pytest.mark.parametrize(
    "query",
    [
        "status=pending",
        "start_date=hom-qua",
        "start_date=2026-01-01&end_date=2026-06-01",
        "page=0",
        "start_date=2026-02-01&end_date=2026-01-01",
    ],
)
def test_it_answers_bad_filters_with_a_400_error_list(client, query):
    response = client.get(f"{BASE}requests.json?{query}")
    assert response.status_code == 400 and parse(response)[0]["code"] == 400


def test_it_keeps_the_list_to_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    unit = Unit.objects.get(code="ubnd-24781")
    for i in range(12):
        case = Case.objects.create(title=f"Vụ {i}", assigned_unit=unit, status=Case.Status.ANSWERED, is_public=True)
        Response.objects.create(case=case, text=f"Trả lời {i}", status=Response.Status.APPROVED)
        make_signal(f"Phản ánh {i}", case=case)
    with django_assert_max_num_queries(3):
        assert len(parse(client.get(f"{BASE}requests.json"))) == 12


def test_it_finds_one_request_and_a_token(client):
    _, raw = issue_key()
    answer = parse(post_request(client, raw, description="Cống tắc.", media_url="https://anh.example/1.jpg"))[0]
    [record] = parse(client.get(f"{BASE}requests/{answer['service_request_id']}.json"))
    assert record["status"] == "open" and record["address_id"] == "24781"
    assert record["description"] is None  # the client did not ask for publication
    root, [token] = parse(client.get(f"{BASE}tokens/{answer['token']}.xml"))
    assert root == "service_requests"
    assert token == {"service_request_id": answer["service_request_id"], "token": answer["token"]}
    assert client.get(f"{BASE}requests/LD-KHONGCO.json").status_code == 404
    assert client.get(f"{BASE}tokens/khong-co.xml").status_code == 404
