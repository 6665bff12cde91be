"""The one search interface of the platform: search(), index_records(), apply_pending(), reindex().

The public page /tim-kiem/ and the back-office "Tìm kiếm hồ sơ" both call search(). The backend is
the database unless ELASTICSEARCH_URL is set; when Elasticsearch does not answer, search() answers
from the database and says so (Results.notice), and index updates wait in PendingUpdate.
"""

import datetime as dt
import logging
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html

from opinions import access
from opinions.models import Area, Case, Channel, Field, Signal, SignalKind, Unit

from .backends import FACETS, BackendUnavailable, SearchSpec
from .backends.database import DatabaseBackend
from .documents import REBUTTAL, VERDICT_PREFIX, all_ids, update_documents
from .highlight import highlight
from .models import PendingUpdate, SearchDocument
from .pg_match import sync as sync_match_table

logger = logging.getLogger(__name__)

FALLBACK_NOTICE = (
    "Máy chủ tìm kiếm Elasticsearch hiện không phản hồi: kết quả được lấy từ cơ sở dữ liệu; "
    "các cập nhật chỉ mục đang chờ sẽ được gửi khi máy chủ hoạt động trở lại."
)
FACET_LABELS = {
    "field": "Lĩnh vực",
    "area": "Địa bàn",
    "kind": "Loại",
    "status": "Trạng thái",
    "channel": "Kênh tiếp nhận",
    "unit": "Đơn vị xử lý",
}
PUBLIC_KINDS = (SearchDocument.Kind.PAGE, SearchDocument.Kind.CASE)
STAFF_KINDS = (SearchDocument.Kind.SIGNAL, SearchDocument.Kind.CASE)


def elasticsearch_enabled():
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def get_backend():
    if elasticsearch_enabled():
        # Optional dependency: the elasticsearch client is needed only when ELASTICSEARCH_URL is set.
        from .backends.elastic import ElasticsearchBackend

        return ElasticsearchBackend()
    return DatabaseBackend()


@dataclass
class Hit:
    doc: SearchDocument
    title: str
    snippet: str
    labels: dict


@dataclass
class FacetOption:
    value: object
    label: str
    count: int
    selected: bool


@dataclass
class Results:
    hits: list = field(default_factory=list)
    total: int = 0
    facets: list = field(default_factory=list)
    backend: str = "database"
    notice: str = ""
    page: int = 1
    pages: int = 1
    query: str = ""
    # True when total is a lower bound (the database backend stops counting at 10,000).
    capped: bool = False


