from datetime import datetime, timedelta

import numpy as np
import pytest

from analysis.alert import SENSITIVE_WEIGHT, AlertDetector, detect


def test_it_stays_quiet_on_steady_counts():
    rng = np.random.default_rng(0)
    assert len(detect(rng.poisson(5, 400))) <= 1


def test_it_warns_soon_after_a_surge_and_explains_in_vietnamese():
    rng = np.random.default_rng(1)
    values = list(rng.poisson(4, 150)) + [24, 22, 25]
    start = datetime(2025, 7, 1)
    stamps = [start + timedelta(days=i) for i in range(len(values))]
    alerts = detect(values, stamps, topic="bồi thường, GPMB", place="Xã Hòa Ninh", bin_size=timedelta(days=1))
    assert alerts and alerts[0].timestamp >= stamps[150]
    first = alerts[0]
    assert first.timestamp <= stamps[151]
    assert "về bồi thường, GPMB ở xã Hòa Ninh" in first.message
    assert "mức bình thường" in first.message and "ý kiến" in first.message
    assert first.ratio > 3


def test_it_uses_no_look_ahead():
    rng = np.random.default_rng(2)
    values = list(rng.poisson(3, 200)) + [30] * 5
    full = [a.timestamp for a in detect(values)]
    prefix = [a.timestamp for a in detect(values[:203])]
    assert [t for t in full if t < 203] == prefix


def test_it_warns_earlier_for_sensitive_fields_and_high_sensitivity():
    normal = AlertDetector()
    assert AlertDetector(weight=SENSITIVE_WEIGHT).threshold < normal.threshold
    assert AlertDetector(sensitivity="high").threshold < normal.threshold
    assert AlertDetector(sensitivity="low").threshold > normal.threshold


def test_it_keeps_false_alarms_rare_on_overdispersed_counts():
    rng = np.random.default_rng(3)
    k, mean = 3.0, 5.0
    alerts = 0
    for _ in range(5):
        values = rng.negative_binomial(k, k / (k + mean), 400)
        alerts += len(detect(values))
    # a Poisson-calibrated CUSUM raises one alarm every ~27 bins here, i.e. ~74 in these 2,000
    # bins (calibration.md, Q3); the negative-binomial baseline must cut that by far
    assert alerts <= 15


def test_it_follows_the_weekday_rhythm():
    # weekends are quiet, weekdays busy: a normal Monday is no surge
    start = datetime(2025, 1, 6)  # a Monday
    rng = np.random.default_rng(4)
    days = [start + timedelta(days=i) for i in range(280)]
    values = [rng.poisson(1 if d.weekday() >= 5 else 8) for d in days]
    aware = detect(values, days, weekday_aware=True)
    plain = detect(values, days)
    assert len(aware) <= len(plain)
    assert len(aware) <= 2


def test_it_rejects_negative_counts():
    with pytest.raises(ValueError):
        AlertDetector().update(-1)


def _nb(rng, k, mean, size):
    return rng.negative_binomial(k, k / (k + mean), size)


def _false_alarms(seed, *, k=None, mean=5.0, series=12, length=1000, **options):
    rng = np.random.default_rng(seed)
    total = 0
    for _ in range(series):
        values = rng.poisson(mean, length) if k is None else _nb(rng, k, mean, length)
        # the first 120 bins only fill the baseline window; count alarms after them
        total += sum(1 for a in detect(values, **options) if a.timestamp >= 120)
    return total


def test_false_alarms_stay_rare_on_negative_binomial_counts_k10():
    # 12 x 880 monitored bins of NB(mean 5, k 10), variance 7.5: at >= 500 bins between false
    # alarms at most ~21 are expected (18 with these seeds); without the dispersion offset the
    # same series give 29.
    with_offset = _false_alarms(5, k=10)
    assert with_offset <= 24
    assert with_offset < _false_alarms(5, k=10, dispersion_offsets=((1.0, 0.0), (5.0, 0.0)))


def test_it_estimates_dispersion_and_raises_its_limit_only_when_counts_are_overdispersed():
    rng = np.random.default_rng(6)
    poisson, negbin = AlertDetector(), AlertDetector()
    for p, n in zip(rng.poisson(5, 300), _nb(rng, 5, 5.0, 300), strict=True):
        poisson.update(p)
        negbin.update(n)
    assert 1.6 < negbin.dispersion < 2.6  # true variance / mean = 1 + 5/5 = 2
    assert negbin.current_threshold() > poisson.current_threshold()
    assert poisson.dispersion < 1.12 and poisson.current_threshold() == poisson.threshold


def test_a_doubling_is_found_on_negative_binomial_counts():
    rng = np.random.default_rng(8)
    found = []
    for _ in range(20):
        values = list(_nb(rng, 10, 5.0, 200)) + list(_nb(rng, 10, 10.0, 40))
        after = [a.timestamp for a in detect(values) if a.timestamp >= 200]
        found.append(after[0] - 200 + 1 if after else None)
    assert all(delay is not None for delay in found)
    assert sum(found) / len(found) <= 10  # 6.3 bins on these 20 series; 5.4 in the bench


def test_the_weekday_rhythm_is_not_taken_for_overdispersion():
    start = datetime(2025, 1, 6)
    rng = np.random.default_rng(9)
    days = [start + timedelta(days=i) for i in range(200)]
    det = AlertDetector(weekday_aware=True)
    for d in days:
        det.update(rng.poisson(1 if d.weekday() >= 5 else 8), d)
    assert det.dispersion < 1.3
    plain = AlertDetector()
    for d in days:
        plain.update(rng.poisson(1 if d.weekday() >= 5 else 8), d)
    assert plain.dispersion > 1.5


def test_a_baseline_learnt_from_zeros_catches_up_instead_of_alerting_again_and_again():
    # a series that starts at zero (a new field, the platform's first weeks) then runs steadily
    # at one a day: held-back bins join the baseline once the CUSUM falls back, so after the
    # zeros have left the window the series is as quiet as a steady one. Throwing the held-back
    # bins away (never letting a frozen baseline catch up) gave 54 alerts on these series.
    late = 0
    for seed in range(10):
        rng = np.random.default_rng(seed)
        values = [0] * 30 + list(rng.poisson(1.0, 400))
        late += sum(1 for a in detect(values) if a.timestamp >= 170)
    assert late <= 6  # 1 now; a steady Poisson(1) series gives about as many
