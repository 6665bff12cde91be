"""The forecast library: shown only where it beats seasonal naive in the rolling backtest."""

import numpy as np

from analysis.forecast import backtest, forecast, forecast_if_better, seasonal_naive


def test_seasonal_naive_repeats_the_last_season():
    assert seasonal_naive([1, 2, 3, 4, 5, 6], 4, season=3).tolist() == [4, 5, 6, 4]
    assert seasonal_naive([1, 2, 3], 2).tolist() == [3, 3]


def test_a_trend_is_forecast_with_an_interval():
    y = 20 + 2.0 * np.arange(40) + np.random.default_rng(0).normal(0, 1, 40)
    result = forecast(y, 4)
    assert all(lo <= m <= hi for lo, m, hi in zip(result.lower, result.mean, result.upper, strict=True))
    assert 95 < result.mean[0] < 110
    shown, test = forecast_if_better(y, 4)
    assert shown is not None and test.beats_naive and test.mase < test.mase_naive


def test_the_forecast_is_hidden_when_it_loses_to_seasonal_naive():
    # A strict 4-week cycle: repeating the last season is exact, no smoothing beats it.
    y = np.tile([5.0, 40.0, 5.0, 40.0], 10)
    shown, test = forecast_if_better(y, 4, season=4)
    assert test.mae_naive == 0 and not test.beats_naive and shown is None


def test_too_short_a_history_gives_nothing():
    assert forecast_if_better([1, 2, 3], 4) == (None, None)
    assert backtest(np.arange(10.0), 4).origins == 0
