"""Rebuttals carry schema.org ClaimReview JSON-LD with the fields search engines require."""

import json
import re

import pytest

from news.models import VERDICT_RATINGS, RebuttalPage, Verdict

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.parametrize("verdict", list(Verdict))
def test_it_publishes_claim_review_json_ld(client, publish_rebuttal, verdict):
    rebuttal = publish_rebuttal(
        f"Cải chính {verdict.label}",
        verdict=verdict,
        claim="Tin đồn </script> về giá đất.",
        claim_author="Một trang mạng xã hội",
        appearances=[("link", {"url": "https://www.facebook.com/vi-du", "platform": "Facebook", "seen_on": None})],
    )
    data = json_ld(client.get(rebuttal.url).content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == rebuttal.claim
    assert data["url"] == rebuttal.get_full_url() and data["datePublished"] == rebuttal.date.isoformat()
    assert data["author"]["@type"] == "Organization" and data["author"]["name"]
    rating = data["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"] == verdict.label
    assert rating["worstRating"] <= rating["ratingValue"] == VERDICT_RATINGS[verdict] <= rating["bestRating"]
    claim = data["itemReviewed"]
    assert claim["@type"] == "Claim" and claim["author"]["name"] == "Một trang mạng xã hội"
    assert claim["datePublished"] and claim["appearance"][0]["url"] == "https://www.facebook.com/vi-du"


def test_it_orders_ratings_from_false_to_true():
    assert VERDICT_RATINGS[Verdict.FALSE] < VERDICT_RATINGS[Verdict.PARTLY_FALSE] < VERDICT_RATINGS[Verdict.TRUE]


def test_it_never_shows_the_related_case_publicly(client, publish_rebuttal, case_factory):
    case = case_factory(title="Vụ việc nội bộ XYZ")
    rebuttal = publish_rebuttal("Cải chính có vụ việc", related_case=case)
    html = client.get(rebuttal.url).content.decode()
    assert case.code not in html and "Vụ việc nội bộ XYZ" not in html
    assert RebuttalPage.objects.get(pk=rebuttal.pk).related_case == case


def test_it_names_the_reviewing_unit_in_full_and_leaves_an_unknown_claim_author_out(client, publish_rebuttal):
    from opinions.models import Unit

    unit = Unit.objects.get(code="ban-tuyen-giao-dan-van")
    unit.short_name = "BTG&DV"
    unit.save()
    rebuttal = publish_rebuttal("Cải chính không rõ nguồn", claim_author="", author_unit=unit)
    data = json_ld(client.get(rebuttal.url).content.decode())
    assert data["author"]["name"] == unit.name != "BTG&DV"
    assert "author" not in data["itemReviewed"] and "Không rõ" not in json.dumps(data, ensure_ascii=False)
