"""Back-office screens: the office sees and acts, leaders read, everyone else is refused."""

import pytest
from django.urls import reverse

from monitoring.models import Item, Source, Story
from monitoring.services import add_source, run_fetch
from news.demo import load_demo_pages
from opinions.models import Case

pytestmark = pytest.mark.django_db
REFUSED = (302, 403)


@pytest.fixture
def fetched(site):
    load_demo_pages()
    add_source(url=site.url("/rss/thoi-su.rss"), kind="rss", name="Báo Lâm Đồng")
    add_source(url=site.url("/atom/doi-song.atom"), kind="rss", name="Tạp chí Đời sống")
    add_source(url=site.url("/dien-dan/"), kind="html", selector="li.topic a", name="Diễn đàn", trust="social")
    run_fetch(everything=True)
    return Item.objects.get(url__endswith="cham-chi-tra-boi-thuong-cao-toc.html").story


def test_office_sees_sources_stories_items_and_acts(fetched, office_user, client, site):
    client.force_login(office_user)
    page = client.get(reverse("monitoring:source_list")).content.decode()
    assert "Báo Lâm Đồng" in page and "Lấy tin ngay" in page
    stories = client.get(reverse("monitoring:story_list")).content.decode()
    assert fetched.title in stories
    detail = client.get(reverse("monitoring:story_detail", args=[fetched.pk])).content.decode()
    assert "Phường B&#x27;Lao" in detail or "Phường B'Lao" in detail
    assert "Viết bài phản bác" in detail and "Diễn đàn" in detail
    found = client.get(reverse("monitoring:item_search"), {"q": "bồi thường"}).content.decode()
    assert "cao tốc Tân Phú" in found
    source = Source.objects.get(name="Báo Lâm Đồng")
    client.post(reverse("monitoring:source_action", args=[source.pk]), {"action": "pause"})
    source.refresh_from_db()
    assert not source.active
    response = client.post(reverse("monitoring:source_action", args=[source.pk]), {"action": "fetch"})
    assert response.status_code == 302


def test_write_rebuttal_opens_the_news_flow_prefilled(fetched, office_user, client):
    client.force_login(office_user)
    response = client.post(reverse("monitoring:story_action", args=[fetched.pk]), {"action": "rebuttal"})
    fetched.refresh_from_db()
    case = Case.objects.get(signals=fetched.signal)
    assert response.status_code == 302 and response["Location"] == reverse(
        "news_admin:rebuttal_from_case", args=[case.pk]
    )
    assert case.title == fetched.title


def test_add_source_form_refuses_bad_input(office_user, client, settings):
    settings.MONITORING_ALLOW_PRIVATE_ADDRESSES = False
    client.force_login(office_user)
    data = {"name": "Nội bộ", "kind": "rss", "url": "http://127.0.0.1/rss", "trust": "press", "interval_minutes": 60}
    page = client.post(reverse("monitoring:source_add"), data).content.decode()
    assert "mạng nội bộ" in page and not Source.objects.exists()


def test_leader_reads_but_cannot_act(fetched, leader_user, client):
    client.force_login(leader_user)
    assert "Lấy tin ngay" not in client.get(reverse("monitoring:source_list")).content.decode()
    assert "Viết bài phản bác" not in client.get(reverse("monitoring:story_detail", args=[fetched.pk])).content.decode()
    source = Source.objects.first()
    response = client.post(reverse("monitoring:source_action", args=[source.pk]), {"action": "pause"})
    assert response.status_code in REFUSED
    source.refresh_from_db()
    assert source.active


def test_handlers_and_outsiders_see_nothing(fetched, handler_user, outsider_user, editor_user, client):
    story = Story.objects.first()
    for user in (handler_user, outsider_user, editor_user):
        client.force_login(user)
        for name, args in [
            ("monitoring:source_list", []),
            ("monitoring:story_list", []),
            ("monitoring:story_detail", [story.pk]),
            ("monitoring:item_search", []),
            ("monitoring:source_add", []),
        ]:
            response = client.get(reverse(name, args=args))
            assert response.status_code in REFUSED and story.title not in response.content.decode()
