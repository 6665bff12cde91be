"""The public search page's own example (issue 15, item 7): "giải phóng mặt bằng" and "GPMB" find
what is filed under the field of compensation and site clearance, on both backends; a rebuttal is
labelled as a rebuttal and its snippet starts with the verdict, the false claim marked as such."""

import pytest
from django.core.management import call_command

from home.models import HomePage
from news.models import ArticlePage, NewsIndexPage, RebuttalIndexPage, RebuttalPage, Verdict
from opinions.models import Field
from search.documents import FIELD_LINE
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def gpmb_article(db):
    """An article filed under the GPMB field whose own words never say "giải phóng mặt bằng"."""
    index = publish(HomePage.objects.get(), NewsIndexPage(title="Tin tức", slug="tin-tuc-vd"))
    field = Field.objects.get(name__contains="GPMB")
    return publish(
        index,
        ArticlePage(
            title="Đối thoại về phương án bồi thường đường liên xã",
            slug="doi-thoai-boi-thuong",
            summary="Lãnh đạo xã tiếp thu 27 ý kiến của hộ dân.",
            body=[("paragraph", "<p>Các kiến nghị về đơn giá đất được trả lời bằng văn bản.</p>")],
            field=field,
        ),
    )


@pytest.mark.parametrize("query", ["giải phóng mặt bằng", "GPMB", "giải phóng mặt bằng, GPMB", "giai phong mat bang"])
def test_the_search_pages_example_finds_what_is_filed_under_gpmb(gpmb_article, find, query):
    results = find(query, public=True)
    assert [hit.doc.title for hit in results.hits] == [gpmb_article.title]
    assert "<mark>" in results.hits[0].snippet and FIELD_LINE in results.hits[0].doc.text


def test_the_field_line_does_not_make_everything_match(gpmb_article, find):
    assert find("giáo dục", public=True).total == 0


@pytest.fixture
def rebuttal(db):
    index = publish(HomePage.objects.get(), RebuttalIndexPage(title="Phản bác", slug="phan-bac-vd"))
    return publish(
        index,
        RebuttalPage(
            title="Thông tin thu hồi đất làm sân golf là sai sự thật",
            slug="san-golf",
            claim="Tỉnh sẽ thu hồi toàn bộ đất nông nghiệp ở Đà Lạt để làm sân golf.",
            verdict=Verdict.FALSE,
            facts=[("paragraph", "<p>UBND tỉnh không ban hành quyết định thu hồi đất nào như vậy.</p>")],
        ),
    )


def test_a_rebuttal_is_labelled_as_such_with_the_verdict_first(rebuttal, client, find):
    hit = find("thu hồi đất nông nghiệp", public=True).hits[0]
    assert hit.doc.title == rebuttal.title
    assert hit.labels["kind_document"] == "Phản bác thông tin sai sự thật"
    assert hit.snippet.startswith("<strong>Kết luận: Sai sự thật.</strong>")
    assert "Thông tin bị phản bác: “Tỉnh sẽ <mark>thu</mark> <mark>hồi</mark>" in hit.snippet
    page = client.get("/tim-kiem/", {"q": "sân golf"}).content.decode()
    results = page.split('class="search-results"')[1]
    assert "Phản bác thông tin sai sự thật" in results and "Thông tin chính thống" not in results
    assert "<strong>Kết luận: Sai sự thật.</strong>" in page


def test_an_ordinary_page_keeps_its_label(gpmb_article, find):
    hit = find("đơn giá đất", public=True).hits[0]
    assert hit.labels["kind_document"] == "Thông tin chính thống"
    assert not hit.snippet.startswith("<strong>")


def test_reindex_if_empty_fills_an_empty_index_once(gpmb_article):
    SearchDocument.objects.all().delete()
    call_command("search_reindex", if_empty=True)
    assert SearchDocument.objects.filter(object_id=gpmb_article.pk, kind="page").exists()
    SearchDocument.objects.exclude(object_id=gpmb_article.pk).delete()
    call_command("search_reindex", if_empty=True)  # not empty: left as it is
    assert SearchDocument.objects.count() == 1
