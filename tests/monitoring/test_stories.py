"""Dedup keys, stories, the one signal per story, the alert series, rebuttal matching, privacy, crashes."""

import datetime

import pytest
from django.db.models import Q
from django.utils import timezone

from monitoring import fetch
from monitoring.keys import normalise_url, title_key, url_key
from monitoring.models import Item, MatchState, Source, Story
from monitoring.rebuttals import RebuttalMatcher
from monitoring.services import Run, SourceError, add_source, run_fetch
from monitoring.stories import offers_rebuttal
from news.demo import load_demo_pages
from opinions.alerts import services as alerts
from opinions.models import Channel, Signal

pytestmark = pytest.mark.django_db

AUTHORS = ["Minh Anh", "Thu Hà", "Quốc Bảo", "Hoàng Lâm", "Phương Nam", "nguoidan_blao", "rau_hoa_dalat", "Đình Văn"]


def _all_sources(site):
    add_source(url=site.url("/rss/thong-tin-chinh-thong.rss"), kind="rss", name="Cổng TTĐT tỉnh", trust="official")
    add_source(url=site.url("/rss/thoi-su.rss"), kind="rss", name="Báo Lâm Đồng")
    add_source(url=site.url("/atom/doi-song.atom"), kind="rss", name="Tạp chí Đời sống")
    add_source(url=site.url("/sitemap-news.xml"), kind="sitemap", name="Sơ đồ tin diễn đàn", trust="social")
    add_source(url=site.url("/dien-dan/"), kind="html", selector="li.topic a", name="Diễn đàn", trust="social")


def _story(slug):
    return Item.objects.get(url__endswith=f"{slug}.html").story


def test_dedup_keys():
    a = "https://www.baolamdong.vn/thoi-su/bai-1.html?utm_source=zalo&fbclid=x&id=2#binh-luan"
    b = "http://baolamdong.vn:443/thoi-su//bai-1.html/?id=2"
    assert normalise_url(a) == normalise_url(b) == "http://baolamdong.vn/thoi-su/bai-1.html?id=2"
    assert url_key(a) == url_key(b) and url_key(a) != url_key("https://baolamdong.vn/thoi-su/bai-2.html")
    assert title_key("<b>Đèo Mimosa</b> sạt lở!  - Báo Lâm Đồng") == title_key("đèo mimosa sạt lở")


def test_stories_group_copies_and_rewordings_but_not_other_events(site):
    _all_sources(site)
    stats = run_fetch(everything=True)
    assert stats["errors"] == 0
    mimosa = _story("sat-lo-deo-mimosa")
    assert _story("deo-mimosa-sat-lo-mua-lon") == mimosa == _story("dang-lai-deo-mimosa-sat-lo")
    copy = Item.objects.get(url__endswith="dang-lai-deo-mimosa-sat-lo.html")
    assert copy.copy_of.url.endswith("deo-mimosa-sat-lo-mua-lon.html")
    assert _story("ca-chet-ho-xuan-huong") == _story("nuoc-thai-ho-xuan-huong") != mimosa
    compensation = _story("cham-chi-tra-boi-thuong-cao-toc")
    assert compensation == _story("boi-thuong-cao-toc-bao-loc-cham") == _story("hoi-dap-boi-thuong-cao-toc")
    assert _story("festival-hoa-da-lat-2026") not in (mimosa, compensation)
    assert _story("khanh-thanh-truong-phu-quy") != _story("phi-chuyen-doi-so-2-trieu")
    compensation.refresh_from_db()
    assert compensation.item_count == 3 and compensation.source_count == 3
    assert compensation.field.code == "boi-thuong-gpmb" and compensation.sentiment == "negative"
    assert compensation.area.name == "Phường B'Lao"
    assert offers_rebuttal(compensation)
    assert Story.objects.count() == 8


def test_one_signal_per_story_updated_as_it_grows(site):
    _all_sources(site)
    run_fetch(everything=True)
    stories = Story.objects.filter(concerns_province=True)
    signals = Signal.objects.filter(submission_key__startswith="monitoring-story-")
    assert signals.count() == stories.count() == Story.objects.count()
    mimosa = _story("sat-lo-deo-mimosa")
    assert mimosa.signal.channel == Channel.PRESS and "3 tin, bài" in mimosa.signal.text
    forum = _story("ngap-sau-trung-tam-da-lat")
    assert forum.signal.channel == Channel.ONLINE
    Source.objects.update(etag="", document_hash="")
    run_fetch(everything=True)  # nothing new: no second signal
    assert signals.count() == stories.count()


def test_items_count_in_the_alert_series(site):
    _all_sources(site)
    run_fetch(everything=True)
    compensation = _story("cham-chi-tra-boi-thuong-cao-toc")
    now = timezone.now()
    series = alerts._collect(now - datetime.timedelta(days=1), now + datetime.timedelta(hours=1))
    key = f"field:{compensation.field_id}"
    # the signal itself plus the story's two further items, all under the story's one signal
    assert sum(1 for _, pk in series[key] if pk == compensation.signal_id) == 3


