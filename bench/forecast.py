"""Forecast backtest: the library's exponential smoothing (analysis/forecast.py) against the
seasonal-naive forecast, in a rolling-origin backtest four weeks ahead.

Series: synthetic weekly counts with known structure (trend only; trend and yearly season; flat
noise, where nothing should beat naive by much), and, with --db, the weekly counts of the signals in
the configured database (the demo history after `make run`). For each: MASE of both methods (scaled
by the in-sample one-step seasonal-naive error), the interval coverage (target: the nominal 80%),
and whether the forecast would be shown. Last line: one JSON object.

    python bench/forecast.py [--db] [--seed 1] [--origins 8]
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.forecast import backtest  # noqa: E402


def synthetic(seed):
    rng = np.random.default_rng(seed)
    t = np.arange(156)
    return {
        "trend": rng.poisson(30 + 0.6 * t),
        "trend_season": rng.poisson(np.clip(40 + 0.3 * t + 15 * np.sin(2 * np.pi * t / 52), 1, None)),
        "flat_noise": rng.poisson(25, size=156),
    }


def database_series():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django  # only here: the synthetic part runs without Django

    django.setup()
    from django.contrib.auth.models import AnonymousUser  # noqa: F401  only here: after setup
    from django.db.models import Count
    from django.db.models.functions import TruncWeek

    from opinions.models import Signal

    rows = Signal.objects.annotate(w=TruncWeek("received_at")).values_list("w").annotate(n=Count("id")).order_by("w")
    counts = [n for _, n in rows][:-1]  # the current week is partial
    return {"database_weekly": np.array(counts)} if len(counts) >= 24 else {}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--origins", type=int, default=8)
    args = parser.parse_args()
    series = synthetic(args.seed)
    if args.db:
        series.update(database_series())
    results = {}
    for name, y in series.items():
        started = time.perf_counter()
        season = 52 if name == "trend_season" else None
        test = backtest(y, horizon=4, season=season, origins=args.origins)
        results[name] = {
            "weeks": len(y),
            "mase_model": round(test.mase, 3),
            "mase_seasonal_naive": round(test.mase_naive, 3),
            "coverage_80": round(test.coverage, 3),
            "shown": bool(test.beats_naive),
            "seconds": round(time.perf_counter() - started, 2),
        }
        print(f"{name}: {results[name]}")
    print(json.dumps({"horizon_weeks": 4, "origins": args.origins, "series": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
