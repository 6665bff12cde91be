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


def test_the_report_is_the_requests_last_database_write(client):
    """No database session is written for a citizen's report (issue 18 item 12: on SQLite a session
    saved after the view could fail with "database is locked" once the report was stored). What the
    browser remembers (the keys it used, the code to show) travels in signed cookies."""
    from django.contrib.sessions.models import Session

    url = reverse("opinions:feedback_create")
    done = client.post(url, report(fresh_form(client)), follow=True)
    signal = Signal.objects.get()
    assert signal.tracking_code in done.content.decode()
    assert Session.objects.count() == 0
    assert "sessionid" not in client.cookies


def test_a_forged_cookie_is_ignored(client):
    """The cookies are signed: a browser cannot point the confirmation page at another report."""
    url = reverse("opinions:feedback_create")
    client.post(url, report(fresh_form(client)))
    other = Signal.objects.get()
    client.cookies.clear()
    client.cookies["ln-ma-tra-cuu"] = f"{other.tracking_code}|0"
    page = client.get(reverse("opinions:feedback_done"))
    assert page.status_code == 302 and other.tracking_code not in page.content.decode()