def test_rebuttal_matching_two_thresholds(site, settings):
    load_demo_pages()
    _all_sources(site)
    run_fetch(everything=True)
    flood = _story("ngap-sau-trung-tam-da-lat")  # not a sensitive field, long claim: matched
    assert flood.rebuttal_state == MatchState.MATCHED and flood.rebuttal.slug
    golf = _story("tin-don-thu-hoi-dat-nong-nghiep-da-lat")  # land: sensitive, only suggested
    assert golf.rebuttal_state == MatchState.SUGGESTED and "sân golf" in golf.rebuttal.title
    assert _story("festival-hoa-da-lat-2026").rebuttal_state == MatchState.NONE
    matcher = RebuttalMatcher()
    text = "Đà Lạt ngập sâu, xe cộ trôi trên đường ở trung tâm thành phố sáng nay."
    page, score, state = matcher.match(text)
    assert state == MatchState.MATCHED
    settings.MONITORING_REBUTTAL_AUTO = score + 0.01
    assert matcher.match(text)[2] == MatchState.SUGGESTED  # between the thresholds
    settings.MONITORING_REBUTTAL_SUGGEST = score + 0.005
    assert matcher.match(text)[2] == MatchState.NONE
    settings.MONITORING_REBUTTAL_AUTO = settings.MONITORING_REBUTTAL_SUGGEST = 0.1
    assert matcher.match("Đà Lạt ngập sâu")[2] == MatchState.SUGGESTED  # short: never automatic


def test_private_addresses_refused_unless_allowed(settings, monkeypatch):
    settings.MONITORING_ALLOW_PRIVATE_ADDRESSES = False
    for url in ["http://127.0.0.1:8000/rss", "http://10.0.0.5/rss", "http://169.254.169.254/latest", "http://[::1]/"]:
        with pytest.raises(SourceError, match="mạng nội bộ"):
            add_source(url=url, kind="rss", name="x")
    real = fetch.socket.getaddrinfo

    def resolve(host, *args, **kwargs):  # a public-looking name pointing inside: refused too
        return real("127.0.0.1", *args, **kwargs) if host == "tin.example.vn" else real(host, *args, **kwargs)

    monkeypatch.setattr(fetch.socket, "getaddrinfo", resolve)
    with pytest.raises(fetch.FetchError, match="mạng nội bộ"):
        fetch.get("http://tin.example.vn/rss")
    with pytest.raises(SourceError, match="http"):
        add_source(url="file:///etc/passwd", kind="rss", name="x")


def test_redirect_into_a_private_network_is_refused(site, settings, monkeypatch):
    source = add_source(url=site.url("/chuyen/rss/thoi-su.rss"), kind="rss", name="x")
    calls = []
    real = fetch.check_address

    def check(url):  # the first hop passes (as a public address would), the redirect target must not
        calls.append(url)
        if len(calls) > 1:
            settings.MONITORING_ALLOW_PRIVATE_ADDRESSES = False
        return real(url)

    monkeypatch.setattr(fetch, "check_address", check)
    stats = run_fetch(source_id=source.pk)
    assert stats["errors"] == 1 and Item.objects.count() == 0
    source.refresh_from_db()
    assert "mạng nội bộ" in source.last_error


def test_no_author_name_stored_anywhere(site):
    _all_sources(site)
    run_fetch(everything=True)
    assert Item.objects.exclude(author_hash="").count() >= 10
    for name in AUTHORS:
        assert not Item.objects.filter(Q(text__contains=name) | Q(title__contains=name)).exists(), name
        assert not Signal.objects.filter(Q(text__contains=name) | Q(reporter_name__contains=name)).exists(), name
    story = _story("cham-chi-tra-boi-thuong-cao-toc")
    story.refresh_from_db()
    assert story.voice_count >= 2  # the authors known from the feeds and pages, as hashes


def test_rerun_after_a_crash_stores_nothing_twice(site, monkeypatch):
    _all_sources(site)
    real, calls = Run.store, []

    def crashing(self, source, entry):
        calls.append(entry["url"])
        if len(calls) == 5:
            raise RuntimeError("mất điện")
        return real(self, source, entry)

    monkeypatch.setattr(Run, "store", crashing)
    with pytest.raises(RuntimeError):
        run_fetch(everything=True)
    stored = Item.objects.count()
    assert 0 < stored < 5  # the sources finished before the crash; the one in progress rolled back whole
    monkeypatch.setattr(Run, "store", real)
    Source.objects.update(etag="", document_hash="")
    run_fetch(everything=True)
    assert Item.objects.count() == 13
    assert len(set(Item.objects.values_list("url_hash", flat=True))) == 13
    assert Signal.objects.filter(submission_key__startswith="monitoring-story-").count() == Story.objects.count()
