"""Held-out scores of a classifier and the rule that lets a new model replace the current one."""

from __future__ import annotations

from sklearn.metrics import accuracy_score, f1_score

__all__ = ["score", "should_replace"]


def score(y_true, y_pred) -> dict:
    """Accuracy, macro-F1 and per-class F1 as fractions, the shape analysis_eval prints."""
    y_true, y_pred = [str(y) for y in y_true], [str(y) for y in y_pred]
    labels = sorted(set(y_true) | set(y_pred))
    per_class = f1_score(y_true, y_pred, labels=labels, average=None, zero_division=0)
    present = sorted(set(y_true))
    return {
        "accuracy": float(accuracy_score(y_true, y_pred)) if y_true else 0.0,
        "macro_f1": float(f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0))
        if y_true
        else 0.0,
        "per_class": {lab: float(f) for lab, f in zip(labels, per_class, strict=True)},
        "n": len(y_true),
    }


def should_replace(current: dict | None, candidate: dict, *, metric: str = "macro_f1", min_gain: float = 0.0) -> bool:
    """Whether a candidate model may replace the current one, given scores on the same held-out set.

    A model only ever replaces a better one by mistake if the two were scored on different data,
    so differing sizes refuse the swap; ties keep the current model.
    """
    if current is None:
        return True
    if "n" in current and "n" in candidate and current["n"] != candidate["n"]:
        return False
    return candidate[metric] > current[metric] + min_gain
