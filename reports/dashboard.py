"""Tổng quan: the dashboard's figures, one query function per panel.

Each function takes the user and the Filters (reports/filters.py), scopes its rows through
opinions.access (the same rule as the lists: a unit's handler sees their unit's cases and the signals
in them), and returns a Panel: plain rows (the table beneath the chart and the XLSX download), the
chart's data, and for each number the link to the list behind it with the same filters. No citizen's
personal data: only counts, names of fields, communes, units and case titles.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDay, TruncMonth, TruncWeek
from django.urls import reverse
from django.utils import timezone

from opinions import access
from opinions.models import (
    Alert,
    Area,
    Attribute,
    Case,
    Channel,
    ConfirmedLabel,
    FocalPoint,
    Rating,
    Signal,
    Suggestion,
    Unit,
)
from reports.ontime import measure

ON_TIME_TARGET = 90.0  # Kế hoạch: more than 90% of pressing issues answered on time


@dataclass
class Panel:
    key: str
    title: str
    columns: list
    rows: list  # lists of cells; a cell may be {"value": …, "url": …} to drill down
    chart: dict = field(default_factory=dict)
    note: str = ""


def cell(value, url=None):
    return {"value": value, "url": url} if url else value


def plain(value):
    return value["value"] if isinstance(value, dict) else value


# The rows ------------------------------------------------------------------------------------------------


def signals(user, f, dated=True):
    """The signals of the period (received_at in it) that the user may see, with the filters."""
    qs = Signal.objects.all()
    if dated:
        qs = qs.filter(received_at__gte=f.start_dt, received_at__lt=f.end_dt)
    if f.field:
        qs = qs.filter(field_id=f.field)
    if f.area:
        qs = qs.filter(area_id=f.area)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.unit:
        qs = qs.filter(case__assigned_unit_id=f.unit)
    return access.scope_signals(user, qs)


def cases(user, f):
    """The cases the user may see, with the filters (no date: each figure dates them its own way)."""
    qs = Case.objects.all()
    if f.field:
        qs = qs.filter(field_id=f.field)
    if f.area:
        qs = qs.filter(area_id=f.area)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.unit:
        qs = qs.filter(assigned_unit_id=f.unit)
    return access.scope_cases(user, qs)


def bucket(f):
    """Days up to two months, weeks up to a year, months beyond."""
    if f.days <= 62:
        return TruncDay, "ngày"
    if f.days <= 370:
        return TruncWeek, "tuần"
    return TruncMonth, "tháng"


def _label(moment):
    day = timezone.localtime(moment).date() if hasattr(moment, "hour") else moment
    return day.strftime("%d/%m/%Y")


# Panels ----------------------------------------------------------------------------------------------------


def volume(user, f):
    """Số lượng theo kênh: signals per day/week/month and channel."""
    trunc, unit_name = bucket(f)
    data = (
        signals(user, f)
        .annotate(b=trunc("received_at"))
        .values("b", "channel")
        .annotate(n=Count("id"))
        .order_by("b", "channel")
    )
    labels, series, rows = [], {}, []
    channel_names = dict(Channel.choices)
    for item in data:
        label = _label(item["b"])
        if label not in labels:
            labels.append(label)
        series.setdefault(item["channel"], {})[label] = item["n"]
        rows.append([label, channel_names.get(item["channel"], item["channel"]), item["n"]])
    chart = {
        "labels": labels,
        "series": [
            {"name": channel_names.get(code, code), "data": [values.get(x, 0) for x in labels]}
            for code, values in series.items()
        ],
    }
    total = sum(r[2] for r in rows)
    rows.append(["Tổng cộng", "", cell(total, f.signals_url())])
    return Panel(
        "volume", f"Số thông tin dư luận theo kênh (theo {unit_name})", ["Kỳ", "Kênh", "Số lượng"], rows, chart
    )


def fields(user, f):
    """Theo lĩnh vực, sensitive fields marked."""
    data = (
        signals(user, f)
        .values("field", "field__name", "field__is_sensitive")
        .annotate(n=Count("id"))
        .order_by("-n", "field__name")
    )
    rows, chart = [], {"labels": [], "values": [], "sensitive": []}
    for item in data:
        name = item["field__name"] or "Chưa phân loại"
        mark = "Có" if item["field__is_sensitive"] else ""
        url = f.signals_url(field=item["field"]) if item["field"] else None
        rows.append([name, mark, cell(item["n"], url)])
        chart["labels"].append(name)
        chart["values"].append(item["n"])
        chart["sensitive"].append(bool(item["field__is_sensitive"]))
    return Panel(
        "fields",
        "Theo lĩnh vực",
        ["Lĩnh vực", "Nhạy cảm", "Số lượng"],
        rows,
        chart,
        note="Lĩnh vực nhạy cảm được đánh dấu (*) trên biểu đồ.",
    )


def communes(user, f):
    """Bản đồ xã: counts per commune (the 124), every commune listed, zero included."""
    counts = dict(signals(user, f).filter(area__isnull=False).values_list("area").annotate(n=Count("id")))
    rows, chart = [], {"data": []}
    for area in Area.objects.communes().only("pk", "name", "area_km2").order_by("name"):
        n = counts.get(area.pk, 0)
        rows.append([area.name, cell(n, f.signals_url(area=area.pk) if n else None)])
        chart["data"].append({"name": area.name, "id": area.pk, "value": n})
    chart["max"] = max(counts.values(), default=0)
    return Panel(
        "communes",
        "Bản đồ theo xã, phường, đặc khu",
        ["Xã, phường, đặc khu", "Số lượng"],
        rows,
        chart,
        note="Số thông tin dư luận theo địa bàn (chưa có số dân để tính tỷ lệ trên 10.000 dân). "
        "Bấm vào một xã để lọc toàn bộ trang theo xã đó.",
    )


def _sentiment_values(qs):
    confirmed = ConfirmedLabel.objects.filter(signal=OuterRef("pk"), attribute=Attribute.SENTIMENT).values("value")
    suggested = (
        Suggestion.objects.filter(signal=OuterRef("pk"), attribute=Attribute.SENTIMENT)
        .order_by("-confidence")
        .values("value")
    )
    return qs.annotate(sentiment=Coalesce(Subquery(confirmed[:1]), Subquery(suggested[:1])))


def sentiment(user, f):
    """Sắc thái theo thời gian: the confirmed sentiment, else the model's suggestion."""
    trunc, unit_name = bucket(f)
    data = (
        _sentiment_values(signals(user, f))
        .annotate(b=trunc("received_at"))
        .values("b", "sentiment")
        .annotate(n=Count("id"))
        .order_by("b", "sentiment")
    )
    labels, series, rows = [], {}, []
    for item in data:
        label = _label(item["b"])
        name = item["sentiment"] or "Chưa phân tích"
        if label not in labels:
            labels.append(label)
        series.setdefault(name, {})[label] = item["n"]
        rows.append([label, name, item["n"]])
    chart = {
        "labels": labels,
        "series": [{"name": name, "data": [v.get(x, 0) for x in labels]} for name, v in series.items()],
    }
    return Panel("sentiment", f"Sắc thái dư luận (theo {unit_name})", ["Kỳ", "Sắc thái", "Số lượng"], rows, chart)


