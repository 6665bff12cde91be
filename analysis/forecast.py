"""Dự báo: forecasts of counts (weekly per field or for the province, daily with weekday effects)
with prediction intervals, and the rolling backtest that decides whether a forecast is worth showing.

The model is statsmodels' exponential smoothing in state-space form (ETSModel: additive error,
damped additive trend, additive seasonality when the history holds two seasons), whose simulation
gives prediction intervals. The yardstick is the seasonal-naive forecast (the same period of the last
season; the last value when there is no season). A forecast is shown only where, on a rolling-origin
backtest over the series' own history, its mean absolute error is below the seasonal-naive one.

Plain library: numpy and statsmodels, no Django.
"""

import warnings
from dataclasses import dataclass

import numpy as np

MIN_HISTORY = 16  # points below which no forecast is attempted


@dataclass
class Forecast:
    mean: list
    lower: list
    upper: list
    level: float


@dataclass
class Backtest:
    mae_model: float
    mae_naive: float
    mase: float  # the model's MAE scaled by the in-sample one-step seasonal-naive MAE
    mase_naive: float
    coverage: float  # share of actual values inside the prediction interval
    origins: int

    @property
    def beats_naive(self):
        return self.origins > 0 and self.mae_model < self.mae_naive


def seasonal_naive(y, horizon, season=None):
    """The last season repeated (the last value when season is None or the history is shorter)."""
    y = np.asarray(y, dtype=float)
    if season and len(y) >= season:
        last = y[-season:]
        return np.array([last[i % season] for i in range(horizon)])
    return np.repeat(y[-1], horizon)


def _season(y, season):
    return season if season and len(y) >= 2 * season + 2 else None


def forecast(y, horizon=4, season=None, level=0.8):
    """Point forecast and the level-prediction interval, horizon steps ahead; counts stay >= 0."""
    import pandas as pd  # only here: with statsmodels, slow to import
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel  # only here: slow to import

    y = np.asarray(y, dtype=float)
    season = _season(y, season)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ETSModel(
            pd.Series(y + 1.0),  # strictly positive for numerical safety; removed below
            error="add",
            trend="add",
            damped_trend=True,
            seasonal="add" if season else None,
            seasonal_periods=season,
        )
        fit = model.fit(disp=False, maxiter=200)
        frame = fit.get_prediction(start=len(y), end=len(y) + horizon - 1).summary_frame(alpha=1 - level)
    mean = np.clip(frame["mean"].to_numpy() - 1.0, 0, None)
    lower = np.clip(frame["pi_lower"].to_numpy() - 1.0, 0, None)
    upper = np.clip(frame["pi_upper"].to_numpy() - 1.0, 0, None)
    return Forecast(mean.tolist(), lower.tolist(), upper.tolist(), level)


def _scale(y, season):
    m = season or 1
    diffs = np.abs(y[m:] - y[:-m]) if len(y) > m else np.array([])
    return float(diffs.mean()) if diffs.size and diffs.mean() > 0 else 1.0


def backtest(y, horizon=4, season=None, origins=6, level=0.8):
    """Rolling origin: at each of the last `origins` cut points, forecast `horizon` steps from the
    history before it with both methods and compare with what happened."""
    y = np.asarray(y, dtype=float)
    errors_model, errors_naive, inside, n = [], [], 0, 0
    first = max(MIN_HISTORY, len(y) - origins - horizon + 1)
    for cut in range(first, len(y) - horizon + 1):
        history, actual = y[:cut], y[cut : cut + horizon]
        try:
            result = forecast(history, horizon, season, level)
        except (ValueError, np.linalg.LinAlgError):
            continue
        naive = seasonal_naive(history, horizon, _season(history, season) or season)
        errors_model.extend(np.abs(np.array(result.mean) - actual))
        errors_naive.extend(np.abs(naive - actual))
        inside += int(np.sum((actual >= np.array(result.lower)) & (actual <= np.array(result.upper))))
        n += 1
    if not n:
        return Backtest(float("nan"), float("nan"), float("nan"), float("nan"), float("nan"), 0)
    scale = _scale(y, season)
    mae_model, mae_naive = float(np.mean(errors_model)), float(np.mean(errors_naive))
    return Backtest(mae_model, mae_naive, mae_model / scale, mae_naive / scale, inside / len(errors_model), n)


def forecast_if_better(y, horizon=4, season=None, level=0.8, origins=6):
    """(Forecast or None, Backtest or None): the forecast only where it beat seasonal naive."""
    y = np.asarray(y, dtype=float)
    if len(y) < MIN_HISTORY + horizon:
        return None, None
    result = backtest(y, horizon, season, origins, level)
    if not result.beats_naive:
        return None, result
    return forecast(y, horizon, season, level), result
