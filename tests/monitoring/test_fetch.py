"""Fetching from a real server on 127.0.0.1: every source kind and the faults a crawler meets."""

import datetime

import pytest
from django.core.management import call_command

from monitoring.models import Item, Source, Story
from monitoring.services import add_source, run_fetch

pytestmark = pytest.mark.django_db


def _source(site, path, kind="rss", **extra):
    return add_source(url=site.url(path), kind=kind, name=path, **extra)


def test_rss_with_dates_stores_items_with_text_and_dates(site):
    source = _source(site, "/rss/thong-tin-chinh-thong.rss", trust="official")
    stats = run_fetch(source_id=source.pk)
    assert stats["fetched"] == 1 and stats["new_items"] == 2 and stats["errors"] == 0
    item = Item.objects.get(url__endswith="sat-lo-deo-mimosa.html")
    assert "Sở Xây dựng" in item.text
    assert item.published_at == datetime.datetime(2026, 12, 2, 0, 30, tzinfo=datetime.UTC)
    assert item.area is not None and item.area.name == "Phường Lâm Viên - Đà Lạt"
    source.refresh_from_db()
    assert source.etag and source.last_success_at and source.item_total == 2


def test_rss_without_dates_atom_sitemap_and_html_listing(site):
    _source(site, "/rss/thoi-su.rss")
    _source(site, "/atom/doi-song.atom")
    _source(site, "/sitemap-news.xml", kind="sitemap")
    _source(site, "/dien-dan/", kind="html", selector="li.topic a.topic-title", trust="social")
    stats = run_fetch(everything=True)
    assert stats["errors"] == 0, Source.objects.values_list("last_error", flat=True)
    assert stats["fetched"] == 4
    # 4 + 3 + 2 + 3 listed; the sitemap and the forum both list the golf rumour: stored once
    assert stats["new_items"] == 11 and stats["duplicates"] == 1
    # the RSS without dates: the time comes from the article page
    festival = Item.objects.get(url__endswith="festival-hoa-da-lat-2026.html")
    assert festival.published_at.date() == datetime.date(2026, 12, 1)
    assert Item.objects.get(url__endswith="phi-chuyen-doi-so-2-trieu.html").published_at is not None


def test_second_fetch_is_a_304_and_slows_the_source_down(site):
    source = _source(site, "/rss/thoi-su.rss", interval=datetime.timedelta(hours=1))
    run_fetch(source_id=source.pk)
    source.refresh_from_db()
    faster = source.interval
    assert faster < datetime.timedelta(hours=1)  # everything new: polled more often
    stats = run_fetch(source_id=source.pk)
    assert stats["not_modified"] == 1 and stats["new_items"] == 0
    assert site.requests[-1][1].get("If-None-Match")
    source.refresh_from_db()
    assert source.interval > faster


def test_interval_bounds(site):
    source = _source(site, "/rss/thoi-su.rss", interval=datetime.timedelta(minutes=11))
    run_fetch(source_id=source.pk)
    source.refresh_from_db()
    assert source.interval == datetime.timedelta(minutes=10)
    Source.objects.filter(pk=source.pk).update(interval=datetime.timedelta(hours=23))
    for _ in range(2):
        run_fetch(source_id=source.pk)
    source.refresh_from_db()
    assert source.interval == datetime.timedelta(hours=24)


def test_gzip_redirect_and_wrong_charset(site):
    _source(site, "/gzip/rss/thong-tin-chinh-thong.rss")
    _source(site, "/chuyen/atom/doi-song.atom")
    _source(site, "/sitemap-news.xml.gz", kind="sitemap")
    _source(site, "/sai-ma/dien-dan/", kind="html", selector="li.topic a")
    stats = run_fetch(everything=True)
    assert stats["errors"] == 0, list(Source.objects.values_list("last_error", flat=True))
    assert Item.objects.filter(title="Rộ tin tỉnh thu hồi toàn bộ đất nông nghiệp ở Đà Lạt để làm sân golf").exists()
    assert Item.objects.filter(title__startswith="Hỏi: bao giờ trả tiền bồi thường").exists()


def test_broken_xml_still_read(site):
    source = _source(site, "/rss/hong.rss")
    stats = run_fetch(source_id=source.pk)
    assert stats["new_items"] >= 1


def test_unreadable_feed_is_a_source_error_not_a_crash(site):
    site.override("/rss/rac.rss", body=b"\x00\x01 not a feed at all", headers={"Content-Type": "text/plain"})
    source = _source(site, "/rss/rac.rss")
    stats = run_fetch(source_id=source.pk)
    source.refresh_from_db()
    assert stats["errors"] == 1 and "không đọc được" in source.last_error
    assert source.failure_score == 0.5


def test_oversize_and_slow_pages_are_errors_on_the_source(site):
    site.override(
        "/rss/loi.rss",
        body=(
            '<rss version="2.0"><channel><title>x</title>'
            f"<item><title>Trang quá lớn</title><link>{site.url('/lon/a.html')}</link></item>"
            f"<item><title>Trang chậm</title><link>{site.url('/cham/bai/festival-hoa-da-lat-2026.html')}</link></item>"
            f"<item><title>Trang được</title><link>{site.url('/bai/ca-chet-ho-xuan-huong.html')}</link></item>"
            "</channel></rss>"
        ).encode(),
        headers={"Content-Type": "application/rss+xml"},
    )
    source = _source(site, "/rss/loi.rss")
    stats = run_fetch(source_id=source.pk)
    assert stats["new_items"] == 1 and stats["errors"] == 2
    source.refresh_from_db()
    assert "giới hạn" in source.last_error and "chậm" in source.last_error
    assert Item.objects.count() == 1


def test_robots_txt_forbids_a_path(site):
    source = _source(site, "/rss/noi-bo.rss")
    stats = run_fetch(source_id=source.pk)
    assert stats["new_items"] == 0 and stats["errors"] == 1
    assert not any(path.startswith("/noi-bo/") for path, _ in site.requests)
    source.refresh_from_db()
    assert "robots.txt" in source.last_error


def test_repeated_hard_failures_pause_the_source(site, settings):
    settings.MONITORING_DISABLE_AFTER = 3
    source = _source(site, "/rss/khong-co.rss")
    for _ in range(3):
        run_fetch(source_id=source.pk)
    source.refresh_from_db()
    assert not source.active and "404" in source.disabled_reason
    assert run_fetch(everything=True)["sources"] == 0


def test_commands(site, capsys):
    call_command("monitoring_source", "add", site.url("/rss/thoi-su.rss"), "--kind", "rss", "--name", "Báo Lâm Đồng")
    source_id = int(capsys.readouterr().out.strip().splitlines()[-1])
    assert Source.objects.get(pk=source_id).name == "Báo Lâm Đồng"
    call_command("monitoring_fetch", "--once")
    import json  # the command's last line

    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {"fetched", "not_modified", "new_items", "duplicates", "stories", "errors"} <= set(result)
    assert result["new_items"] == 4 and Story.objects.count() >= 3
