"""Means, totals and proportions with their design-based covariance, design effects and weighting effects.

Each statistic is a function of the weights returning (estimate vector, influence matrix), so the same
code serves the Taylor variance (influence) and replicate weights (re-estimation); domains and missing
values multiply the weights by zero and keep the design whole, as R's svyby and na.rm do.
"""

import numpy as np
from scipy import stats


def mean_statistic(y: np.ndarray):
    """R's svymean: the weighted mean of each column of y and its influence (y - mean) w / Σw."""

    def statistic(w):
        psum = w.sum()
        average = (w @ y) / psum
        return average, (y - average) * (w / psum)[:, None]

    return statistic


def total_statistic(y: np.ndarray):
    """R's svytotal: Σ w y per column; influence y w."""

    def statistic(w):
        return w @ y, y * w[:, None]

    return statistic


def clean(y: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Columns of y with the rows outside mask set to 0 (their weight is 0 too)."""
    y = np.array(y, dtype=float).reshape(len(mask), -1)
    y[~mask] = 0.0
    return y


def srs_variance(y: np.ndarray, w: np.ndarray, kind: str) -> np.ndarray:
    """The variance under simple random sampling without replacement that R's deff divides by."""
    used = w != 0
    nobs = int(used.sum())
    psum = w.sum()
    average = (w @ y) / psum
    variance = (w @ (y - average) ** 2) / psum * nobs / max(nobs - 1, 1)
    if kind == "mean":
        return variance * (psum - nobs) / (psum * nobs)
    return variance * psum**2 * (psum - nobs) / (psum * nobs)


def kish(w: np.ndarray) -> dict:
    """Kish's weighting effect n Σw²/(Σw)² and the effective sample size n / effect over the rows in use."""
    used = w[w != 0]
    n = len(used)
    if n == 0:
        return {"n": 0, "kish_deff": None, "n_eff": None}
    effect = n * float(used @ used) / float(used.sum()) ** 2
    return {"n": n, "kish_deff": effect, "n_eff": n / effect}


def t_quantile(level: float, df: float) -> float:
    upper = 1 - (1 - level) / 2
    return float(stats.norm.ppf(upper)) if df is None or np.isinf(df) else float(stats.t.ppf(upper, df))


def wald(estimate: float, se: float, level: float, df: float) -> dict:
    """The Wald interval estimate ± t·SE and its half-width, the margin of error."""
    half = t_quantile(level, df) * se
    return {"ci": [estimate - half, estimate + half], "moe": half}


def scalar_result(estimate, se, level, df, deff=None, extra=None) -> dict:
    result = {"estimate": float(estimate), "se": float(se)}
    result.update(wald(float(estimate), float(se), level, df))
    if deff is not None:
        result["deff"] = float(deff)
    elif extra is not None and "n" in extra:
        result["deff"] = None
    if extra:
        result.update(extra)
    return result
