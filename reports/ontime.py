"""Đo tỷ lệ đúng hạn: the plan's target (more than 90% answered on time), per unit and overall.

For a period [start, end]:
- answered: cases whose answer was approved in the period; on time if approved on or before the
  deadline in force (extended cases are counted apart: on time only thanks to an approved extension);
- open overdue: cases still open at the end of the period whose deadline had passed; they count as late;
- on-time rate = answered on time ÷ (answered + open overdue);
- median days to answer: calendar days from assignment to approval of the answer.
- satisfaction rate = citizens' ratings "Hài lòng" or "Chấp nhận được" ÷ ratings given, over the
  answered cases; reopen rate = answered cases a citizen asked to look at again ÷ cases answered.
Pressing issues (nổi cộm, bức xúc, khẩn cấp) are measured again on their own.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from opinions.models import Case, Rating, Urgency

PRESSING = [Urgency.PRESSING, Urgency.URGENT]


@dataclass
class Row:
    name: str
    answered: int = 0
    on_time: int = 0
    on_time_extended: int = 0
    late: int = 0
    open_overdue: int = 0
    open_in_time: int = 0
    durations: list = field(default_factory=list)
    rated: int = 0
    satisfied: int = 0
    reopened: int = 0

    @property
    def denominator(self):
        return self.answered + self.open_overdue

    @property
    def on_time_rate(self):
        return round(100 * self.on_time / self.denominator, 1) if self.denominator else None

    @property
    def satisfaction_rate(self):
        return round(100 * self.satisfied / self.rated, 1) if self.rated else None

    @property
    def reopen_rate(self):
        return round(100 * self.reopened / self.answered, 1) if self.answered else None

    @property
    def median_days(self):
        return round(statistics.median(self.durations), 1) if self.durations else None


def _add(row, case, end):
    if case.answered_at and case.deadline:
        row.answered += 1
        if timezone.localdate(case.answered_at) <= case.deadline:
            row.on_time += 1
            if case.is_extended and timezone.localdate(case.answered_at) > case.original_deadline:
                row.on_time_extended += 1
        else:
            row.late += 1
        if case.assigned_at:
            row.durations.append((case.answered_at - case.assigned_at).total_seconds() / 86400)
        row.rated += case.n_rated
        row.satisfied += case.n_satisfied
        row.reopened += int(case.reopen_count > 0)
    elif case.deadline and case.deadline < end:
        row.open_overdue += 1
    else:
        row.open_in_time += 1


def measure(start, end, pressing_only=False, cases=None):
    """(overall Row, [unit Rows ranked best first], [overdue cases]) for the period; `cases` narrows
    the cases measured (the dashboard's scope and filters), all cases by default."""
    today = timezone.localdate()
    end_day = min(end, today)
    start_dt = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    end_dt = timezone.make_aware(datetime.datetime.combine(end, datetime.time.max))
    cases = (
        (Case.objects.all() if cases is None else cases)
        .filter(assigned_unit__isnull=False, deadline__isnull=False)
        .filter(
            Q(answered_at__range=(start_dt, end_dt))
            | Q(answered_at__isnull=True, status__in=Case.OPEN_STATUSES, assigned_at__lte=end_dt)
        )
        .select_related("assigned_unit", "field", "area")
        .annotate(
            n_rated=Count("signals", filter=~Q(signals__rating="")),
            n_satisfied=Count("signals", filter=Q(signals__rating__in=[Rating.SATISFIED, Rating.ACCEPTED])),
        )
        .defer("area__boundary")  # a commune's GeoJSON: large, and not needed here
    )
    if pressing_only:
        cases = cases.filter(urgency__in=PRESSING)
    overall = Row("Toàn tỉnh")
    units = {}
    overdue = []
    for case in cases:
        _add(overall, case, end_day)
        unit_row = units.setdefault(case.assigned_unit_id, Row(str(case.assigned_unit)))
        _add(unit_row, case, end_day)
        if not case.answered_at and case.deadline < end_day:
            overdue.append(case)
    ranking = sorted(
        units.values(), key=lambda r: (r.on_time_rate is None, -(r.on_time_rate or 0), -r.denominator, r.name)
    )
    overdue.sort(key=lambda c: c.deadline)
    return overall, ranking, overdue
