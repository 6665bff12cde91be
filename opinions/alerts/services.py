"""Cảnh báo sớm in the platform: count signals per series, run the online detector, store alerts.

Bins are 24 hours long and end at the hour the job runs (hourly job `detect_alerts`): the last bin
is "the last 24 hours", the one before it the 24 hours before, and so on back HISTORY_BINS bins.
Each run recomputes the detector state from that history (no stored state to go stale), bin by
bin, so the decision about the last bin uses nothing after it (online, no look-ahead). An alert is
recorded only when the detector fires on the last bin; a surge that goes on merges into the alert
already raised for the same series in the last COOLDOWN, so running twice never duplicates.

Series: each field (lĩnh vực), each commune (địa bàn), each field in each commune, each open case.
Sensitive fields weigh more (SENSITIVE_WEIGHT: lower threshold). Rejected and duplicate signals do
not count. When one surge fires in several scopes in the same run, the most specific alert is kept
(case, then field in commune, then field, then commune) and broader ones that it explains
(≥ 75 % of their signals) are skipped.
"""

import datetime
import itertools
import logging
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from analysis.alert import SENSITIVE_WEIGHT, SENSITIVITY_THRESHOLDS, AlertDetector
from cms.lib.text import nfc
from opinions import access
from opinions.cycle.notify import office_emails, queue_email, site_url
from opinions.cycle.services import compute_deadline, log_event
from opinions.models import Alert, Area, Case, CaseEvent, Field, Signal, SignalKind, Urgency

logger = logging.getLogger(__name__)

BIN = datetime.timedelta(hours=24)
# 112-bin baseline + 7-bin guard + 8 bins of replay before the present bin.
HISTORY_BINS = 128
COOLDOWN = datetime.timedelta(days=7)
MIN_OBSERVED = 5  # fewer signals than this never make an alert, whatever the baseline
CHART_BINS = 28
COVERED_SHARE = 0.75
# Field × commune makes by far the most series (15 fields x 124 communes): their limit is raised
# by this much (one sensitivity step, "normal" -> "low") so that the platform as a whole does not
# raise several false alerts a day on ordinary noise (measured in docs/analysis.md).
FINE_SCOPE_EXTRA = SENSITIVITY_THRESHOLDS["low"] - SENSITIVITY_THRESHOLDS["normal"]
SCOPE_ORDER = [Alert.Scope.CASE, Alert.Scope.FIELD_AREA, Alert.Scope.FIELD, Alert.Scope.AREA]
# Counts other apps add to the series without the domain importing them (monitoring: each item of an
# online story after its first, under the story's one signal). Each entry is a function(start, end)
# yielding (signal pk, time, field_id, area_id, case_id) rows; apps register in AppConfig.ready().
EXTRA_ROWS = []


class AlertError(Exception):
    """A request the alert screen refuses now; the message is for the user, in Vietnamese."""


def _decimal(value):
    return f"{value:.1f}".replace(".", ",")


def _lower_first(text):
    return text[:1].lower() + text[1:] if text else text


def series_end(now=None):
    """The end of the present bin: the run time truncated to the hour."""
    now = now or timezone.now()
    return now.replace(minute=0, second=0, microsecond=0)


def _collect(start, end):
    """{series_key: [(bin index, signal pk), ...]} for the signals received in [start, end)."""
    rows = (
        Signal.objects.filter(received_at__gte=start, received_at__lt=end)
        .exclude(status__in=[Signal.Status.REJECTED, Signal.Status.DUPLICATE])
        .values_list("pk", "received_at", "field_id", "area_id", "case_id")
    )
    communes = set(Area.objects.communes().values_list("pk", flat=True))
    open_cases = set(Case.objects.filter(status__in=Case.OPEN_STATUSES).values_list("pk", flat=True))
    series = defaultdict(list)
    extra = (row for rows_of in EXTRA_ROWS for row in rows_of(start, end))
    for pk, received, field_id, area_id, case_id in itertools.chain(rows.iterator(chunk_size=5000), extra):
        index = int((received - start) / BIN)
        if field_id:
            series[f"field:{field_id}"].append((index, pk))
        if area_id in communes:
            series[f"area:{area_id}"].append((index, pk))
            if field_id:
                series[f"field_area:{field_id}:{area_id}"].append((index, pk))
        if case_id in open_cases:
            series[f"case:{case_id}"].append((index, pk))
    return series


