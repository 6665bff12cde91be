"""Every page type of official information is created, published and rendered."""

import pytest
from django.core.files.base import ContentFile
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from news.demo import ARTICLES, REBUTTALS
from news.models import ArticlePage, RebuttalPage, StandingPage, UnitDirectoryPage
from opinions.models import Area, Field, Unit

pytestmark = pytest.mark.django_db


def test_it_renders_an_article_with_every_body_block(client, publish_article):
    image = Image.objects.create(title="Đối thoại", file=get_test_image_file(filename="doi-thoai.png"))
    from wagtail.documents.models import Document

    document = Document.objects.create(title="Quyết định 125/QĐ-UBND")
    document.file.save("qd-125.pdf", ContentFile(b"%PDF-1.4 demo"))
    article = publish_article(
        "Bài có đủ các khối",
        summary="Tóm tắt bài.",
        field=Field.objects.get(code="y-te"),
        body=[
            ("heading", "Mục một"),
            ("paragraph", "<p>Đoạn văn đầu.</p>"),
            ("image", {"image": image, "alt": "Lãnh đạo xã đối thoại với người dân", "caption": "Ảnh: UBND xã"}),
            ("quote", {"text": "Mọi ý kiến đều được trả lời.", "attribution": "Chủ tịch UBND xã"}),
            ("document", {"document": document, "title": "Quyết định số 125/QĐ-UBND"}),
            ("table", {"data": [["Chỉ tiêu", "Kết quả"], ["Đúng hạn", "95%"]], "first_row_is_table_header": True}),
            ("links", [{"title": "Cổng Dịch vụ công", "url": "https://dichvucong.gov.vn"}]),
        ],
    )
    page = client.get(article.url).content.decode()
    assert "<h2>Mục một</h2>" in page and "Đoạn văn đầu." in page
    assert 'alt="Lãnh đạo xã đối thoại với người dân"' in page
    assert 'type="image/webp"' in page and ".webp 480w" in page  # a WebP rendition is offered
    assert "Mọi ý kiến đều được trả lời." in page and "Quyết định số 125/QĐ-UBND" in page
    assert '<th scope="col">Chỉ tiêu</th>' in page and "<td>95%</td>" in page
    assert 'href="https://dichvucong.gov.vn"' in page


def test_it_requires_alt_text_on_images():
    from news.blocks import AccessibleImageBlock

    assert AccessibleImageBlock().child_blocks["alt"].required


def test_it_filters_the_news_index_by_field_area_tag_and_date(client, news_index, publish_article):
    other = publish_article("Tin lĩnh vực khác", field=Field.objects.get(code="kinh-te"))
    article = ArticlePage.objects.get(slug__startswith="tram-y-te")
    article.areas.add(Area.objects.get(code="22918"))
    article.tags.add("sức khỏe cộng đồng")
    article.save_revision().publish()
    for query in [
        "linh-vuc=y-te",
        "dia-ban=22918",
        "the=sức khỏe cộng đồng",
        f"tu-ngay={article.date:%d/%m/%Y}&den-ngay={article.date:%d/%m/%Y}",
    ]:
        page = client.get(f"{news_index.url}?{query}").content.decode()
        assert article.title in page, query
        assert other.title not in page or "tu-ngay" in query, query


def test_it_pages_the_news_index(client, news_index, publish_article, django_assert_max_num_queries):
    for i in range(12):
        publish_article(f"Thông báo số {i + 1:02d}")
    with django_assert_max_num_queries(20):
        first = client.get(news_index.url).content.decode()
    assert "Trang 1/2" in first and 'rel="next"' in first
    second = client.get(news_index.url + "?trang=2").content.decode()
    assert second.count('class="card"') == 12 + len(ARTICLES) - 10


def test_it_lists_rebuttals_by_field(client, rebuttal_index):
    page = client.get(rebuttal_index.url).content.decode()
    for item in REBUTTALS:
        assert item["title"] in page
    education = client.get(rebuttal_index.url + "?linh-vuc=giao-duc").content.decode()
    titles = [r.title for r in RebuttalPage.objects.live()]
    assert sum(title in education for title in titles) == 1


def test_it_renders_a_rebuttal_with_verdict_and_statement(client, rebuttal_index):
    rebuttal = RebuttalPage.objects.live().get(verdict="false")
    page = client.get(rebuttal.url).content.decode()
    assert "Kết luận:</span> <strong>Sai sự thật</strong>" in page
    assert rebuttal.claim in page and rebuttal.authority_statement in page


def test_it_renders_standing_pages_and_the_unit_directory_with_public_contacts_only(client, demo_pages):
    for standing in StandingPage.objects.live():
        assert standing.title in client.get(standing.url).content.decode()
    unit = Unit.objects.get(code="ban-tuyen-giao-dan-van")
    hidden = Unit.objects.filter(public_email="", public_phone="").first()
    page = client.get(UnitDirectoryPage.objects.get().url).content.decode()
    assert unit.public_phone in page and unit.public_email in page
    assert hidden.name not in page
    assert "example.invalid" not in page  # staff accounts' e-mails never appear
