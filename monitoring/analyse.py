"""Field, commune and sentiment of an item, cheaply, at fetch time.

- Field: the source's default field, else the reference field whose keywords (opinions/data, editable
  in the back-office) occur most in the title and lead. The story's signal is then analysed by the
  platform's analysis like any other signal (opinions/suggestions), and the office's classification
  of that signal wins over this guess.
- Commune: the analysis library's gazetteer (124 communes and the 329 former ones), else the source's
  default area.
- Sentiment: a small lexicon of Vietnamese news wording (negative: sai phạm, ô nhiễm, bức xúc…), on
  accent-folded text; what it gives is a hint for the "Viết bài phản bác" offer, not a verdict.
"""

import re

from analysis.normalise import fold
from opinions.models import Area, Field
from opinions.suggestions.services import gazetteer

LEAD_CHARS = 1200
_NEGATIVE = [
    "sai pham", "o nhiem", "buc xuc", "khieu kien", "khieu nai", "to cao", "tham nhung", "lang phi",
    "chay bo", "sat lo", "ngap ung", "thieu trach nhiem", "vi pham", "trai phep", "tin don", "xuyen tac",
    "sai su that", "gay phan no", "that thoat", "bat thuong", "ep gia", "chiem dat", "cuong che", "tranh chap",
    "te nan", "mat an toan", "ngo doc", "hu hong", "xuong cap", "cham tre", "treo", "ket xe", "dinh chi",
    "bi bat", "khoi to", "lua dao", "phan doi", "tu tap dong nguoi", "kich dong", "hoang mang",
]  # fmt: skip
_POSITIVE = [
    "khanh thanh", "hoan thanh", "dat giai", "tuyen duong", "khen thuong", "ho tro", "trao tang",
    "phat trien", "tang truong", "vuot ke hoach", "hieu qua", "thanh cong", "dong thuan", "hai long",
    "khoi cong", "ra mat", "don nhan", "ky niem",
]  # fmt: skip
_WORDS = re.compile(r"\w+")


def _folded(text):
    return " " + " ".join(_WORDS.findall(fold(text or "").lower())) + " "


def _count(folded, phrases):
    return sum(folded.count(f" {p} ") for p in phrases)


def sentiment(text):
    folded = _folded(text)
    negative, positive = _count(folded, _NEGATIVE), _count(folded, _POSITIVE)
    if negative > positive:
        return "negative"
    if positive > negative:
        return "positive"
    return "neutral"


class Analyser:
    """Built once per fetch run: the fields' keywords and the gazetteer, read from the database."""

    def __init__(self):
        self.fields = []
        for field in Field.objects.all():
            phrases = {" ".join(_WORDS.findall(fold(k).lower())) for k in field.keyword_list + [field.name]}
            self.fields.append((field, [p for p in phrases if len(p) >= 4]))
        self.areas = {a.code: a for a in Area.objects.communes()}
        self._gazetteer = None

    @property
    def gazetteer(self):
        if self._gazetteer is None:
            self._gazetteer = gazetteer()  # the platform's cached one, built on first use
        return self._gazetteer

    def field(self, text, hint=None):
        if hint is not None:
            return hint
        folded = _folded(text)
        best, best_hits = None, 0
        for field, phrases in self.fields:
            hits = _count(folded, phrases)
            if hits > best_hits:
                best, best_hits = field, hits
        return best

    def area(self, text, hint=None):
        found = self.gazetteer.locate(text) if text else None
        if found is not None and found.code in self.areas:
            return self.areas[found.code]
        return hint

    def analyse(self, title, text, source):
        lead = f"{title}. {(text or '')[:LEAD_CHARS]}"
        return {
            "field": self.field(lead, source.field_hint),
            "area": self.area(lead, source.area_hint),
            "sentiment": sentiment(lead),
        }
