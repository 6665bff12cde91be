"""Tasks of the reports app run by the worker: the forecast of one weekly series."""

from django_tasks import task

from reports.forecasts import store_forecast


@task()
def compute_forecast(key, values):
    """Fit, backtest and store the forecast of one series (reports.models.SeriesForecast)."""
    store_forecast(key, values)
    return key
