"""Find the commune (xã, phường, đặc khu) a text speaks of, old names included.

Why: since 1/7/2025 there are 124 commune-level units and no districts, but people keep writing
the 329 former communes and the old districts. A former name maps to the unit it merged into. Text
is matched token by token on the accent-folded form so that "xa hoa ninh" finds "Xã Hòa Ninh";
an exact match with diacritics, a type word before the name ("xã", "phường") and a mention of the
old district all raise the score. The gazetteer is plain data passed in by the caller.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .normalise import fold, normalise_tokens

__all__ = ["Gazetteer", "Location", "load_gazetteer", "locate"]

_TYPE_WORDS = {
    ("xa",),
    ("phuong",),
    ("dac", "khu"),
    ("thi", "tran"),
    ("p",),
    ("x",),
    ("tt",),
}
_DISTRICT_WORDS = {("huyen",), ("thanh", "pho"), ("thi", "xa"), ("quan",), ("h",)}
_PREFIXES = ("xã ", "phường ", "đặc khu ", "thị trấn ", "huyện ", "thành phố ", "thị xã ")


@dataclass(frozen=True)
class Location:
    code: str
    name: str
    confidence: float
    matched: str  # the words of the text that matched
    via_former: bool  # True when a pre-2025 name was used


def _core(name: str) -> str:
    low = name.strip()
    for prefix in _PREFIXES:
        if low.lower().startswith(prefix):
            return low[len(prefix) :].strip()
    return low


def _tokens(text: str) -> list[str]:
    return normalise_tokens(text, expand=False)


class Gazetteer:
    """Index of name variants -> candidate units, built from plain rows.

    communes: rows with "code", "name" (e.g. from communes.csv); former: rows with "new_code",
    "old_name", optional "old_name_in_resolution", "old_district", "merge_type".
    """

    def __init__(self, communes: list[dict], former: list[dict] | None = None):
        self.names = {str(r["code"]): r["name"] for r in communes}
        self._index: dict[tuple, list[tuple]] = defaultdict(list)
        self._district_index: dict[tuple, list[str]] = defaultdict(list)
        self.max_len = 1
        self._district_lengths: list[int] | None = None
        for row in communes:
            core = _core(row["name"])
            variants = {core}
            if " - " in core:
                variants.add(core.split(" - ")[0])
            for variant in variants:
                self._add(variant, str(row["code"]), 1.0, None)
        for row in former or []:
            weight = 0.7 if row.get("merge_type") == "một phần" else 0.9
            district = _core(row.get("old_district") or "")
            for name in {row.get("old_name") or "", row.get("old_name_in_resolution") or ""}:
                if name:
                    self._add(_core(name), str(row["new_code"]), weight, district or None)
            if district:
                self._district_index[tuple(fold(" ".join(_tokens(district))).split())].append(str(row["new_code"]))

    def _add(self, name: str, code: str, weight: float, district: str | None) -> None:
        accented = tuple(_tokens(name))
        if not accented:
            return
        key = tuple(fold(" ".join(accented)).split())
        district_key = tuple(fold(" ".join(_tokens(district))).split()) if district else None
        self._index[key].append((code, weight, accented, district_key))
        self.max_len = max(self.max_len, len(key))

    @classmethod
    def from_directory(cls, directory) -> Gazetteer:
        return cls(*load_gazetteer(directory))

    # ------------------------------------------------------------------ matching
    def candidates(self, text: str) -> dict[str, tuple[float, str, bool]]:
        """Best score per unit code: (score, matched words, via_former)."""
        words = _tokens(text)
        folded = fold(" ".join(words)).split()
        if len(folded) != len(words):  # folding never merges tokens, but stay safe
            words = folded
        districts = self._districts_in(folded)
        best: dict[str, tuple[float, str, bool]] = {}
        n_words = len(folded)
        for i in range(n_words):
            for n in range(min(self.max_len, n_words - i), 0, -1):
                key = tuple(folded[i : i + n])
                found = self._index.get(key)
                if not found:
                    continue
                prefixed = any(tuple(folded[max(0, i - len(t)) : i]) == t for t in _TYPE_WORDS)
                after_district = any(tuple(folded[max(0, i - len(t)) : i]) == t for t in _DISTRICT_WORDS)
                if n == 1 and not prefixed:
                    continue  # one bare syllable is too weak ("1", "an", "hà")
                span = tuple(words[i : i + n])
                has_marks = span != key
                for code, weight, accented, district_key in found:
                    s = weight * (1.0 if prefixed else 0.6)
                    if after_district:
                        s *= 0.5  # "huyện Đức Trọng" names a district, not the commune
                    if span == accented:
                        pass
                    elif has_marks:
                        s *= 0.35  # written with other diacritics: probably another word
                    else:
                        s *= 0.85  # typed without diacritics
                    if district_key is not None and district_key in districts:
                        s = min(1.0, s * 1.25)
                    if code not in best or s > best[code][0]:
                        best[code] = (s, " ".join(span), weight < 1.0)
        return best

    def _districts_in(self, folded: list[str]) -> set[tuple]:
        if self._district_lengths is None:
            self._district_lengths = sorted({len(key) for key in self._district_index})
        index = self._district_index
        found = set()
        for n in self._district_lengths:
            for i in range(len(folded) - n + 1):
                key = tuple(folded[i : i + n])
                if key in index:
                    found.add(key)
        return found

    def locate(self, text: str, *, min_confidence: float = 0.3) -> Location | None:
        """The most likely unit, or None. Confidence falls when two units score alike."""
        best = self.candidates(text)
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda kv: -kv[1][0])
        code, (top, matched, via_former) = ranked[0]
        second = ranked[1][1][0] if len(ranked) > 1 else 0.0
        confidence = top * top / (top + second) if top + second > 0 else 0.0
        if confidence < min_confidence:
            return None
        return Location(code, self.names.get(code, code), round(confidence, 3), matched, via_former)


def load_gazetteer(directory) -> tuple[list[dict], list[dict]]:
    """Read communes.csv and former_units.csv (UTF-8) from `directory` as lists of dicts."""
    directory = Path(directory)
    with open(directory / "communes.csv", encoding="utf-8", newline="") as f:
        communes = list(csv.DictReader(f))
    former_path = directory / "former_units.csv"
    former = []
    if former_path.exists():
        with open(former_path, encoding="utf-8", newline="") as f:
            former = list(csv.DictReader(f))
    return communes, former


def locate(text: str, gazetteer: Gazetteer, **options) -> Location | None:
    """Shortcut for `gazetteer.locate(text)`."""
    return gazetteer.locate(text, **options)