def alerts(user, f):
    """Điểm nóng và cảnh báo chưa xử lý: new alerts, and communes that grew most on the period before."""
    qs = Alert.objects.filter(status=Alert.Status.NEW).select_related("field", "area").defer("area__boundary")
    if f.field:
        qs = qs.filter(field_id=f.field)
    if f.area:
        qs = qs.filter(area_id=f.area)
    if not access.sees_everything(user):
        unit = access.user_unit(user)
        qs = qs.filter(Q(case__assigned_unit=unit) | Q(area__in=unit.areas.all())) if unit else qs.none()
    rows = []
    for alert in qs.order_by("-window_end")[:10]:
        url = reverse("alerts:alert_detail", args=[alert.pk]) if access.sees_everything(user) else None
        rows.append(
            [
                "Cảnh báo " + alert.get_level_display().lower(),
                cell(alert.message[:120], url),
                alert.observed,
                _label(alert.window_end),
            ]
        )
    now = dict(signals(user, f).filter(area__isnull=False).values_list("area").annotate(n=Count("id")))
    before = dict(signals(user, f.previous()).filter(area__isnull=False).values_list("area").annotate(n=Count("id")))
    names = dict(Area.objects.filter(pk__in=now).values_list("pk", "name"))
    growth = sorted(((n - before.get(pk, 0), n, pk) for pk, n in now.items()), reverse=True)[:5]
    for delta, n, pk in growth:
        if delta > 0:
            rows.append(["Điểm nóng", cell(names[pk], f.signals_url(area=pk)), n, f"+{delta} so với kỳ trước"])
    return Panel("alerts", "Điểm nóng và cảnh báo chưa xử lý", ["Loại", "Nội dung", "Số lượng", "Thời điểm"], rows)