def _describe(key, fields, areas, cases):
    """(scope, field, area, case, topic, place, weight) of a series key."""
    parts = key.split(":")
    scope = parts[0]
    field = area = case = None
    if scope == "field":
        field = fields[int(parts[1])]
    elif scope == "area":
        area = areas[int(parts[1])]
    elif scope == "field_area":
        field, area = fields[int(parts[1])], areas[int(parts[2])]
    else:
        case = cases[int(parts[1])]
        field, area = case.field, case.area
    if case is not None:
        topic = f"vụ việc {case.code} «{case.title[:80]}»"
        place = ""
    else:
        topic = _lower_first(field.name) if field else ""
        place = area.name if area else ""
    sensitive = bool(field and field.is_sensitive)
    return scope, field, area, case, topic, place, (SENSITIVE_WEIGHT if sensitive else 1.0)


def find_alerts(now=None, *, sensitivity="normal", history_bins=HISTORY_BINS):
    """The alerts the detector raises on the present bin, most specific first (nothing stored)."""
    end = series_end(now)
    start = end - BIN * history_bins
    series = _collect(start, end)
    fields = {f.pk: f for f in Field.objects.all()}
    areas = {a.pk: a for a in Area.objects.communes()}
    case_ids = [int(k.split(":")[1]) for k in series if k.startswith("case:")]
    cases = {c.pk: c for c in Case.objects.filter(pk__in=case_ids).select_related("field", "area")}
    stamps = [timezone.localtime(start + BIN * (i + 1)) for i in range(history_bins)]
    found = []
    for key, items in series.items():
        recent = sum(1 for index, _ in items if index == history_bins - 1)
        if recent < 1 or len(items) < MIN_OBSERVED:
            continue  # nothing in the last 24 hours: the present bin cannot fire
        description = _describe(key, fields, areas, cases)
        candidate = _detect(key, items, description, stamps, sensitivity, start, end)
        if candidate is not None:
            found.append(candidate)
    found.sort(key=lambda a: (SCOPE_ORDER.index(a["scope"]), -a["observed"]))
    return _drop_covered(found)


def _detect(key, items, description, stamps, sensitivity, start, end):
    """Run the detector over one series' bins; the alert (a dict) if the present bin fires, else None."""
    history_bins = len(stamps)
    counts = [0] * history_bins
    for index, _ in items:
        counts[index] += 1
    scope, field, area, case, topic, place, weight = description
    limit = SENSITIVITY_THRESHOLDS[sensitivity] + (FINE_SCOPE_EXTRA if scope == Alert.Scope.FIELD_AREA else 0)
    detector = AlertDetector(threshold=limit, weight=weight, weekday_aware=True, topic=topic, place=place, bin_size=BIN)
    expected = []
    result = None
    for count, stamp in zip(counts, stamps, strict=True):
        result = detector.update(count, stamp)
        expected.append(detector.last_expected)
    if result is None or result.count < MIN_OBSERVED:
        return None
    first_bin = history_bins - result.bins
    return {
        "series_key": key,
        "scope": scope,
        "field": field,
        "area": area,
        "case": case,
        "level": Alert.Level.HIGH if result.level == "high" else Alert.Level.MEDIUM,
        "message": result.message,
        "observed": int(round(result.count)),
        "expected": round(result.expected, 2),
        "ratio": None if result.expected <= 0 else round(result.ratio, 2),
        "score": round(result.score, 2),
        "window_start": start + BIN * first_bin,
        "window_end": end,
        "bins": result.bins,
        "signal_ids": sorted(pk for index, pk in items if index >= first_bin),
        "series": [
            {
                "end": stamps[i].isoformat(),
                "count": counts[i],
                "expected": None if expected[i] is None else round(expected[i], 2),
            }
            for i in range(history_bins - CHART_BINS, history_bins)
        ],
    }


def _drop_covered(found):
    """Keep a candidate only if most of its signals are not already in a more specific one kept."""
    kept, covered = [], set()
    for candidate in found:
        ids = set(candidate["signal_ids"])
        if ids and len(ids & covered) >= COVERED_SHARE * len(ids):
            continue
        covered |= ids
        kept.append(candidate)
    return kept


def _alert_email(alert):
    body = (
        f"Cảnh báo sớm mức {alert.get_level_display().lower()} "
        f"({timezone.localtime(alert.window_end):%H:%M ngày %d/%m/%Y}):\n\n{alert.message}\n\n"
        f"Xem chi tiết, ghi nhận hoặc chuyển thành báo cáo nhanh: "
        f"{site_url(reverse('alerts:alert_detail', args=[alert.pk]))}\n\n"
        "Thư này được gửi tự động từ hệ thống Lắng Nghe."
    )
    return queue_email(office_emails(), f"Cảnh báo sớm mức cao: {alert.message[:150]}", body)


