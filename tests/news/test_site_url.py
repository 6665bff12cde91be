"""One setting for the public address: e-mails, canonical and og:url, sitemap and the Wagtail site
record all follow SITE_URL (`make run ADDR=127.0.0.1:8100`)."""

import pytest
from wagtail.models import Site

from news.setup import setup_site_address
from opinions.cycle.notify import tracking_url
from opinions.models import Signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_8100(settings):
    settings.SITE_URL = "http://127.0.0.1:8100"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=8000)
    return settings


def test_the_site_record_follows_a_development_address(on_8100):
    assert setup_site_address() is True
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8100)
    assert setup_site_address() is False


def test_an_address_an_administrator_set_is_kept(on_8100):
    Site.objects.filter(is_default_site=True).update(hostname="langnghe.lamdong.gov.vn", port=443)
    assert setup_site_address() is False
    assert Site.objects.get(is_default_site=True).hostname == "langnghe.lamdong.gov.vn"


def test_emails_sitemap_and_canonical_use_it(client, on_8100):
    setup_site_address()
    signal = Signal.objects.create(channel="web", kind="report", text="Đèn đường hỏng nhiều ngày.")
    assert tracking_url(signal).startswith("http://127.0.0.1:8100/phan-anh/tra-cuu/?ma=")
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8100").content.decode()
    assert "http://127.0.0.1:8100/" in sitemap and ":8000" not in sitemap
    page = client.get("/phan-anh/tra-cuu/", HTTP_HOST="127.0.0.1:8100").content.decode()
    assert ":8000" not in page
    home = client.get("/", HTTP_HOST="127.0.0.1:8100").content.decode()
    assert 'rel="canonical" href="http://127.0.0.1:8100/' in home and ":8000" not in home
