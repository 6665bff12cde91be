"""Published pages are served from the cache; publishing or unpublishing a page clears it."""

import pytest

from news.cache import current_generation
from news.models import NewsIndexPage

pytestmark = pytest.mark.django_db


def test_it_serves_the_second_anonymous_visit_from_the_cache(client, demo_pages, django_assert_num_queries):
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    assert int(second["Content-Length"]) == len(second.content)


def test_it_clears_the_home_and_index_when_an_article_is_published(client, news_index, publish_article):
    index_url = NewsIndexPage.objects.get().url
    client.get("/"), client.get(index_url)
    generation = current_generation()
    article = publish_article("Thông báo mới nhất về lịch tiếp công dân")
    assert current_generation() != generation
    assert article.title in client.get("/").content.decode()
    assert article.title in client.get(index_url).content.decode()
    client.get(article.url)
    article.unpublish()
    assert article.title not in client.get("/").content.decode()
    assert client.get(article.url).status_code == 404


def test_it_never_caches_for_signed_in_staff(client, office_user, demo_pages):
    client.force_login(office_user)
    assert not client.get("/").has_header("X-Page-Cache")


def test_it_does_not_cache_private_pages(client, demo_pages):
    from wagtail.models import PageViewRestriction

    index = NewsIndexPage.objects.get()
    PageViewRestriction.objects.create(page=index, restriction_type="login")
    assert client.get(index.url).status_code == 302
    assert client.get(index.url).status_code == 302
