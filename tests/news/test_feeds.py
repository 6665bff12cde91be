"""RSS and Atom feeds parse with a standard parser and list exactly what was published."""

import feedparser
import pytest
from django.urls import reverse

from news.models import ArticlePage, RebuttalPage
from opinions.models import Field

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("name,version", [("news:feed_rss", "rss20"), ("news:feed_atom", "atom10")])
def test_it_lists_published_news_in_rss_and_atom(client, demo_pages, name, version):
    draft = ArticlePage.objects.live().first()
    draft.unpublish()
    feed = parse(client, reverse(name))
    assert feed.version == version and feed.feed.get("language", "").startswith("vi")
    titles = [entry.title for entry in feed.entries]
    assert sorted(titles) == sorted(ArticlePage.objects.live().values_list("title", flat=True))
    assert draft.title not in titles
    assert all(entry.link.startswith("http://testserver/tin-tuc/") for entry in feed.entries)


def test_it_lists_one_fields_news(client, demo_pages, publish_article):
    health = Field.objects.get(code="y-te")
    extra = publish_article("Tin phối hợp y tế – giáo dục", field=Field.objects.get(code="giao-duc"))
    extra.other_fields.add(health)
    extra.save_revision().publish()
    feed = parse(client, reverse("news:field_feed_rss", args=["y-te"]))
    expected = {a.title for a in ArticlePage.objects.live() if a.field == health} | {extra.title}
    assert {entry.title for entry in feed.entries} == expected
    assert client.get(reverse("news:field_feed_rss", args=["khong-co"])).status_code == 404


def test_it_lists_rebuttals_with_their_verdict(client, demo_pages, publish_rebuttal):
    new = publish_rebuttal("Tin đồn mới bị bác bỏ")
    feed = parse(client, reverse("news:rebuttal_feed_atom"))
    assert len(feed.entries) == RebuttalPage.objects.live().count()
    assert f"[Sai sự thật] {new.title}" in [entry.title for entry in feed.entries]


def test_it_announces_the_feeds_on_every_page(client, demo_pages):
    for page in [demo_pages, ArticlePage.objects.live().first(), RebuttalPage.objects.live().first()]:
        html = client.get(page.url).content.decode()
        assert 'rel="alternate" type="application/rss+xml"' in html
        assert reverse("news:rebuttal_feed_rss") in html and reverse("news:feed_atom") in html
    article = ArticlePage.objects.live().filter(field__isnull=False).first()
    assert reverse("news:field_feed_rss", args=[article.field.code]) in client.get(article.url).content.decode()