def _local_midnight(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def staff_unit_scope(user):
    """(allowed, unit id or None) for the back-office: everything, one unit, or nothing."""
    if user is None or not user.is_authenticated:
        return False, None
    if access.sees_everything(user):
        return True, None
    unit = access.user_unit(user)
    return (True, unit.pk) if unit else (False, None)


def search(
    query="",
    *,
    user=None,
    public=False,
    filters=None,
    date_from=None,
    date_to=None,
    facets=False,
    page=1,
    per_page=20,
    backend=None,
):
    """Search public content (public=True) or the records the user may see (back-office)."""
    filters = {k: v for k, v in (filters or {}).items() if k in FACETS and v not in (None, "")}
    page = max(1, int(page or 1))
    spec = SearchSpec(
        query=query or "",
        filters=filters,
        facets=facets,
        offset=(page - 1) * per_page,
        limit=per_page,
        date_from=_local_midnight(date_from) if date_from else None,
        date_to=_local_midnight(date_to + dt.timedelta(days=1)) if date_to else None,
    )
    if public:
        spec.kinds, spec.public_only = PUBLIC_KINDS, True
    else:
        allowed, unit_id = staff_unit_scope(user)
        if not allowed:
            return Results(query=spec.query)
        spec.kinds, spec.unit_id = STAFF_KINDS, unit_id
    backend, found, notice = _run_search(backend or get_backend(), spec)
    docs = _load(found.ids)
    names = _names(docs, found.facets)
    return Results(
        hits=_hits(docs, spec, names),
        total=found.total,
        facets=_facet_groups(found.facets, filters, names),
        backend=backend.name,
        notice=notice,
        page=page,
        pages=max(1, math.ceil(found.total / per_page)),
        query=spec.query,
        capped=found.capped,
    )


def _run_search(backend, spec):
    """(backend used, its answer, notice): Elasticsearch not answering falls back to the database."""
    try:
        return backend, backend.search(spec), ""
    except BackendUnavailable as exc:
        logger.warning("Elasticsearch không phản hồi, dùng cơ sở dữ liệu: %s", exc)
        backend = DatabaseBackend()
        return backend, backend.search(spec), FALLBACK_NOTICE


def _hits(docs, spec, names):
    """The documents with their title and snippet highlighted on the query's terms, and labels."""
    folded_terms = {f for _, f in spec.terms}
    return [
        Hit(
            doc=d,
            title=highlight(d.title, folded_terms, window=0),
            snippet=_snippet(d, folded_terms),
            labels=_labels(d, names),
        )
        for d in docs
    ]


REBUTTAL_LABEL = "Phản bác thông tin sai sự thật"


def _snippet(doc, folded_terms):
    """The text around the first match; a rebuttal's verdict (its first line) always comes first."""
    if doc.signal_kind != REBUTTAL or not doc.text.startswith(VERDICT_PREFIX):
        return highlight(doc.text, folded_terms)
    verdict, _, rest = doc.text.partition("\n")
    return format_html("<strong>{}</strong> {}", verdict, highlight(rest, folded_terms))


def _load(ids):
    """SearchDocument rows in the backend's order, in one query (ids or (kind, object_id) pairs)."""
    if not ids:
        return []
    if isinstance(ids[0], tuple):
        condition = Q()
        for kind in {k for k, _ in ids}:
            condition |= Q(kind=kind, object_id__in=[o for k, o in ids if k == kind])
        rows = {(d.kind, d.object_id): d for d in SearchDocument.objects.defer("norm", "folded").filter(condition)}
    else:
        rows = SearchDocument.objects.defer("norm", "folded").in_bulk(ids)
    return [rows[i] for i in ids if i in rows]


STATUS_LABELS = {**dict(Case.Status.choices), **dict(Signal.Status.choices)}
CHOICE_LABELS = {
    "kind": dict(SignalKind.choices),
    "channel": dict(Channel.choices),
    "status": STATUS_LABELS,
}
NAMED = {"field": Field, "area": Area, "unit": Unit}
NAME_COLUMNS = {"field": ("name",), "area": ("name",), "unit": ("name", "short_name")}


def _names(docs, facets):
    """Names of the fields, areas and units shown on this page (one query each)."""
    names = {}
    for facet, model in NAMED.items():
        column = FACETS[facet]
        wanted = {getattr(d, column) for d in docs} | set(facets.get(facet, {}))
        wanted.discard(None)
        rows = model.objects.only(*NAME_COLUMNS[facet]).in_bulk(list(wanted)) if wanted else {}
        names[facet] = {pk: str(obj) for pk, obj in rows.items()}
    return names


def _label(facet, value, names):
    if facet in NAMED:
        return names[facet].get(value, str(value))
    if facet == "status" and value == "live":
        return "Đã xuất bản"
    return CHOICE_LABELS.get(facet, {}).get(value, str(value))


def _labels(doc, names):
    labels = {"kind_document": doc.get_kind_display()}
    for facet, column in FACETS.items():
        value = getattr(doc, column)
        if value not in (None, ""):
            labels[facet] = _label(facet, value, names)
    if doc.signal_kind == REBUTTAL:
        labels["kind_document"] = labels["kind"] = REBUTTAL_LABEL
    if doc.kind == SearchDocument.Kind.SIGNAL and doc.status:
        labels["status"] = dict(Signal.Status.choices).get(doc.status, doc.status)
    return labels


def _facet_groups(facets, filters, names):
    groups = []
    for facet in FACETS:
        counts = facets.get(facet) or {}
        if not counts:
            continue
        options = [
            FacetOption(value, _label(facet, value, names), count, str(filters.get(facet, "")) == str(value))
            for value, count in sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
        ]
        groups.append({"name": facet, "label": FACET_LABELS[facet], "options": options})
    return groups


# ---- indexing


def _queue_pending(pairs, error=""):
    for kind, object_id in pairs:
        row, created = PendingUpdate.objects.get_or_create(kind=kind, object_id=object_id)
        if not created or error:
            row.attempts += 0 if created else 1
            row.last_error = error[:500]
            row.save(update_fields=["attempts", "last_error"])


_ALIASES_READY = set()


def _push(backend, pairs):
    """Send the current documents of these (kind, object_id) pairs to Elasticsearch."""
    alias = backend.alias_name() if hasattr(backend, "alias_name") else ""
    if alias not in _ALIASES_READY:
        backend.ensure_index()  # the first write of this process: the alias must exist
        _ALIASES_READY.add(alias)
    condition = Q(pk__in=[])
    for kind in {k for k, _ in pairs}:
        condition |= Q(kind=kind, object_id__in=[o for k, o in pairs if k == kind])
    docs = list(SearchDocument.objects.filter(condition))
    present = {(d.kind, d.object_id) for d in docs}
    backend.bulk(docs=docs, deletions=[p for p in pairs if p not in present])


def index_records(kind, ids):
    """Update the database index for these records, then Elasticsearch when configured.

    If Elasticsearch does not answer the records wait in PendingUpdate; nothing is lost.
    """
    indexed, gone = update_documents(kind, ids)
    pairs = [(kind, i) for i in indexed + gone]
    if elasticsearch_enabled() and pairs:
        try:
            backend = get_backend()
            _push(backend, pairs)
        except BackendUnavailable as exc:
            logger.warning("Elasticsearch không phản hồi; %s bản ghi chờ cập nhật: %s", len(pairs), exc)
            _queue_pending(pairs, str(exc))
            return {"indexed": len(indexed), "deleted": len(gone), "pending": len(pairs)}
        apply_pending(backend=backend)
    return {"indexed": len(indexed), "deleted": len(gone), "pending": 0}


def index_unindexed_signals(window_days=2, batch_size=500):
    """Index the recent signals that have no search document yet (new signals are indexed in
    debounced batches: search/tasks.enqueue_new_signal). Returns how many were indexed."""
    since = timezone.now() - dt.timedelta(days=window_days)
    indexed = SearchDocument.objects.filter(kind=SearchDocument.Kind.SIGNAL, date__gte=since).values("object_id")
    ids = list(Signal.objects.filter(received_at__gte=since).exclude(pk__in=indexed).values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        index_records(SearchDocument.Kind.SIGNAL, ids[start : start + batch_size])
    return len(ids)


def apply_pending(batch_size=500, backend=None):
    """Apply the waiting updates (database index, then Elasticsearch). Returns how many went through."""
    done = 0
    while True:
        rows = list(PendingUpdate.objects.order_by("pk")[:batch_size])
        if not rows:
            return done
        pairs = []
        for kind in {r.kind for r in rows}:
            indexed, gone = update_documents(kind, [r.object_id for r in rows if r.kind == kind])
            pairs += [(kind, i) for i in indexed + gone]
        if elasticsearch_enabled():
            try:
                backend = backend or get_backend()
                _push(backend, pairs)
            except BackendUnavailable as exc:
                PendingUpdate.objects.filter(pk__in=[r.pk for r in rows]).update(last_error=str(exc)[:500])
                for row in rows:
                    PendingUpdate.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
                return done
        PendingUpdate.objects.filter(pk__in=[r.pk for r in rows]).delete()
        done += len(rows)


def reindex(batch_size=500, stdout=None, elasticsearch=True):
    """Rebuild the database index from the records, then (if configured) a new Elasticsearch
    index filled in bulk and switched in behind the alias. Returns counts."""
    started = timezone.now()
    counts = {}
    for kind, ids in all_ids().items():
        for start in range(0, len(ids), batch_size):
            update_documents(kind, ids[start : start + batch_size])
        SearchDocument.objects.filter(kind=kind).exclude(object_id__in=ids).delete()
        counts[kind] = len(ids)
        if stdout:
            stdout.write(f"{kind}: {len(ids)}")
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            deleted, added = sync_match_table(cursor)
        counts["match"] = {"deleted": deleted, "added": added}
    if elasticsearch and elasticsearch_enabled():
        backend = get_backend()
        old = backend.current_indices()
        new = backend.create_index(backend.new_index_name())
        queryset = SearchDocument.objects.order_by("pk")
        for start in range(0, queryset.count(), batch_size):
            backend.bulk(docs=list(queryset[start : start + batch_size]), index=new)
        backend.switch_alias(new, old)
        # What changed while the new index was being filled goes in again, behind the alias.
        changed = [(d.kind, d.object_id) for d in SearchDocument.objects.filter(updated_at__gte=started)]
        if changed:
            _push(backend, changed)
        backend.delete_indices(old)
        counts["index"] = new
        PendingUpdate.objects.all().delete()
    return counts
