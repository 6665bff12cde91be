"""A double click or a retried Open311 POST never creates two signals."""

import threading

import pytest
from django.db import connection
from django.test import Client

from opinions.models import ApiKey, Signal
from tests.opinions.intake.open311.open311_support import issue_key, parse, post_request


@pytest.fixture
def api_key(db):
    return issue_key()


@pytest.mark.django_db
def test_it_returns_the_same_report_for_a_retry_with_the_same_idempotency_key(client, api_key):
    headers = {"Idempotency-Key": "lan-gui-1"}
    first = parse(post_request(client, api_key[1], headers=headers, description="Đèn đường hỏng."))
    again = parse(post_request(client, api_key[1], headers=headers, description="Đèn đường hỏng."))
    assert first == again
    assert Signal.objects.count() == 1


@pytest.mark.django_db
def test_it_treats_an_identical_post_within_the_window_as_a_retry(client, api_key):
    first = parse(post_request(client, api_key[1], description="Nước ngập  sau mưa.", email="a@example.invalid"))
    again = parse(post_request(client, api_key[1], description="Nước ngập sau mưa.", email="A@example.invalid"))
    assert first[0]["service_request_id"] == again[0]["service_request_id"]
    assert Signal.objects.count() == 1


@pytest.mark.django_db
def test_it_keeps_different_reports_apart(client, api_key):
    post_request(client, api_key[1], description="Nước ngập sau mưa.")
    post_request(client, api_key[1], description="Nước ngập sau mưa lớn.")
    post_request(client, api_key[1], description="Nước ngập sau mưa.", lat="11.9410")
    _, other_key = ApiKey.issue("Ứng dụng khác")
    post_request(client, other_key, description="Nước ngập sau mưa.")
    assert Signal.objects.count() == 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_creates_one_signal_from_concurrent_retries(reference_data):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        # In-memory SQLite serialises writers on one shared-cache connection: no real race to test.
        pytest.skip("Cần cơ sở dữ liệu thật (PostgreSQL hoặc SQLite trên đĩa) để thử gửi đồng thời.")
    _, raw = ApiKey.issue("Ứng dụng đồng thời")
    codes, barrier = [], threading.Barrier(6)

    def send(headers):
        barrier.wait()
        codes.append(parse(post_request(Client(), raw, headers=headers, description="Gửi lại nhiều lần."))[0])
        connection.close()

    threads = [threading.Thread(target=send, args=({"Idempotency-Key": "k"} if i % 2 else {},)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(codes) == 6
    # The three with the key are one report; the three without are one too (same content, same window).
    assert len({c["service_request_id"] for c in codes}) <= 2
    assert Signal.objects.filter(channel="open311").count() == len({c["service_request_id"] for c in codes})
