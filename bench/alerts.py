"""Alerts on bursty five-minute series: false alarms, recall and delay against a plain rule.

The series are generated here (no public labelled benchmark, so that the figures stay honest):
- bursty: counts per five minutes with a daily rhythm (quiet nights, morning and evening peaks),
  quieter weekends, heavy tails (gamma-Poisson counts, day-to-day level swings) and short bursts
  that are not events (one bin of 3-10 times the rate, half of that the next bin);
- steady: Poisson counts at a constant rate.
Each series of the "events" kind carries genuine events: the rate doubles (or triples) for 2-6
hours. The plain rule is an online mean + 3 sigma of all past bins, counting rising edges.
Last line: one JSON object (false alarms per 1,000 bins, ARL0 in bins, recall, delay in bins).

    python bench/alerts.py [--series 40] [--days 14] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.alert import AlertDetector  # noqa: E402

BIN = timedelta(minutes=5)
PER_DAY = 288
WARMUP_DAYS = 2  # alarms in the first two days are not counted (both rules learn then)
LINGER = 12  # bins after an event's end during which an alarm still belongs to it


def rhythm(bins: int, start: datetime) -> np.ndarray:
    """Daily shape (mean 1 over a day): quiet night, peaks about 09:00 and 20:30; weekends 0.7."""
    hours = (np.arange(bins) % PER_DAY) / 12.0
    shape = 0.15 + np.exp(-(((hours - 9) / 2.5) ** 2)) + 0.9 * np.exp(-(((hours - 20.5) / 2.0) ** 2))
    shape /= shape[:PER_DAY].mean()
    weekday = np.array([(start + BIN * i).weekday() for i in range(0, bins, PER_DAY)])
    return shape * np.repeat(np.where(weekday >= 5, 0.7, 1.0), PER_DAY)[:bins]


def events_for(rng, bins: int, count: int) -> list[tuple[int, int, float]]:
    """(start, end, factor) of `count` events after the warm-up, far apart."""
    out: list = []
    while len(out) < count:
        start = int(rng.integers((WARMUP_DAYS + 1) * PER_DAY, bins - 80))
        if all(abs(start - s) > PER_DAY for s, _, _ in out):
            out.append((start, start + int(rng.integers(24, 73)), float(rng.choice([2.0, 3.0]))))
    return sorted(out)


def bursty(rng, days: int, start: datetime, events: list) -> np.ndarray:
    bins = days * PER_DAY
    level = float(rng.choice([1.0, 2.0, 5.0, 10.0]))
    day_swing = np.repeat(rng.lognormal(0.0, 0.15, days), PER_DAY)  # heavy-tailed day levels
    rate = level * rhythm(bins, start) * day_swing
    for s, e, factor in events:
        rate[s:e] *= factor
    for at in np.flatnonzero(rng.random(bins) < 1 / 150):  # bursts that are not events
        size = float(rng.uniform(3, 10))
        rate[at] *= size
        if at + 1 < bins:
            rate[at + 1] *= 1 + (size - 1) / 2
    k = 4.0  # gamma-Poisson: variance mu + mu^2 / 4
    return rng.poisson(rng.gamma(k, rate / k))


def steady(rng, days: int, events: list, mean: float = 5.0) -> np.ndarray:
    rate = np.full(days * PER_DAY, mean)
    for s, e, factor in events:
        rate[s:e] *= factor
    return rng.poisson(rate)


def plain_rule(values) -> list[int]:
    """Alarms of an online mean + 3 sigma rule (all past bins, Welford), rising edges only."""
    alarms, n, mean, m2, above = [], 0, 0.0, 0.0, False
    for t, x in enumerate(values):
        if n >= 2:
            now = x > mean + 3 * math.sqrt(m2 / (n - 1))
            if now and not above:
                alarms.append(t)
            above = now
        n += 1
        delta = x - mean
        mean += delta / n
        m2 += delta * (x - mean)
    return alarms


def detector_alarms(values, start: datetime, **options) -> list[int]:
    detector = AlertDetector(bin_size=BIN, weekday_aware=True, **options)
    return [t for t, x in enumerate(values) if detector.update(x, start + BIN * t) is not None]


def judge(alarms: list[int], events: list, bins: int) -> dict:
    first = WARMUP_DAYS * PER_DAY
    inside = [(s, e + LINGER) for s, e, _ in events]
    false = [t for t in alarms if t >= first and not any(s <= t <= e for s, e in inside)]
    delays = []
    for s, e, _ in events:
        hits = [t for t in alarms if s <= t <= e]
        delays.append(hits[0] - s + 1 if hits else None)
    quiet = (bins - first) - sum(e - s for s, e in inside)
    return {"false": len(false), "quiet_bins": quiet, "delays": delays}


def evaluate(kind: str, n_series: int, days: int, seed: int, **options) -> dict:
    rng = np.random.default_rng(seed)
    start = datetime(2026, 1, 5)  # a Monday
    rules = ("plain", "before", "detector")
    totals = {rule: {"false": 0, "quiet_bins": 0, "delays": []} for rule in rules}
    for _ in range(n_series):
        bins = days * PER_DAY
        events = events_for(rng, bins, 2) if kind.endswith("events") else []
        values = bursty(rng, days, start, events) if kind.startswith("bursty") else steady(rng, days, events)
        for rule, alarms in (
            ("plain", plain_rule(values)),
            # the detector as it was before: no daily profile, no cap on one bin's evidence
            ("before", detector_alarms(values, start, daily_profile=False, burst_bins=0)),
            ("detector", detector_alarms(values, start, **options)),
        ):
            result = judge(alarms, events, bins)
            for key in ("false", "quiet_bins"):
                totals[rule][key] += result[key]
            totals[rule]["delays"] += result["delays"]
    out = {}
    for rule, t in totals.items():
        found = [d for d in t["delays"] if d is not None]
        out[rule] = {
            "false_per_1000": round(1000 * t["false"] / t["quiet_bins"], 3),
            "arl0_bins": round(t["quiet_bins"] / t["false"], 1) if t["false"] else None,
            "recall": round(len(found) / len(t["delays"]), 3) if t["delays"] else None,
            "delay_bins": round(float(np.mean(found)), 2) if found else None,
            "events": len(t["delays"]),
        }
        if rule != "plain":  # mean delay on the events that both detectors found
            pairs = [(b, d) for b, d in zip(totals["before"]["delays"], t["delays"], strict=True) if b and d]
            out[rule]["paired_delay_bins"] = round(float(np.mean([d for _, d in pairs])), 2) if pairs else None
    return out


def _options(text: str) -> dict:
    """ "burst_bins=1,daily_profile=0" -> detector options (integers)."""
    return {k: int(v) for k, v in (item.split("=") for item in text.split(",") if item)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=40)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--options", default="", help='detector options to try, e.g. "burst_bins=1"')
    args = parser.parse_args(argv)
    figures: dict = {"load_average_before": round(os.getloadavg()[0], 2)}
    started = time.perf_counter()
    for kind in ("bursty", "bursty_events", "steady", "steady_events"):
        result = evaluate(kind, args.series, args.days, args.seed, **_options(args.options))
        for rule, values in result.items():
            for key, value in values.items():
                if value is not None:
                    figures[f"{kind}_{rule}_{key}"] = value
        print(f"{kind}: {json.dumps(result)}", flush=True)
    figures.update(
        series_per_kind=args.series,
        days=args.days,
        bin_minutes=5,
        seconds=round(time.perf_counter() - started, 1),
        load_average_after=round(os.getloadavg()[0], 2),
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
