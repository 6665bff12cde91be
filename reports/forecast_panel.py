"""Dự báo on the dashboard: weekly counts of the filtered signals (up to two years before the period's
end) forecast four weeks ahead, shown only where the forecast beat seasonal naive in a rolling
backtest on the same series (analysis/forecast.py). A fit takes seconds, so the worker computes it
(reports/tasks.py) and stores it by the series' values (SeriesForecast); the page never waits."""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from reports import dashboard
from reports.forecasts import HORIZON, series_key
from reports.models import SeriesForecast
from reports.tasks import compute_forecast

HISTORY_WEEKS = 104


def weekly_counts(user, f, weeks=HISTORY_WEEKS):
    """[(monday, count)] for the full weeks before the period's end (zeros filled)."""
    last_monday = f.end - datetime.timedelta(days=f.end.weekday())  # the current, partial week is left out
    first_monday = last_monday - datetime.timedelta(weeks=weeks)
    start = timezone.make_aware(datetime.datetime.combine(first_monday, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last_monday, datetime.time.min))
    rows = (
        dashboard.signals(user, f, dated=False)
        .filter(received_at__gte=start, received_at__lt=end)
        .annotate(w=TruncWeek("received_at"))
        .values_list("w")
        .annotate(n=Count("id"))
    )
    counts = {timezone.localtime(w).date() if hasattr(w, "hour") else w: n for w, n in rows}
    series = [(first_monday + datetime.timedelta(weeks=i), 0) for i in range(weeks)]
    series = [(day, counts.get(day, 0)) for day, _ in series]
    while series and series[0][1] == 0:  # no history before the first signal
        series.pop(0)
    return series


def volume_forecast(user, f):
    """The chart's data: history, and the forecast band when it is shown; else the reason."""
    series = weekly_counts(user, f)
    labels = [day.strftime("%d/%m/%Y") for day, _ in series[-26:]]
    history = [n for _, n in series[-26:]]
    data = {"labels": labels, "history": history, "shown": False}
    values = [n for _, n in series]
    if len(values) < 20:
        data["reason"] = "Chưa đủ lịch sử để dự báo (cần ít nhất 20 tuần)."
        return data
    key = series_key(values)
    stored = SeriesForecast.objects.filter(key=key).values_list("result", flat=True).first()
    if stored is None:
        _, created = SeriesForecast.objects.get_or_create(key=key, defaults={"result": {"pending": True}})
        if created:
            compute_forecast.enqueue(key, values)
        stored = SeriesForecast.objects.filter(key=key).values_list("result", flat=True).first()  # immediate backend
    if stored.get("pending"):
        data["reason"] = "Dự báo đang được tính, tải lại trang sau ít phút."
        return data
    data.update(stored)
    if data["shown"]:
        last = series[-1][0]
        data["future"] = [(last + datetime.timedelta(weeks=i + 1)).strftime("%d/%m/%Y") for i in range(HORIZON)]
    return data
