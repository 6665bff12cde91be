"""The site settings templates read are kept for a while per process (home/context_processors.py):
no site or settings query on a second page, and a saved change shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home import context_processors
from home.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def remembered(settings):
    settings.SITE_SETTINGS_CACHE_SECONDS = 60
    context_processors.forget()
    yield
    context_processors.forget()


def settings_queries(client, url="/phan-anh/tra-cuu/"):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    return page.content.decode(), [s for s in sql if "home_sitesettings" in s or "wagtailcore_site" in s]


def test_a_second_page_asks_the_database_nothing_about_the_site(client, remembered):
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.update_or_create(site=site, defaults={"organisation": "Sở A"})
    first, asked_first = settings_queries(client)
    second, asked_second = settings_queries(client)
    assert "Sở A" in first and "Sở A" in second
    assert asked_first and not asked_second


def test_a_saved_change_shows_at_once(client, remembered):
    site = Site.objects.get(is_default_site=True)
    row, _ = SiteSettings.objects.update_or_create(site=site, defaults={"organisation": "Tên cũ của cơ quan"})
    assert "Tên cũ của cơ quan" in settings_queries(client)[0]
    row.organisation = "Tên mới của cơ quan"
    row.save()
    page, asked = settings_queries(client)
    assert "Tên mới của cơ quan" in page and "Tên cũ của cơ quan" not in page and asked


def test_without_the_memory_every_page_reads_the_settings(client, settings):
    settings.SITE_SETTINGS_CACHE_SECONDS = 0
    settings_queries(client)
    assert settings_queries(client)[1]
