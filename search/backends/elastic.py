"""Elasticsearch backend (elasticsearch-dsl), used when ELASTICSEARCH_URL is set.

One index behind an alias (settings.SEARCH_INDEX_ALIAS, default "langnghe-search"): reindexing
builds a new index, fills it, then moves the alias in one step, so searches never see a half-built
index. Text arrives already normalised by search.text (NFC, one tone placement, abbreviations
expanded); the index still knows the abbreviations as synonyms for queries sent by other clients.

Each text field is analysed twice: as written (standard tokenizer + lowercase) and folded
(+ asciifolding, as the sub-field `.folded`). A query matches on either; a document with the exact
diacritics matches both and ranks higher.
"""

import datetime as dt

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch.helpers import BulkIndexError, bulk
from elasticsearch_dsl import Boolean, Date, Document, Keyword, Long, Search, Text, analyzer, token_filter
from elasticsearch_dsl import Q as ESQ

from ..text import ABBREVIATIONS, fold, normalise, strip_diacritics
from . import FACETS, BackendResult, BackendUnavailable

synonyms_exact = token_filter(
    "vi_abbreviations", type="synonym_graph", synonyms=[f"{a}, {e}" for a, e in sorted(ABBREVIATIONS.items())]
)
synonyms_folded = token_filter(
    "vi_abbreviations_folded",
    type="synonym_graph",
    synonyms=sorted({f"{strip_diacritics(a)}, {fold(e)}" for a, e in ABBREVIATIONS.items()}),
)
vi_exact = analyzer("vi_exact", tokenizer="standard", filter=["lowercase"])
vi_folded = analyzer("vi_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
vi_exact_search = analyzer("vi_exact_search", tokenizer="standard", filter=["lowercase", synonyms_exact])
vi_folded_search = analyzer(
    "vi_folded_search", tokenizer="standard", filter=["lowercase", "asciifolding", synonyms_folded]
)


def _text_field():
    return Text(
        analyzer=vi_exact,
        search_analyzer=vi_exact_search,
        fields={"folded": Text(analyzer=vi_folded, search_analyzer=vi_folded_search)},
    )


class SearchDoc(Document):
    """One SearchDocument row as an Elasticsearch document (id "<kind>-<object_id>")."""

    kind = Keyword()
    object_id = Long()
    title = _text_field()
    text = _text_field()
    is_public = Boolean()
    unit_id = Keyword()
    field_id = Keyword()
    area_id = Keyword()
    signal_kind = Keyword()
    status = Keyword()
    channel = Keyword()
    date = Date()

    class Index:
        name = "langnghe-search"
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def alias_name():
    return getattr(settings, "SEARCH_INDEX_ALIAS", "langnghe-search")


# Extra keyword arguments for the client; the tests put a recording HTTP node here.
CLIENT_OPTIONS = {}


def make_client():
    options = {"request_timeout": 5, "max_retries": 0, "retry_on_timeout": False, **CLIENT_OPTIONS}
    return Elasticsearch(settings.ELASTICSEARCH_URL, **options)


def document_source(doc):
    """The Elasticsearch body of one SearchDocument row (normalised text, facets as keywords)."""

    def kw(value):
        return None if value in (None, "") else str(value)

    return {
        "kind": doc.kind,
        "object_id": doc.object_id,
        "title": normalise(doc.title),
        "text": normalise(doc.text),
        "is_public": doc.is_public,
        "unit_id": kw(doc.unit_id),
        "field_id": kw(doc.field_id),
        "area_id": kw(doc.area_id),
        "signal_kind": kw(doc.signal_kind),
        "status": kw(doc.status),
        "channel": kw(doc.channel),
        "date": doc.date.isoformat() if doc.date else None,
    }


def doc_id(kind, object_id):
    return f"{kind}-{object_id}"


class ElasticsearchBackend:
    name = "elasticsearch"
    alias_name = staticmethod(alias_name)

    def __init__(self, client=None):
        self.client = client or make_client()

    def _guard(self, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except (ESConnectionError, BulkIndexError) as exc:
            raise BackendUnavailable(str(exc)[:300]) from exc
        except ApiError as exc:
            if exc.meta.status >= 500 or exc.meta.status == 429:
                raise BackendUnavailable(str(exc)[:300]) from exc
            raise

    # ---- queries
    def build_search(self, spec):
        s = Search(using=self.client, index=alias_name())
        query = normalise(spec.query)
        if spec.terms:
            s = s.query(
                ESQ(
                    "bool",
                    should=[
                        ESQ(
                            "multi_match",
                            query=query,
                            type="cross_fields",
                            operator="and",
                            fields=["title^3", "text"],
                            boost=2,
                        ),
                        ESQ(
                            "multi_match",
                            query=query,
                            type="cross_fields",
                            operator="and",
                            fields=["title.folded^3", "text.folded"],
                        ),
                    ],
                    minimum_should_match=1,
                )
            )
            s = s.sort("_score", {"date": {"order": "desc", "missing": "_last"}})
        else:
            s = s.sort({"date": {"order": "desc", "missing": "_last"}})
        filters = []
        if spec.kinds:
            filters.append(ESQ("terms", kind=list(spec.kinds)))
        if spec.public_only:
            filters.append(ESQ("term", is_public=True))
        if spec.unit_id is not None:
            filters.append(ESQ("term", unit_id=str(spec.unit_id)))
        for name, value in spec.filters.items():
            if value not in (None, ""):
                filters.append(ESQ("term", **{FACETS[name]: str(value)}))
        date_range = {}
        if spec.date_from:
            date_range["gte"] = spec.date_from.isoformat()
        if spec.date_to:
            date_range["lt"] = spec.date_to.isoformat()
        if date_range:
            filters.append(ESQ("range", date=date_range))
        if filters:
            s = s.filter("bool", filter=filters)
        if spec.facets:
            for name, column in FACETS.items():
                s.aggs.bucket(name, "terms", field=column, size=100)
        s = s.source(["kind", "object_id"]).extra(track_total_hits=True)
        return s[spec.offset : spec.offset + spec.limit]

    def search(self, spec, resolve_ids=None):
        response = self._guard(self.build_search(spec).execute)
        pairs = [(hit.kind, int(hit.object_id)) for hit in response]
        facets = {}
        if spec.facets and hasattr(response, "aggregations"):
            for name in FACETS:
                buckets = getattr(response.aggregations, name).buckets
                facets[name] = {_facet_value(name, b.key): b.doc_count for b in buckets}
        ids = resolve_ids(pairs) if resolve_ids else pairs
        return BackendResult(ids=ids, total=response.hits.total.value, facets=facets)

    def ping(self):
        try:
            return bool(self.client.ping())
        except Exception:
            return False

    # ---- index management
    def new_index_name(self):
        return f"{alias_name()}-{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S%f}"

    def index_body(self):
        return SearchDoc._index.to_dict()

    def create_index(self, name):
        self._guard(self.client.indices.create, index=name, **self.index_body())
        return name

    def current_indices(self):
        try:
            return sorted(self._guard(self.client.indices.get_alias, name=alias_name()).body)
        except ApiError as exc:
            if exc.meta.status == 404:
                return []
            raise

    def ensure_index(self):
        """The alias and an index behind it (created on first use)."""
        if not self.current_indices():
            name = self.create_index(self.new_index_name())
            self.switch_alias(name, [])

    def switch_alias(self, new, old):
        actions = [{"remove": {"index": name, "alias": alias_name()}} for name in old]
        actions.append({"add": {"index": new, "alias": alias_name()}})
        self._guard(self.client.indices.update_aliases, actions=actions)

    def delete_indices(self, names):
        for name in names:
            self._guard(self.client.indices.delete, index=name, ignore_unavailable=True)

    def bulk(self, docs=(), deletions=(), index=None):
        """Index SearchDocument rows and delete (kind, object_id) pairs in one bulk request."""
        target = index or alias_name()
        actions = [
            {"_op_type": "index", "_index": target, "_id": doc_id(d.kind, d.object_id), "_source": document_source(d)}
            for d in docs
        ]
        actions += [{"_op_type": "delete", "_index": target, "_id": doc_id(k, o)} for k, o in deletions]
        if not actions:
            return 0
        ok, errors = self._guard(bulk, self.client, actions, raise_on_error=False, refresh=False)
        real = [e for e in errors if e.get("delete", {}).get("status") != 404]
        if real:
            raise BackendUnavailable(f"{len(real)} lỗi khi ghi chỉ mục: {str(real[0])[:200]}")
        return ok

    def refresh(self):
        self._guard(self.client.indices.refresh, index=alias_name())


def _facet_value(name, key):
    if FACETS[name].endswith("_id"):
        try:
            return int(key)
        except (TypeError, ValueError):
            return key
    return key
