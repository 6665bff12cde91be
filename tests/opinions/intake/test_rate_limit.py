"""Spam control on /phan-anh/: a limit per citizen's address, also behind a reverse proxy."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from opinions.intake.web import RATE_LIMIT_PER_HOUR, client_address
from opinions.models import Area, Field, Signal

pytestmark = pytest.mark.django_db


def report(n):
    return {
        "kind": "report",
        "field": Field.objects.get(code="moi-truong").pk,
        "area": Area.objects.get(code="24781").pk,
        "text": f"Rác thải tồn đọng nhiều ngày ở góc chợ số {n}, bốc mùi hôi khó chịu.",
        "submission_key": f"{n:032d}",
    }


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def send(client, n, **meta):
    return client.post(reverse("opinions:feedback_create"), report(n), **meta)


def test_it_refuses_one_address_past_the_hourly_limit_and_saves_nothing(client):
    for n in range(RATE_LIMIT_PER_HOUR):
        assert send(client, n, REMOTE_ADDR="203.0.113.5").status_code == 302
    response = send(client, 999, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429
    assert "quá nhiều ý kiến trong một giờ" in response.content.decode()
    assert Signal.objects.count() == RATE_LIMIT_PER_HOUR
    # Another citizen is not affected.
    assert send(client, 1000, REMOTE_ADDR="203.0.113.6").status_code == 302


def test_it_counts_citizens_apart_behind_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for n in range(RATE_LIMIT_PER_HOUR):
        send(client, n, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert send(client, 500, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    response = send(client, 501, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert response.status_code == 302


def test_it_ignores_a_forwarded_header_from_an_untrusted_client(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    factory = RequestFactory()
    spoofed = factory.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_address(spoofed) == "203.0.113.9"
    # Through the proxy, a forged first hop is skipped: the proxy appends the real address last.
    chained = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7")
    assert client_address(chained) == "198.51.100.7"
    settings.TRUSTED_PROXIES = []
    assert client_address(chained) == "127.0.0.1"
