"""Zero-shot fields on short citizen complaints (issue 15 item 5, issue 22 part 3).

The sets were written for the project (analysis/data/, NFC, 15 fields of the platform):
- short_complaints_tune.jsonl: 10 a field, the only set used to improve the field descriptions and
  keywords (opinions/data/fields.json) and to calibrate the confidence threshold;
- short_complaints_test.jsonl: 30 a field, kept apart: measured, never tuned on.

Figures: macro-F1, accuracy, how often the right field is in the top 3; on the tuning set the
lowest confidence from which the suggestion is right >= 90 % of the time (at least 30 suggestions
at or above it: the rule of opinions/suggestions/calibration.py; `threshold_90_plain`) and the
lowest from which it is so with 90 % confidence (`threshold_90`, the default of calibration.py),
and on both sets the precision and share of suggestions at those thresholds.

    python bench/complaints.py [--fields opinions/data/fields.json]   # after
    python bench/complaints.py --fields analysis/data/fields_before.json   # before

Last line: one JSON object (figures, load average before/after).
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

from analysis.classify import score  # noqa: E402
from analysis.zeroshot import ZeroShotClassifier  # noqa: E402

DATA = ROOT / "analysis" / "data"
TARGET_PRECISION = 0.9
MIN_EVIDENCE = 30


def read(path: Path) -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["text"] for r in rows], [r["label"] for r in rows]


def measure(model: ZeroShotClassifier, texts: list[str], labels: list[str]) -> dict:
    """macro-F1, accuracy, top-3 rate, and (confidence, right) of each text."""
    s = model.predict_scores(texts)
    order = np.argsort(-s, axis=1)
    names = np.array(model.labels)
    predicted = list(names[order[:, 0]])
    margins = s[np.arange(len(texts)), order[:, 0]] - s[np.arange(len(texts)), order[:, 1]]
    confidence = [c for _, c in model.predict_with_confidence(texts)]
    result = score(labels, predicted)
    top3 = float(np.mean([y in names[row[:3]] for y, row in zip(labels, order, strict=True)]))
    return {
        "macro_f1": round(result["macro_f1"], 4),
        "accuracy": round(result["accuracy"], 4),
        "top3": round(top3, 4),
        "pairs": [(float(c), p == y) for c, p, y in zip(confidence, predicted, labels, strict=True)],
        "mean_margin": round(float(np.mean(margins)), 4),
    }


def threshold_from(pairs, default=None):
    """The lowest confidence t with >= TARGET_PRECISION right among the >= MIN_EVIDENCE at or
    above t (the rule of opinions/suggestions/calibration.py)."""
    best, right = default, 0
    for n, (confidence, ok) in enumerate(sorted(pairs, key=lambda p: -p[0]), start=1):
        right += ok
        if n >= MIN_EVIDENCE and right / n >= TARGET_PRECISION:
            best = confidence
    return best


def wilson_lower(right: int, n: int, z: float = 1.2816) -> float:
    """One-sided 90 % lower bound of a proportion (Wilson)."""
    if n == 0:
        return 0.0
    p = right / n
    centre = p + z * z / (2 * n)
    spread = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5)
    return (centre - spread) / (1 + z * z / n)


def cautious_threshold(pairs):
    """The lowest confidence t whose suggestions at or above it are right >= TARGET_PRECISION of
    the time with 90 % confidence (Wilson lower bound): a default set from 150 texts must not
    rest on luck. This is the default of opinions/suggestions/calibration.py."""
    best, right = None, 0
    for n, (confidence, ok) in enumerate(sorted(pairs, key=lambda p: -p[0]), start=1):
        right += ok
        if n >= MIN_EVIDENCE and wilson_lower(right, n) >= TARGET_PRECISION:
            best = confidence
    return best


def at_threshold(pairs, threshold) -> dict:
    kept = [ok for c, ok in pairs if threshold is not None and c >= threshold]
    return {
        "precision": round(sum(kept) / len(kept), 4) if kept else None,
        "share": round(len(kept) / len(pairs), 4),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fields", default=str(ROOT / "opinions" / "data" / "fields.json"))
    parser.add_argument("--tune", default=str(DATA / "short_complaints_tune.jsonl"))
    parser.add_argument("--test", default=str(DATA / "short_complaints_test.jsonl"))
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    fields = json.loads(Path(args.fields).read_text(encoding="utf-8"))
    model = ZeroShotClassifier(fields)
    figures: dict = {"fields": Path(args.fields).name}
    for name, path in (("tune", args.tune), ("test", args.test)):
        texts, labels = read(Path(path))
        result = measure(model, texts, labels)
        pairs = result.pop("pairs")
        figures.update({f"{name}_{k}": v for k, v in result.items()}, **{f"{name}_texts": len(texts)})
        if name == "tune":
            plain, threshold = threshold_from(pairs), cautious_threshold(pairs)
            figures["threshold_90_plain"] = round(plain, 3) if plain is not None else None
            figures["threshold_90"] = round(threshold, 3) if threshold is not None else None
        figures.update({f"{name}_{k}_at_threshold": v for k, v in at_threshold(pairs, threshold).items()})
        figures.update({f"{name}_{k}_at_plain_threshold": v for k, v in at_threshold(pairs, plain).items()})
        print(f"{name}: {json.dumps(result)}", flush=True)
    figures.update(
        seconds=round(time.perf_counter() - started, 1),
        cpu_seconds=round(time.process_time() - cpu, 1),
        load_average_before=round(load_before, 2),
        load_average_after=round(os.getloadavg()[0], 2),
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
