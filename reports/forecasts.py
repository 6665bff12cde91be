"""Forecasts stored for the dashboard: fit one weekly series with analysis.forecast (seconds),
keep the result by the series' values (SeriesForecast). Run by the worker (reports/tasks.py)."""

import hashlib

from django.utils import timezone

from analysis.forecast import forecast_if_better
from reports.models import SeriesForecast

HORIZON = 4
SEASON = 52


def series_key(values):
    return hashlib.sha256(repr(list(values)).encode()).hexdigest()


def store_forecast(key, values):
    """Compute and store the forecast of a series (in the worker)."""
    result, test = forecast_if_better(values, HORIZON, SEASON, origins=4)
    data = {"shown": result is not None}
    if test is not None and test.origins:
        data["backtest"] = {
            "mase": round(test.mase, 2),
            "mase_naive": round(test.mase_naive, 2),
            "coverage": round(100 * test.coverage),
        }
    if result is None:
        data["reason"] = (
            "Chưa đủ lịch sử để dự báo (cần ít nhất 20 tuần)."
            if test is None
            else "Không hiển thị dự báo: trên lịch sử của chuỗi này, dự báo không tốt hơn cách lặp lại mùa trước."
        )
    else:
        data.update(
            mean=[round(x, 1) for x in result.mean],
            lower=[round(x, 1) for x in result.lower],
            upper=[round(x, 1) for x in result.upper],
            level=round(100 * result.level),
        )
    SeriesForecast.objects.update_or_create(key=key, defaults={"result": data, "computed_at": timezone.now()})
    return data
