"""Rebuttal matching: does a story repeat a claim the province has already rebutted?

Two thresholds, as Meedan Check does: at or above MONITORING_REBUTTAL_SUGGEST the rebuttal is
suggested to the office (who confirms or rejects it on the story screen); at or above
MONITORING_REBUTTAL_AUTO it is marked "đã có thông tin phản bác" with the link at once, except when
the claim or the story is short (fewer than MIN_WORDS_AUTO words) or the field is sensitive: those
are only ever suggested, a person decides.

Score: the share of the claim's syllable pairs (accent-folded; the claim as it spread) found in the
story's title and lead, weighted by how rare each pair is among the rebuttals (a pair every claim
shares says little).
"""

import math
import re

from django.conf import settings

from analysis.normalise import fold
from news.models import RebuttalPage

from .models import MatchState

MIN_WORDS_AUTO = 8
_WORDS = re.compile(r"\w+")


def _pairs(text):
    words = _WORDS.findall(fold(text or "").lower())
    return words, {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


class RebuttalMatcher:
    """The live rebuttals, read once per fetch run."""

    def __init__(self, pages=None):
        pages = list(pages if pages is not None else RebuttalPage.objects.live().select_related("field"))
        self.claims = []
        frequency = {}
        for page in pages:
            words, pairs = _pairs(page.claim or page.title)
            self.claims.append((page, len(words), pairs))
            for pair in pairs:
                frequency[pair] = frequency.get(pair, 0) + 1
        n = max(len(pages), 1)
        self.weight = {pair: math.log((n + 1) / count) + 1 for pair, count in frequency.items()}

    def best(self, text):
        """(page, score, claim words) of the closest rebuttal, or (None, 0, 0)."""
        _, pairs = _pairs(text)
        best = (None, 0.0, 0)
        for page, words, claim in self.claims:
            total = sum(self.weight[p] for p in claim)
            if not total:
                continue
            score = sum(self.weight[p] for p in claim & pairs) / total
            if score > best[1]:
                best = (page, score, words)
        return best

    def match(self, text, field=None):
        """(page, score, state) with state one of MatchState (NONE when below the lower threshold)."""
        page, score, claim_words = self.best(text)
        if page is None or score < settings.MONITORING_REBUTTAL_SUGGEST:
            return None, round(score, 3), MatchState.NONE
        text_words = len(_WORDS.findall(text or ""))
        sensitive = bool((field and field.is_sensitive) or (page.field and page.field.is_sensitive))
        auto = (
            score >= settings.MONITORING_REBUTTAL_AUTO
            and min(claim_words, text_words) >= MIN_WORDS_AUTO
            and not sensitive
        )
        return page, round(score, 3), MatchState.MATCHED if auto else MatchState.SUGGESTED