def stories(user, f):
    """Câu chuyện nổi bật: monitoring's stories when that app is installed, else the cases that
    gathered most signals in the period (groups of signals), with their growth on the period before."""
    try:
        story = apps.get_model("monitoring", "Story")
    except LookupError:
        story = None
    if story is not None and access.sees_everything(user):
        qs = story.objects.filter(last_seen__gte=f.start_dt, first_seen__lt=f.end_dt).order_by("-item_count")[:10]
        rows = [[s.title, s.item_count, _label(s.first_seen), _label(s.last_seen)] for s in qs]
        return Panel("stories", "Câu chuyện nổi bật", ["Câu chuyện", "Số tin", "Xuất hiện", "Gần nhất"], rows)
    prev = f.previous()
    top = (
        signals(user, f)
        .filter(case__isnull=False)
        .values("case", "case__title")
        .annotate(n=Count("id"))
        .order_by("-n", "case")[:10]
    )
    top = list(top)
    earlier = dict(
        signals(user, prev).filter(case__in=[t["case"] for t in top]).values_list("case").annotate(n=Count("id"))
    )
    rows = []
    for item in top:
        url = reverse("cycle:case_detail", args=[item["case"]])
        growth = item["n"] - earlier.get(item["case"], 0)
        rows.append([cell(item["case__title"], url), item["n"], f"{growth:+d}"])
    return Panel("stories", "Vấn đề được quan tâm nhiều nhất", ["Vụ việc", "Số ý kiến trong kỳ", "Tăng/giảm"], rows)


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def ontime(user, f):
    """Tỷ lệ đúng hạn per unit and overall, against the plan's target (>90%)."""
    overall, ranking, overdue = measure(f.start, f.end, cases=cases(user, f))
    rows = []
    for row in [overall, *ranking]:
        rows.append([row.name, row.answered, row.on_time, row.open_overdue, row.on_time_rate])
    report_url = reverse("reports:ontime_report") + f"?start={f.start.isoformat()}&end={f.end.isoformat()}"
    chart = {
        "labels": [r.name for r in ranking[:15]],
        "values": [r.on_time_rate for r in ranking[:15]],
        "overall": overall.on_time_rate,
        "target": ON_TIME_TARGET,
    }
    panel = Panel(
        "ontime",
        "Tỷ lệ trả lời đúng hạn (mục tiêu trên 90%)",
        ["Đơn vị", "Đã trả lời", "Đúng hạn", "Quá hạn chưa trả lời", "Tỷ lệ đúng hạn (%)"],
        rows,
        chart,
        note="Tỷ lệ = số trả lời đúng hạn ÷ (số đã trả lời + số đang quá hạn).",
    )
    panel.overall = overall
    panel.overdue = [(c.code, c.title, str(c.assigned_unit), c.deadline, c.pk) for c in overdue[:10]]
    panel.overdue_count = len(overdue)
    panel.url = report_url
    return panel


def satisfaction(user, f):
    """Mức độ hài lòng (ratings given in the period) and the reopen rate (requests to look again ÷
    cases answered in the period)."""
    base = signals(user, f, dated=False)
    ratings = dict(
        base.filter(rated_at__gte=f.start_dt, rated_at__lt=f.end_dt).values_list("rating").annotate(n=Count("id"))
    )
    rated = sum(ratings.values())
    rows = [[label, ratings.get(code, 0), _rate(ratings.get(code, 0), rated)] for code, label in Rating.choices]
    reopened = base.filter(reopened_at__gte=f.start_dt, reopened_at__lt=f.end_dt).count()
    answered = cases(user, f).filter(answered_at__gte=f.start_dt, answered_at__lt=f.end_dt).count()
    rows.append(["Đề nghị xem xét lại", reopened, _rate(reopened, answered)])
    panel = Panel(
        "satisfaction",
        "Mức độ hài lòng và đề nghị xem xét lại",
        ["Đánh giá", "Số lượng", "Tỷ lệ (%)"],
        rows,
        {"labels": [r[0] for r in rows[:-1]], "values": [r[1] for r in rows[:-1]]},
        note=f"Tỷ lệ hài lòng trên {rated} đánh giá trong kỳ; tỷ lệ đề nghị xem xét lại trên {answered} vụ việc "
        "đã trả lời trong kỳ.",
    )
    panel.satisfied_rate = _rate(ratings.get(Rating.SATISFIED, 0), rated)
    panel.reopen_rate = _rate(reopened, answered)
    return panel


def coverage(user, f):
    """Độ phủ đầu mối: active units with a current focal point."""
    today = timezone.localdate()
    current = Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    units = access.scope_units(user, Unit.objects.filter(is_active=True))
    kinds = dict(Unit.Kind.choices)
    with_focal = Exists(FocalPoint.objects.filter(current, unit=OuterRef("pk")))
    totals = dict(units.values_list("kind").annotate(n=Count("id")))
    covered_by_kind = dict(units.filter(with_focal).values_list("kind").annotate(n=Count("id")))
    data = [{"kind": k, "total": n, "covered": covered_by_kind.get(k, 0)} for k, n in sorted(totals.items())]
    rows, total, covered = [], 0, 0
    for item in data:
        rows.append([kinds.get(item["kind"], item["kind"]), item["total"], item["covered"]])
        total += item["total"]
        covered += item["covered"]
    rows = [[*r, _rate(r[2], r[1])] for r in rows]
    rows.append(["Tổng cộng", total, covered, _rate(covered, total)])
    panel = Panel("coverage", "Độ phủ đầu mối DLXH", ["Loại đơn vị", "Số đơn vị", "Có đầu mối", "Tỷ lệ (%)"], rows)
    panel.share = _rate(covered, total)
    panel.url = reverse("network:coverage") if access.sees_everything(user) else None
    return panel


PANELS = {
    "volume": volume,
    "fields": fields,
    "communes": communes,
    "sentiment": sentiment,
    "alerts": alerts,
    "stories": stories,
    "ontime": ontime,
    "satisfaction": satisfaction,
    "coverage": coverage,
}
