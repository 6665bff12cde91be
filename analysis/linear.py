"""The linear members of a classifier: fitting (plain and NB-weighted), scoring, calibration.

Plain functions on sparse matrices and numpy arrays; `classify` and `selection` combine them.
A fitted member is `(coef, intercept, scale, featurizer index)`: coef has one column per class
(one column for the positive class of a binary problem), scale divides its scores (z-scaling).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

__all__ = ["class_weight", "make_model", "fit_members", "scores", "softmax", "macro_f1", "fit_temperature"]


def class_weight(spec, y) -> dict | str | None:
    """None, "balanced", or a number a in (0, 1]: partial balancing, weight (n / (k n_c)) ** a.

    Why: full balancing over-corrects a rare class (many false alarms); a = 0.5 .. 0.75 often
    gives a better macro-F1 on the development split.
    """
    if spec is None or isinstance(spec, str):
        return spec
    labels, counts = np.unique(y, return_counts=True)
    return {
        label: float((len(y) / (len(labels) * count)) ** float(spec))
        for label, count in zip(labels.tolist(), counts.tolist(), strict=True)
    }


def make_model(kind: str, c: float, weight, y=None):
    kind = kind.removeprefix("nb")
    weight = class_weight(weight, y)
    if kind == "svm":
        return LinearSVC(C=c, class_weight=weight, random_state=0)
    if kind == "lr":
        # liblinear (one-vs-rest, dual) is several times faster than lbfgs on sparse n-grams
        return LogisticRegression(C=c, class_weight=weight, solver="liblinear", dual=True, max_iter=500, random_state=0)
    raise ValueError(f"unknown model kind {kind!r}")


def fit_members(xs, y, classes, members) -> list[tuple]:
    """members: (featurizer index, (kind, C, class_weight)) -> (coef, intercept, 1, index)."""
    fitted = []
    for fidx, (kind, c, cw) in members:
        x = xs[fidx]
        if kind.startswith("nb"):
            fitted.append((*_fit_nb(x, y, classes, kind, c, cw), 1.0, fidx))
            continue
        if kind == "lr" and len(classes) > 2:
            # one-vs-rest by hand: sklearn's liblinear only fits binary problems
            columns = []
            for label in classes:
                target = (y == label).astype(int)
                columns.append(make_model(kind, c, cw, target).fit(x, target))
            coef = np.hstack([m.coef_.T for m in columns])
            intercept = np.concatenate([m.intercept_ for m in columns])
        else:
            model = make_model(kind, c, cw, y).fit(x, y)
            coef, intercept = model.coef_.T, model.intercept_
        coef = np.ascontiguousarray(coef, dtype=np.float32)
        fitted.append((coef, intercept.astype(np.float32), 1.0, fidx))
    return fitted


def _fit_nb(x, y, classes, kind, c, cw):
    """NB-SVM / NB-LR (Wang & Manning 2012), one-vs-rest: features scaled by their log-count
    ratio, so rare but telling words weigh more. The scaling folds into the coefficients,
    so the result is still one linear model over the same features."""
    positives = classes if len(classes) > 2 else classes[1:]
    columns, intercepts = [], []
    for label in positives:
        target = (y == label).astype(int)
        p = np.asarray(x[target == 1].sum(axis=0)).ravel() + 1.0
        q = np.asarray(x[target == 0].sum(axis=0)).ravel() + 1.0
        r = np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)
        model = make_model(kind, c, cw, target).fit(x.multiply(r).tocsr(), target)
        columns.append(model.coef_.ravel() * r)
        intercepts.append(model.intercept_[0])
    return (
        np.ascontiguousarray(np.vstack(columns).T, dtype=np.float32),
        np.array(intercepts, dtype=np.float32),
    )


def scores(coef: np.ndarray, intercept: np.ndarray, x) -> np.ndarray:
    s = np.asarray(x @ coef) + intercept
    if s.shape[1] == 1:  # binary: one column for the positive class
        s = np.hstack([-s / 2, s / 2])
    return s


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def macro_f1(y_idx: np.ndarray, pred: np.ndarray, k: int) -> float:
    """Macro-F1 over the classes present in y_idx (fast: the offset search calls it often)."""
    tp = np.bincount(y_idx[pred == y_idx], minlength=k)
    true = np.bincount(y_idx, minlength=k)
    predicted = np.bincount(pred, minlength=k)
    denom = true + predicted
    f1 = np.divide(2 * tp, denom, out=np.zeros(k), where=denom > 0)
    return float(f1[true > 0].mean())


def fit_temperature(s, y_idx) -> float:
    """The softmax temperature that minimises the held-out negative log-likelihood."""

    def nll(log_t):
        p = softmax(np.exp(log_t) * s)
        return -np.mean(np.log(p[np.arange(len(y_idx)), y_idx] + 1e-12))

    result = minimize_scalar(nll, bounds=(-5, 5), method="bounded")
    return float(np.exp(result.x))
