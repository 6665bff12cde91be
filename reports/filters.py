"""The dashboard's period and filters, read from the URL (so a view can be shared) and written back
into the links of the lists behind each number.

Period (`ky`): 30n (the last 30 days, the default: never an empty month-to-date), 7n, tuan (this week),
thang (this month), quy (this quarter), nam (this year), khac (custom: `tu`, `den` as dd/mm/yyyy or
yyyy-mm-dd). Filters: `field`, `area`, `unit`, `channel`, `kind`, the same names as the lists'.
"""

import dataclasses
import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from opinions.models import Area, Channel, Field, SignalKind, Unit

PERIODS = [
    ("30n", "30 ngày qua"),
    ("7n", "7 ngày qua"),
    ("tuan", "Tuần này"),
    ("thang", "Tháng này"),
    ("quy", "Quý này"),
    ("nam", "Năm nay"),
    ("khac", "Tùy chọn"),
]
FILTER_NAMES = ["field", "area", "unit", "channel", "kind"]


def _parse_date(value):
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value.strip(), fmt).date()
        except (ValueError, AttributeError):
            continue
    return None


def period_bounds(key, today, start=None, end=None):
    """(start, end) dates, both included, of a named period ending today."""
    if key == "7n":
        return today - datetime.timedelta(days=6), today
    if key == "tuan":
        return today - datetime.timedelta(days=today.weekday()), today
    if key == "thang":
        return today.replace(day=1), today
    if key == "quy":
        return today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1), today
    if key == "nam":
        return today.replace(month=1, day=1), today
    if key == "khac" and start and end:
        return start, end
    return today - datetime.timedelta(days=29), today


@dataclass
class Filters:
    start: datetime.date
    end: datetime.date
    period: str = "30n"
    field: int | None = None
    area: int | None = None
    unit: int | None = None
    channel: str = ""
    kind: str = ""
    errors: list = dataclasses.field(default_factory=list)

    @property
    def start_dt(self):
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def end_dt(self):
        """The first instant after the period (queries use received_at < end_dt)."""
        return timezone.make_aware(datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min))

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def previous(self):
        """The period of the same length just before this one (for growth)."""
        length = datetime.timedelta(days=self.days)
        return dataclasses.replace(self, start=self.start - length, end=self.start - datetime.timedelta(days=1))

    def query(self, **override):
        """The dashboard's own query string with some values replaced."""
        params = {"ky": self.period}
        if self.period == "khac":
            params.update(tu=self.start.strftime("%d/%m/%Y"), den=self.end.strftime("%d/%m/%Y"))
        for name in FILTER_NAMES:
            value = getattr(self, name)
            if value not in (None, ""):
                params[name] = value
        params.update(override)
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})

    def signals_url(self, **override):
        """The signal list behind a number: the same period and filters (the list's own names)."""
        params = {
            "received_at_from": self.start.isoformat(),
            "received_at_to": self.end.isoformat(),
        }
        for name in FILTER_NAMES:
            value = getattr(self, name)
            if value not in (None, ""):
                params[name] = value
        params.update(override)
        return reverse("signals:index") + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _pk(value, model):
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if model.objects.filter(pk=pk).exists() else None


def read_filters(params, today=None):
    """Filters from a query dict; unknown values are dropped with a Vietnamese message."""
    today = today or timezone.localdate()
    errors = []
    key = params.get("ky") or "30n"
    if key not in dict(PERIODS):
        errors.append("Kỳ không hợp lệ: đã dùng 30 ngày qua.")
        key = "30n"
    start = end = None
    if key == "khac":
        start, end = _parse_date(params.get("tu", "")), _parse_date(params.get("den", ""))
        if not start or not end or start > end:
            errors.append("Khoảng thời gian không hợp lệ (dd/mm/yyyy, từ ngày trước đến ngày): đã dùng 30 ngày qua.")
            key, start, end = "30n", None, None
    start, end = period_bounds(key, today, start, end)
    values = {}
    for name, model in (("field", Field), ("area", Area), ("unit", Unit)):
        raw = params.get(name)
        values[name] = _pk(raw, model) if raw else None
        if raw and values[name] is None:
            errors.append("Bộ lọc không hợp lệ đã được bỏ qua.")
    for name, choices in (("channel", Channel), ("kind", SignalKind)):
        raw = params.get(name) or ""
        values[name] = raw if raw in choices.values else ""
        if raw and not values[name]:
            errors.append("Bộ lọc không hợp lệ đã được bỏ qua.")
    return Filters(start, end, key, errors=sorted(set(errors)), **values)
