"""Back and Gửi again does not make a second report: the form's key is used once, and the same
report sent again from the same browser with a fresh form reuses the first one."""

import re

import pytest
from django.urls import reverse

from opinions.models import Area, Field, Signal

pytestmark = pytest.mark.django_db


def fresh_form(client):
    page = client.get(reverse("opinions:feedback_create")).content.decode()
    return re.search(r'name="submission_key" value="([0-9a-f]+)"', page).group(1)


def report(key, text="Rác thải tồn đọng nhiều ngày ở góc chợ, bốc mùi hôi khó chịu."):
    return {
        "kind": "report",
        "field": Field.objects.get(code="moi-truong").pk,
        "area": Area.objects.get(code="24781").pk,
        "text": text,
        "submission_key": key,
    }


def test_back_and_send_again_keeps_one_report(client):
    url = reverse("opinions:feedback_create")
    first = fresh_form(client)
    client.post(url, report(first))
    again = client.post(url, report(first), follow=True).content.decode()
    assert Signal.objects.count() == 1 and "đã được gửi trước đó" in again
    # The page came back with a fresh key (reloaded), the same report is sent again: still one.
    second = fresh_form(client)
    assert second != first
    page = client.post(
        url, report(second, text="  rác thải tồn đọng nhiều ngày ở góc chợ,  bốc mùi hôi khó chịu."), follow=True
    )
    assert Signal.objects.count() == 1
    assert Signal.objects.get().tracking_code in page.content.decode()


def test_a_different_report_from_the_same_browser_is_new(client):
    url = reverse("opinions:feedback_create")
    client.post(url, report(fresh_form(client)))
    page = client.post(
        url, report(fresh_form(client), text="Đèn đường trước chợ không sáng nhiều đêm liền."), follow=True
    )
    assert Signal.objects.count() == 2 and "đã được gửi trước đó" not in page.content.decode()
