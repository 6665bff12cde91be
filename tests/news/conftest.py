import pytest

from home.models import HomePage
from news.demo import load_demo_pages
from news.models import ArticlePage, NewsIndexPage, RebuttalIndexPage, RebuttalPage, Verdict


@pytest.fixture
def demo_pages(db):
    load_demo_pages()
    return HomePage.objects.get()


@pytest.fixture
def news_index(demo_pages):
    return NewsIndexPage.objects.get()


@pytest.fixture
def rebuttal_index(demo_pages):
    return RebuttalIndexPage.objects.get()


@pytest.fixture
def publish_article(news_index):
    def publish(title, **fields):
        page = news_index.add_child(instance=ArticlePage(title=title, **fields))
        page.save_revision().publish()
        return page

    return publish


@pytest.fixture
def publish_rebuttal(rebuttal_index):
    def publish(title, verdict=Verdict.FALSE, **fields):
        fields.setdefault("claim", "Thông tin lan truyền trên mạng xã hội.")
        fields.setdefault("facts", [("paragraph", "<p>Sự thật đã được xác minh.</p>")])
        page = rebuttal_index.add_child(instance=RebuttalPage(title=title, verdict=verdict, **fields))
        page.save_revision().publish()
        return page

    return publish
