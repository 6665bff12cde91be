"""The threshold of "similar cases" (opinions/cycle/similar.py) on held-out queries (issue 15 item 6).

Open cases: the 450 short complaints of analysis/data/short_complaints_test.jsonl (written for the
project). Queries (analysis/data/similar_queries.jsonl, written for the project): 60 rewordings
of one of those complaints (the right answer is that case) and 20 new complaints with no
counterpart among them (the right answer is nothing). The queries alternate between a tuning half
and a held-out half. For each threshold: recall (rewordings whose case is shown), precision (shown
cases that are the right one; any other case shown counts as unrelated, even when it is near)
and how often a query without counterpart is shown something. The threshold chosen is the
lowest with precision >= --precision on the tuning half ("showing nothing is better than showing
something unrelated"); the held-out half is then scored once at it.

    python bench/similar.py [--precision 0.95] [--limit 5]

Last line: one JSON object (threshold, figures on both halves, load average before/after).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.group import GroupIndex  # noqa: E402

DATA = ROOT / "analysis" / "data"
GRID = [round(t, 2) for t in np.arange(0.10, 0.80, 0.025)]


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def scored_matches(limit: int) -> tuple[list[dict], list[list[tuple[int, float]]], list[str]]:
    """Each query's matches (case id, score) down to a low floor, as the engine would rank them."""
    cases = [row["text"] for row in load("short_complaints_test.jsonl")]
    queries = load("similar_queries.jsonl")
    index = GroupIndex(similar_threshold=GRID[0], duplicate_threshold=0.6)
    for i, text in enumerate(cases):
        index.add(i, text)
    found = [[(m.case_id, m.score) for m in index.query(q["query"], limit=limit)] for q in queries]
    return queries, found, cases


def figures_at(threshold, queries, found, cases) -> dict:
    right = shown = reworded = hits = lonely = lonely_shown = 0
    for query, matches in zip(queries, found, strict=True):
        kept = [case for case, score in matches if score >= threshold]
        target = cases.index(query["case"]) if query["case"] else None
        shown += len(kept)
        right += int(target in kept)
        if target is None:
            lonely += 1
            lonely_shown += bool(kept)
        else:
            reworded += 1
            hits += int(target in kept)
    return {
        "precision": round(right / shown, 4) if shown else 1.0,
        "recall": round(hits / reworded, 4) if reworded else None,
        "no_counterpart_shown": round(lonely_shown / lonely, 4) if lonely else None,
        "shown": shown,
    }


def choose(queries, found, cases, precision: float) -> float:
    for threshold in GRID:
        if figures_at(threshold, queries, found, cases)["precision"] >= precision:
            return threshold
    return GRID[-1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--precision", type=float, default=0.95)
    parser.add_argument("--limit", type=int, default=5)
    args = parser.parse_args(argv)
    load_before, started = os.getloadavg()[0], time.perf_counter()
    queries, found, cases = scored_matches(args.limit)
    halves = {
        name: ([q for i, q in enumerate(queries) if i % 2 == part], [f for i, f in enumerate(found) if i % 2 == part])
        for name, part in (("tune", 0), ("held_out", 1))
    }
    threshold = choose(*halves["tune"], cases, args.precision)
    figures: dict = {"threshold": threshold, "target_precision": args.precision}
    for name, (qs, fs) in halves.items():
        figures.update({f"{name}_{k}": v for k, v in figures_at(threshold, qs, fs, cases).items()})
    for t in (0.3, threshold):
        result = figures_at(t, queries, found, cases)
        print(f"all queries at {t}: {json.dumps(result)}", flush=True)
    figures.update(
        open_cases=len(cases),
        queries=len(queries),
        seconds=round(time.perf_counter() - started, 1),
        load_average_before=round(load_before, 2),
        load_average_after=round(os.getloadavg()[0], 2),
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
