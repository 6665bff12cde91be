import pytest

from home.models import HomePage
from news.demo import ARTICLES, load_demo_pages
from news.models import ArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db


def test_it_serves_the_home_page_in_vietnamese(client):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in page
    assert "Gửi phản ánh, kiến nghị" in page
    assert HomePage.objects.get().title in page


def test_it_lists_published_articles_on_home_and_news_index(client):
    load_demo_pages()
    articles = ArticlePage.objects.live()
    assert articles.count() == len(ARTICLES)
    home = client.get("/").content.decode()
    index = client.get(NewsIndexPage.objects.get().url).content.decode()
    for article in articles:
        assert article.title in index
    for article in articles.order_by("-date", "-pk")[:6]:
        assert article.title in home
    article = articles.first()
    body = client.get(article.url).content.decode()
    assert article.summary in body and article.date.strftime("%d/%m/%Y") in body


def test_it_hides_unpublished_articles(client):
    load_demo_pages()
    article = ArticlePage.objects.live().first()
    article.unpublish()
    assert article.title not in client.get("/").content.decode()
    assert client.get(article.url_path.replace("/home", "", 1)).status_code == 404


def test_it_loads_no_outside_fonts_or_scripts(client):
    load_demo_pages()
    for url in ["/", "/phan-anh/", NewsIndexPage.objects.get().url]:
        page = client.get(url).content.decode()

        for marker in ('<script src="http', '<link rel="stylesheet" href="http', "fonts.googleapis", "cdn."):
            assert marker not in page


def test_it_serves_the_back_office_login_in_vietnamese(client):
    page = client.get("/admin/login/").content.decode()
    assert "Đăng nhập" in page


def test_it_answers_the_health_check(client):
    assert client.get("/suc-khoe/").json() == {"status": "ok"}
