"""Every back-office screen each persona can reach answers without a server error (issue 15's proof).

The screens are found, not listed: from the back-office home and every link on every page reached,
followed without a bound on depth, one screen per URL pattern per persona (`/admin/dlxh/xu-ly/12/`
and `/xu-ly/7/` are the same screen). Each persona walks alone, so a screen the office reached does
not hide what a handler meets on it. The browser crawl (tests/i18n/test_admin_personas.py) reads the
same screens for English; this one goes everywhere, fast, with Django's test client.
"""

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from opinions.demo import base as demo

pytestmark = pytest.mark.django_db

PERSONAS = ("bantuyengiao", "canbo.xuanhuong", "bientap", "lanhdao")
# Links, and the menu's URLs in the sidebar's JSON props (Wagtail draws its menu with JavaScript).
HREF = re.compile(r"href=[\"']([^\"'#]+)|&quot;(/admin/[^&#]*?)&quot;|\"(/admin/[^\"#]*)\"")
# GET-only crawl: these end the session, download files or run bulk actions.
SKIP = re.compile(
    r"/logout/|/bulk/|/preview/|/download/|/serve/|[?&](export|format)=|\.(docx|xlsx|csv|pdf|json|geojson|eml|svg|xml|zip)$"
    r"|/admin/(images|documents)/|/admin/pages/\d+/(copy|move|delete|unpublish|lock|unlock)/"
)
LIMIT = 600  # screens per persona: a runaway crawl (a link generating new links) fails loudly


def pattern(path):
    return re.sub(r"/\d+(?=/|$)", "/N", urlsplit(path).path)


def walk(client):
    queue, done, statuses = ["/admin/"], set(), {}
    while queue:
        path = queue.pop(0)
        key = pattern(path)
        if key in done or SKIP.search(path):
            continue
        done.add(key)
        response = client.get(path)
        statuses[path] = response.status_code
        assert len(statuses) < LIMIT, "the crawl does not end: " + " ".join(list(statuses)[-20:])
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for groups in HREF.findall(response.content.decode()):
                url = urljoin(path, unescape(next(filter(None, groups))))
                if url.startswith("/admin/") and pattern(url) not in done:
                    queue.append(url)
    return statuses


def test_every_back_office_screen_a_persona_reaches_answers_without_a_server_error(reference_data):
    demo.load_demo_data()
    report = {}
    for username in PERSONAS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        statuses = walk(client)
        report[username] = statuses
        errors = {path: code for path, code in statuses.items() if code >= 500}
        assert not errors, f"{username}: {errors}"
    counts = {user: len(statuses) for user, statuses in report.items()}
    print(counts)
    # The office reaches the whole cycle, the handler its unit's screens, the leader the synthesis.
    # Found on 03/12/2026 with the demo data: office 299, handler 46, editor 74, leader 90 screens.
    assert counts["bantuyengiao"] > 200 and counts["canbo.xuanhuong"] > 30 and counts["lanhdao"] > 60, counts
    assert counts["bientap"] > 40, counts
    office = {pattern(p) for p, code in report["bantuyengiao"].items() if code == 200}
    for screen in ("/admin/dlxh/xu-ly/N/", "/admin/dlxh/tiep-nhan/N/", "/admin/tong-quan/", "/admin/khao-sat/N/"):
        assert screen in office, sorted(office)
