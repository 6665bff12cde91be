"""Which suggestions the office may trust without looking: a confidence threshold per attribute,
calibrated on what people confirmed.

A suggestion at or above its attribute's threshold is pre-selected on the intake queue and taken by
"Chấp nhận tất cả"; below it, the select starts empty and the person chooses. The threshold is the
lowest confidence from which at least TARGET_PRECISION of past suggestions were accepted as they were
(at least MIN_EVIDENCE confirmed suggestions above it); until there is that much evidence, the
library's default thresholds apply (docs/analysis.md gives the figures behind them).
"""

from django.core.cache import cache

from opinions.models import Attribute, ConfirmedLabel

TARGET_PRECISION = 0.9
MIN_EVIDENCE = 30
RECENT = 5000
# Before enough confirmations. Field: the zero-shot suggestion on the tuning set of short complaints
# (analysis/data/short_complaints_tune.jsonl, 150 texts written for the project, the platform's
# fields of opinions/data/fields.json) is right >= 90 % of the time, with 90 % confidence (Wilson
# lower bound), from this confidence on: `python bench/complaints.py` ("threshold_90": 0.148,
# precision 0.94 on 75 % of the texts; on the separate test set see docs/analysis.md).
FIELD_THRESHOLD = 0.15
# The others are not measured on citizens' texts yet (no labelled set of kinds, urgency, places or
# sentiment written for the platform): cautious values, replaced by threshold_from as soon as
# MIN_EVIDENCE confirmations exist.
DEFAULT_THRESHOLDS = {
    Attribute.FIELD: FIELD_THRESHOLD,
    Attribute.KIND: 0.6,
    Attribute.URGENCY: 0.6,
    Attribute.AREA: 0.5,
    Attribute.SENTIMENT: 0.6,
}
CACHE_KEY = "suggestion-thresholds"


def threshold_from(pairs, default):
    """pairs: [(confidence, accepted)]. The lowest confidence t such that the suggestions at or above
    t were accepted at least TARGET_PRECISION of the time, with MIN_EVIDENCE of them; else default."""
    pairs = sorted(pairs, key=lambda p: -p[0])
    best, accepted = None, 0
    for n, (confidence, ok) in enumerate(pairs, start=1):
        accepted += bool(ok)
        if n >= MIN_EVIDENCE and accepted / n >= TARGET_PRECISION:
            best = confidence
    return default if best is None else max(best, 0.05)


def thresholds():
    """{attribute: threshold}, recomputed at most every ten minutes."""
    cached = cache.get(CACHE_KEY)
    if cached is not None:
        return cached
    result = {}
    for attribute, default in DEFAULT_THRESHOLDS.items():
        rows = (
            ConfirmedLabel.objects.filter(attribute=attribute, suggestion__isnull=False, accepted__isnull=False)
            .order_by("-confirmed_at")
            .values_list("suggestion__confidence", "accepted")[:RECENT]
        )
        result[attribute] = threshold_from(list(rows), default)
    cache.set(CACHE_KEY, result, 600)
    return result


def trusted(suggestion, limits=None):
    limits = limits or thresholds()
    return suggestion.confidence >= limits.get(suggestion.attribute, 1.0)