def _store(candidate):
    """Create the alert, or merge into this series' alert of the same surge. Returns (alert, created)."""
    data = dict(candidate)
    signal_ids = data.pop("signal_ids")
    recent = (
        Alert.objects.select_for_update()
        .filter(series_key=data["series_key"], window_end__gt=data["window_end"] - COOLDOWN)
        .order_by("-window_end")
        .first()
    )
    created = recent is None
    if created:
        alert = Alert.objects.create(**data)
    else:
        alert = recent
        if data["window_end"] >= alert.window_end:
            for name in ("message", "observed", "expected", "ratio", "score", "window_end", "bins", "series"):
                setattr(alert, name, data[name])
            alert.window_start = min(alert.window_start, data["window_start"])
            if data["level"] == Alert.Level.HIGH:
                alert.level = Alert.Level.HIGH
            alert.save()
    alert.signals.add(*signal_ids)
    if alert.level == Alert.Level.HIGH and alert.email_id is None:
        alert.email = _alert_email(alert)
        if alert.email is not None:
            alert.save(update_fields=["email", "updated_at"])
    return alert, created


def detect_alerts(now=None, *, sensitivity="normal"):
    """Run the detector for every series and store what it raises. Returns (created, updated)."""
    created = updated = 0
    for candidate in find_alerts(now, sensitivity=sensitivity):
        try:
            with transaction.atomic():
                _, made = _store(candidate)
        except IntegrityError:  # another run stored the same alert at the same moment
            continue
        created += made
        updated += not made
    return created, updated


# Actions of the opinion office ----------------------------------------------------------------------


@transaction.atomic
def acknowledge_alert(actor, alert, note=""):
    """Ghi nhận: the office has seen it; once."""
    access.require_office(actor)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != Alert.Status.NEW:
        raise AlertError("Cảnh báo này đã được xử lý trước đó; không ghi nhận lại.")
    alert.status = Alert.Status.ACKNOWLEDGED
    alert.note = nfc(note or "").strip()
    alert.acknowledged_by, alert.acknowledged_at = actor, timezone.now()
    alert.save(update_fields=["status", "note", "acknowledged_by", "acknowledged_at", "updated_at"])
    return alert


def quick_report_title(alert):
    what = alert.field.name if alert.field else (alert.case.title if alert.case else "nhiều lĩnh vực")
    where = f" tại {alert.area.name}" if alert.area else ""
    return f"Báo cáo nhanh: tăng đột biến ý kiến về {_lower_first(what)}{where}"[:255]


@transaction.atomic
def make_quick_report(actor, alert):
    """Chuyển thành báo cáo nhanh: an urgent case with the explanation and the signals behind it.

    Once per alert: a second request returns the case made the first time. Signals not yet in a
    case are attached to the new case; those already in another case stay there (listed in the
    report through the alert). Returns (case, created).
    """
    access.require_office(actor)
    alert = Alert.objects.select_for_update(of=("self",)).select_related("field", "area", "case").get(pk=alert.pk)
    if alert.report_case_id:
        return alert.report_case, False
    field = alert.field or (alert.case.field if alert.case else None)
    area = alert.area or (alert.case.area if alert.case else None)
    window = (
        f"{timezone.localtime(alert.window_start):%H:%M %d/%m/%Y} – "
        f"{timezone.localtime(alert.window_end):%H:%M %d/%m/%Y}"
    )
    deadline = compute_deadline(SignalKind.OPINION, Urgency.URGENT)
    case = Case.objects.create(
        title=quick_report_title(alert),
        summary=(
            f"{alert.message}.\n\nCảnh báo sớm mức {alert.get_level_display().lower()}, "
            f"thời gian {window}: ghi nhận {alert.observed} ý kiến, mức bình thường khoảng "
            f"{_decimal(alert.expected)}."
        ),
        kind=SignalKind.OPINION,
        field=field,
        area=area,
        urgency=Urgency.URGENT,
        deadline=deadline,
        original_deadline=deadline,
    )
    log_event(
        CaseEvent.Action.OPENED,
        actor=actor,
        case=case,
        to_value=case.code,
        note=f"Báo cáo nhanh từ cảnh báo sớm: {alert.message}",
    )
    free = Signal.objects.select_for_update().filter(
        pk__in=alert.signals.values("pk"),
        case__isnull=True,
        status__in=[Signal.Status.NEW, Signal.Status.CLASSIFIED],
    )
    for signal in free:
        signal.case, signal.status = case, Signal.Status.ATTACHED
        signal.save(update_fields=["case", "status", "updated_at"])
        log_event(CaseEvent.Action.ATTACHED, actor=actor, case=case, signal=signal, to_value=case.code)
    alert.report_case = case
    alert.status = Alert.Status.REPORTED
    alert.reported_by, alert.reported_at = actor, timezone.now()
    if alert.acknowledged_at is None:
        alert.acknowledged_by, alert.acknowledged_at = actor, alert.reported_at
    alert.save()
    return case, True
