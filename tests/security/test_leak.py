"""The leak test (issue 18): a citizen's name, phones, e-mail and ID number planted in every field
and in the free text of a report that is then published, answered and indexed appear on no public
surface: pages, feeds, sitemap, search, Open311 JSON and XML, error pages."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from cms.lib.redact import redact
from opinions.cycle import services as workflow
from opinions.models import Area, Field, Unit
from opinions.services import create_signal
from search.service import reindex

pytestmark = pytest.mark.django_db

NAME = "Trịnh Thị Hoà Bình"
PHONES = ["0987654321", "0987 654 321", "0987.654.321", "+84 987 654 321", "84987654321"]
EMAIL = "hoabinh.trinh@example.vn"
CCCD = "068095001234"
CMND = "250123456"
PLANTED = [NAME, "Trinh Thi Hoa Binh", *PHONES, EMAIL, CCCD, CMND]
# What would betray each planted value however a page writes it.
NEEDLES = [NAME, "Trinh Thi Hoa Binh", "987654321", "987 654 321", "987.654.321", "hoabinh", CCCD, CMND]
FREE_TEXT = (
    f"Tôi là {NAME} (Trinh Thi Hoa Binh), gọi {PHONES[1]} hoặc {PHONES[2]}, {PHONES[3]}, {PHONES[4]}, "
    f"thư {EMAIL}, CCCD {CCCD}, CMND {CMND}. Đường Trần Phú có ổ gà lớn rất nguy hiểm."
)


@pytest.mark.parametrize("text", PLANTED)
def test_the_redaction_hides_each_planted_value(text):
    hidden = redact(f"Liên hệ: {text}.", [NAME])
    assert not any(needle in hidden for needle in NEEDLES), hidden


@pytest.fixture
def published(office_user, handler_user):
    unit = Unit.objects.get(code="ubnd-24781")
    signal, _ = create_signal(
        channel="web",
        kind="report",
        title=f"Ổ gà trước nhà {NAME} {PHONES[0]}",
        text=FREE_TEXT,
        address=f"Tổ 5, gần nhà {NAME}, ĐT {PHONES[0]}, {EMAIL}",
        field=Field.objects.get(code="giao-thong-ha-tang"),
        area=unit.areas.first() or Area.objects.communes().first(),
        reporter_name=NAME,
        reporter_phone=PHONES[0],
        reporter_email=EMAIL,
        consent_personal_data=True,
        allow_public=True,
    )
    case = workflow.open_case(office_user, signal)
    case = workflow.assign_case(office_user, case, unit)
    answer = f"Gửi bà {NAME} ({PHONES[0]}, {EMAIL}): đơn vị đã vá ổ gà trên đường Trần Phú ngày 20/11/2026."
    draft = workflow.draft_response(handler_user, case, answer, submit=True)
    workflow.approve_response(office_user, draft)
    case.refresh_from_db()
    reindex(elasticsearch=False)
    return signal, case


def public_urls(signal, case):
    code = signal.tracking_code
    return [
        "/",
        reverse("opinions:answered_list"),
        reverse("opinions:public_case", args=[case.code]),
        f"{reverse('opinions:feedback_track')}?ma={code}",
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        f"/open311/v2/requests/{code}.json",
        f"/open311/v2/requests/{code}.xml",
        f"/open311/v2/requests.json?service_request_id={code}",
        "/sitemap.xml",
        "/rss/tin-tuc.xml",
        "/atom/tin-tuc.xml",
        "/rss/phan-bac.xml",
        "/khong-co-trang-nay/",
        f"/phan-anh/vu-viec/{case.code}x/",
    ]


def test_no_public_surface_shows_the_citizens_contacts(client, published):
    signal, case = published
    page = client.get(reverse("opinions:public_case", args=[case.code])).content.decode()
    assert "đã vá ổ gà" in page and "Đường Trần Phú có ổ gà" in page  # the content is public
    seen = client.get("/open311/v2/requests.json").json()
    assert any(r["service_request_id"] == signal.tracking_code for r in seen)
    found = client.get("/tim-kiem/", {"q": "Trần Phú ổ gà"}).content.decode()
    assert case.code in found or "ổ gà" in found
    for url in public_urls(signal, case):
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.content.decode()
        leaked = [needle for needle in NEEDLES if needle in body]
        assert not leaked, f"{url} shows {leaked}"
    for query in ["Trần Phú", "ổ gà", *PLANTED]:
        response = client.get("/tim-kiem/", {"q": query})
        # The page repeats what was typed; nothing else may show a planted value.
        body = response.content.decode().replace(query, "").replace(escape(query), "")
        leaked = [needle for needle in NEEDLES if needle in body]
        assert response.status_code == 200 and not leaked, f"search {query!r} shows {leaked}"
