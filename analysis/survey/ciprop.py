"""Confidence intervals for a proportion, the methods of R's svyciprop (survey 4.5).

logit/xlogit: Wald on the logit scale with the design SE (delta method), t with design df.
asin: Wald on asin(√p), transformed back with sin² (as R, a lower end below zero folds back up).
beta: Korn–Graubard, Clopper–Pearson with the effective n p(1-p)/V scaled by (t_{n-1}/t_df)².
wilson: Wilson's score interval with the effective n p(1-p)/V and t with design df.
mean: Wald on the proportion.  likelihood: the profile likelihood of the weighted binomial model
with the Rao–Scott scaled cut-off (see profile.py).  Unweighted: exact Clopper–Pearson / Wilson with z.
"""

import numpy as np
from scipy import special, stats

from .errors import SpecError

METHODS = ("logit", "xlogit", "likelihood", "asin", "beta", "mean", "wilson")
ALIASES = {"korn-graubard": "beta", "clopper-pearson": "beta", "wald": "mean", "exact": "beta"}


def method_name(method) -> str:
    name = ALIASES.get(str(method).lower(), str(method).lower())
    if name not in METHODS:
        raise SpecError(f"Phương pháp khoảng tin cậy không hỗ trợ: «{method}» (hỗ trợ: {', '.join(METHODS)}).")
    return name


def _t(level, df):
    upper = 1 - (1 - level) / 2
    return stats.norm.ppf(upper) if df is None or np.isinf(df) else stats.t.ppf(upper, df)


def interval(method: str, p: float, variance: float, df: float, level: float, nrows: int, profile=None) -> list:
    """The interval [lo, hi] for proportion p with design variance `variance` and df degrees of freedom."""
    alpha = 1 - level
    se = float(np.sqrt(variance))
    t = _t(level, df)
    if method == "mean":
        return [p - t * se, p + t * se]
    if p <= 0 or p >= 1 or variance <= 0:
        return _degenerate(p, nrows, level)
    if method in ("logit", "xlogit"):
        half = t * se / (p * (1 - p))
        centre = special.logit(p)
        return [float(special.expit(centre - half)), float(special.expit(centre + half))]
    if method == "asin":
        centre = np.arcsin(np.sqrt(p))
        half = t * se / (2 * np.sqrt(p * (1 - p)))
        return [float(np.sin(centre - half) ** 2), float(np.sin(centre + half) ** 2)]
    n_eff = p * (1 - p) / variance
    if method == "beta":
        if df is not None and not np.isinf(df):
            n_eff *= (stats.t.ppf(alpha / 2, nrows - 1) / stats.t.ppf(alpha / 2, df)) ** 2
        return [
            float(stats.beta.ppf(alpha / 2, n_eff * p, n_eff * (1 - p) + 1)),
            float(stats.beta.ppf(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p))),
        ]
    if method == "wilson":
        denominator = 1 + t * t / n_eff
        root = np.sqrt(4 * n_eff * p * (1 - p) + t * t)
        centre = p + t * t / (2 * n_eff)
        return [
            float((centre - t / (2 * n_eff) * root) / denominator),
            float((centre + t / (2 * n_eff) * root) / denominator),
        ]
    if method == "likelihood":
        return profile()
    raise SpecError(f"Phương pháp khoảng tin cậy không hỗ trợ: «{method}».")


def _degenerate(p: float, nrows: int, level: float) -> list:
    """p = 0 or 1 (no variance): the exact Clopper–Pearson interval on the rows in use."""
    alpha = 1 - level
    if p <= 0:
        return [0.0, float(1 - (alpha / 2) ** (1 / nrows))]
    return [float((alpha / 2) ** (1 / nrows)), 1.0]
