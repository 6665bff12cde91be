"""A suggestion below its calibrated confidence is not pre-selected and "Chấp nhận tất cả" leaves it
for a person to choose."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from opinions.models import Area, Attribute, Field, SignalAnalysis, Suggestion
from opinions.services import create_signal
from opinions.suggestions import calibration

pytestmark = pytest.mark.django_db


def test_the_threshold_is_where_past_acceptance_reaches_the_target():
    # 40 accepted suggestions (0.90 … 0.51), then 40 corrected ones (0.300 … 0.105): the set above
    # the threshold keeps ≥ 90 % accepted down to 40 of 44 (0.285).
    pairs = [(0.9 - i * 0.01, True) for i in range(40)] + [(0.3 - i * 0.005, False) for i in range(40)]
    assert calibration.threshold_from(pairs, 0.7) == pytest.approx(0.285)
    assert calibration.threshold_from(pairs[:10], 0.7) == 0.7  # too little evidence: the default


@pytest.fixture
def unsure_signal():
    cache.delete(calibration.CACHE_KEY)
    signal, _ = create_signal(
        channel="hotline",
        kind="report",
        text="Giá bồi thường giữa hai thôn liền kề chênh lệch lớn, đề nghị giải thích.",
        submission_key="calibration-1",
    )
    SignalAnalysis.objects.create(signal=signal, min_confidence=0.01, versions={})
    Suggestion.objects.create(
        signal=signal, attribute=Attribute.FIELD, value="khac", confidence=0.01, model_version="t"
    )
    Suggestion.objects.create(
        signal=signal, attribute=Attribute.AREA, value="24781", confidence=0.95, model_version="t"
    )
    return signal


def test_an_unsure_suggestion_is_not_preselected_nor_accepted(client, office_user, unsure_signal):
    client.force_login(office_user)
    page = client.get(reverse("cycle:signal_queue")).content.decode()
    assert '<option value="" selected>— Chọn (gợi ý:' in page
    client.post(
        reverse("suggestions:suggestion_action", args=[unsure_signal.pk]),
        {"action": "accept", "field": "", "area": "24781"},
    )
    unsure_signal.refresh_from_db()
    assert unsure_signal.field is None and unsure_signal.area == Area.objects.get(code="24781")
    assert Suggestion.objects.get(signal=unsure_signal, attribute=Attribute.FIELD).status == "pending"
    # The person chooses the field: now it is confirmed.
    gpmb = Field.objects.get(code="boi-thuong-gpmb")
    client.post(
        reverse("suggestions:suggestion_action", args=[unsure_signal.pk]), {"action": "accept", "field": gpmb.code}
    )
    unsure_signal.refresh_from_db()
    assert unsure_signal.field == gpmb
