"""Mục tiêu của Kế hoạch: each target of the plan with its live figure, its target and its trend.

Targets (Kế hoạch, seed-ke-hoach-dlxh.txt):
1. 100% of party organisations have disseminated the plan (a PlanBriefing recorded for them);
2. 100% of units have a focal point for public opinion (a current FocalPoint);
3. 100% of units operate Tiếp nhận – Xử lý – Phản hồi. "Operating" here: in the period the unit
   answered a case (approved answer), or sent its periodic opinion report (UnitReport);
4. more than 90% of pressing issues answered on time (reports/ontime.py, pressing only);
5. surveys carried out (surveys.Survey open in the period, when that app is installed);
6. unit reports sent on time (UnitReport submitted by the period's deadline ÷ reports due).
Aggregates only: the public page (/ke-hoach/) shows the same figures, never a person.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from opinions.models import Case, FocalPoint, ReportingPeriod, Unit, UnitReport
from reports.models import PlanBriefing
from reports.ontime import measure

PARTY_KINDS = [Unit.Kind.PARTY_COMMITTEE, Unit.Kind.PARTY_CELL]
OPERATING_DEFINITION = (
    "Một đơn vị được coi là đang vận hành quy trình Tiếp nhận – Xử lý – Phản hồi trong kỳ khi trong kỳ "
    "đơn vị đã trả lời (được phê duyệt) ít nhất một vụ việc, hoặc đã gửi báo cáo tình hình dư luận định kỳ."
)


@dataclass
class Target:
    key: str
    name: str
    goal: str
    value: float | None  # percentage, or a count for surveys
    detail: str
    met: bool | None
    unit: str = "%"
    trend: list = field(default_factory=list)  # [(month label, value)]


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _bounds(start, end):
    lo = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    hi = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    return lo, hi


def briefings(start, end):
    party = Unit.objects.filter(is_active=True, kind__in=PARTY_KINDS)
    done = party.filter(pk__in=PlanBriefing.objects.filter(held_on__lte=end).values("unit")).count()
    total = party.count()
    return done, total


def focal_points(start, end):
    units = Unit.objects.filter(is_active=True)
    current = FocalPoint.objects.filter(Q(appointed_on__isnull=True) | Q(appointed_on__lte=end)).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=end)
    )
    return units.filter(pk__in=current.values("unit")).count(), units.count()


def operating(start, end):
    lo, hi = _bounds(start, end)
    units = Unit.objects.filter(is_active=True)
    answered = Case.objects.filter(answered_at__gte=lo, answered_at__lt=hi).values("assigned_unit")
    reported = UnitReport.objects.filter(submitted_at__gte=lo, submitted_at__lt=hi).values("unit")
    return units.filter(Q(pk__in=answered) | Q(pk__in=reported)).count(), units.count()


def pressing_on_time(start, end):
    overall, _, _ = measure(start, end, pressing_only=True)
    return overall.on_time, overall.denominator


def surveys(start, end):
    """Surveys open at some time in the period; None when the surveys app is not installed."""
    try:
        survey = apps.get_model("surveys", "Survey")
    except LookupError:
        return None
    lo, hi = _bounds(start, end)
    names = {f.name for f in survey._meta.get_fields()}
    if not {"opens_at", "closes_at"} <= names:
        return None
    return (
        survey.objects.filter(Q(opens_at__lt=hi) | Q(opens_at__isnull=True))
        .filter(Q(closes_at__gte=lo) | Q(closes_at__isnull=True))
        .exclude(opens_at__isnull=True, closes_at__isnull=True)
        .count()
    )


def reports_on_time(start, end):
    lo, hi = _bounds(start, end)
    periods = ReportingPeriod.objects.filter(deadline__gte=lo, deadline__lt=hi).prefetch_related("units")
    due = sum(p.units.count() for p in periods)
    on_time = sum(1 for r in UnitReport.objects.filter(period__in=periods).select_related("period") if r.is_on_time)
    return on_time, due


def months_before(end, count=6):
    """[(first day, last day)] of the `count` months up to end's month, oldest first."""
    result, year, month = [], end.year, end.month
    for _ in range(count):
        last = min(end, datetime.date(year, month, calendar.monthrange(year, month)[1]))
        result.append((datetime.date(year, month, 1), last))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(result))


RATIOS = [
    ("briefings", "Cấp ủy, tổ chức đảng đã quán triệt, triển khai Kế hoạch", "100%", 100.0, briefings),
    ("focal_points", "Cơ quan, đơn vị có đầu mối nắm bắt, phản ánh dư luận", "100%", 100.0, focal_points),
    ("operating", "Cơ quan, đơn vị vận hành quy trình Tiếp nhận – Xử lý – Phản hồi", "100%", 100.0, operating),
    ("pressing", "Vấn đề nổi cộm, bức xúc được tiếp nhận, trả lời đúng hạn", "trên 90%", 90.0, pressing_on_time),
    ("reports", "Báo cáo dư luận định kỳ của đơn vị gửi đúng hạn", "100%", 100.0, reports_on_time),
]


def plan_targets(start, end, trend_months=6):
    """[Target] for the period, each with its monthly trend."""
    months = months_before(end, trend_months)
    targets = []
    for key, name, goal, threshold, function in RATIOS:
        part, whole = function(start, end)
        value = _rate(part, whole)
        met = None if value is None else (value > threshold if threshold < 100 else value >= threshold)
        trend = [(f"{a:%m/%Y}", _rate(*function(a, b))) for a, b in months]
        targets.append(Target(key, name, goal, value, f"{part}/{whole}", met, trend=trend))
    count = surveys(start, end)
    detail = "chưa có phân hệ khảo sát" if count is None else f"{count} cuộc"
    trend = [(f"{a:%m/%Y}", surveys(a, b)) for a, b in months] if count is not None else []
    targets.append(
        Target(
            "surveys", "Cuộc khảo sát, điều tra dư luận đã thực hiện", "theo yêu cầu", count, detail, None, "", trend
        )
    )
    return targets
