"""Demo data of online monitoring: five sources in the shape of the province's portals, papers and a
forum, read from the recorded files in monitoring/fixtures/site (no internet), so `make run` shows
stories, their signals and rebuttal matches. The demo sources are paused (their addresses are
examples); "Bật lại" on the sources screen is for real addresses only.

Idempotent: a second call changes nothing (the sources are found by URL, items by their URL key).
"""

from pathlib import Path

from django.db import transaction

from .models import Source
from .parse import extract_article, parse_feed, parse_listing, parse_sitemap
from .services import store_entries

SITE = Path(__file__).resolve().parent / "fixtures" / "site"
FORUM = "https://diendandalat.vn"
DEMO_SOURCES = [
    # (name, kind, example address, fixture file, selector, trust)
    ("Cổng thông tin điện tử tỉnh", "rss", "https://lamdong.gov.vn", "rss/thong-tin-chinh-thong.rss", "", "official"),
    ("Báo Lâm Đồng điện tử - Thời sự", "rss", "https://baolamdong.vn", "rss/thoi-su.rss", "", "press"),
    ("Tạp chí Đời sống Lâm Đồng", "rss", "https://doisonglamdong.vn", "atom/doi-song.atom", "", "press"),
    ("Diễn đàn Người Đà Lạt - sơ đồ tin", "sitemap", FORUM, "sitemap-news.xml", "", "social"),
    ("Diễn đàn Người Đà Lạt - Chuyện thời sự", "html", FORUM, "dien-dan/index.html", "li.topic a", "social"),
]  # fmt: skip


def _read(path, base):
    return (SITE / path).read_bytes().replace(b"{BASE}", base.encode())


def _entries(kind, base, path, selector):
    content, url = _read(path, base), f"{base}/{path}"
    if kind == "rss":
        entries = parse_feed(content, url)
    elif kind == "sitemap":
        entries = parse_sitemap(content, url)
    else:
        entries = parse_listing(content, url, selector)
    for entry in entries:
        page = entry["url"].removeprefix(base + "/")
        title, text, published, _, author = extract_article(_read(page, base), entry["url"])
        entry.update(title=entry["title"] or title, text=text.replace(author, "") if author else text)
        entry["published"] = entry["published"] or published
        entry["author"] = entry["author"] or author
    return entries


def load_demo():
    for name, kind, base, path, selector, trust in DEMO_SOURCES:
        url = f"{base}/{path}"
        with transaction.atomic():
            source, created = Source.objects.get_or_create(
                url=url,
                defaults={
                    "name": name,
                    "kind": kind,
                    "selector": selector,
                    "trust": trust,
                    "active": False,
                    "disabled_reason": "Nguồn mẫu của dữ liệu thử nghiệm (đọc từ tệp, không lấy tin từ mạng).",
                },
            )
        if created:
            store_entries(source, _entries(kind, base, path, selector))
