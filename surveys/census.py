"""Margins of the 2019 census for raking, mapped to today's communes (surveys/data/README.md)."""

import csv
from collections import Counter
from functools import cache
from pathlib import Path

from cms.lib.text import fold_accents as fold
from opinions.models import FormerArea

CENSUS_FILE = Path(__file__).resolve().parent / "data" / "census_2019_lamdong.csv"
DISTRICT_SUFFIX = "__huyen_cu"
SEX_LABELS = {"nam": "male", "nu": "female"}
AREA_LABELS = {"thanh thi": "urban", "nong thon": "rural"}


@cache
def census_rows():
    with CENSUS_FILE.open(encoding="utf-8") as handle:
        return [
            {k: (int(v) if k not in ("old_district", "old_province") else v) for k, v in row.items()}
            for row in csv.DictReader(handle)
        ]


def commune_districts():
    """{commune code: former district}: the district that gave the commune most of its former units."""
    votes = {}
    for code, district in FormerArea.objects.values_list("new_area__code", "district"):
        votes.setdefault(code, Counter())[district] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def _match(question, labels):
    """{choice code: census key} when the question's choices are exactly these labels (accents folded)."""
    found = {fold(c["label"]).strip().lower(): c["name"] for c in question["choices"]}
    if set(found) != set(labels):
        return None
    return {found[label]: key for label, key in labels.items()}


def census_margins(questions):
    """Margins from the census for the questions that ask sex, urban/rural or the commune."""
    rows = census_rows()
    margins = {}
    for q in questions:
        if q["type"] in ("select_one", "dropdown"):
            for labels in (SEX_LABELS, AREA_LABELS):
                codes = _match(q, labels)
                if codes:
                    margins[q["name"]] = {code: sum(r[key] for r in rows) for code, key in codes.items()}
        if q["type"] == "commune":
            margins[q["name"] + DISTRICT_SUFFIX] = {r["old_district"]: r["total"] for r in rows}
    return margins
