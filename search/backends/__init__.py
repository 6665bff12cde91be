"""Search backends: the database (default) and Elasticsearch (when ELASTICSEARCH_URL is set).

Both answer the same SearchSpec with a BackendResult: the ids of the matching documents for one
page, ranked; the number of matches; and, when asked, counts per facet value.
"""

import datetime as dt
from dataclasses import dataclass, field

from ..text import fold, normalise, words

# Facet name -> SearchDocument column.
FACETS = {
    "field": "field_id",
    "area": "area_id",
    "kind": "signal_kind",
    "status": "status",
    "channel": "channel",
    "unit": "unit_id",
}


class BackendUnavailable(Exception):
    """The search service does not answer (connection refused, timeout, cluster down)."""


@dataclass
class SearchSpec:
    query: str = ""
    kinds: tuple = ()
    public_only: bool = False
    # None: no unit restriction; a number: only documents of that unit.
    unit_id: int | None = None
    filters: dict = field(default_factory=dict)
    date_from: dt.datetime | None = None
    date_to: dt.datetime | None = None
    facets: bool = False
    offset: int = 0
    limit: int = 20

    @property
    def terms(self):
        """[(word with diacritics, word without)] of the query, normalised, abbreviations expanded."""
        norm = words(normalise(self.query))
        return [(w, fold(w)) for w in norm][:12]


@dataclass
class BackendResult:
    ids: list
    total: int
    facets: dict = field(default_factory=dict)
    # True when total is a lower bound ("more than"): the database backend stops counting.
    capped: bool = False
