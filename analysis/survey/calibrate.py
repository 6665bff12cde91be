"""Calibration of weights to population counts: post-stratification and raking (R's postStratify, rake).

The weights change, and the variance of every estimate then uses the residuals after removing the
post-stratum means (post-stratification) or after ten rounds of back-fitting on the margins (raking),
as R's svyrecvar does; the replicate weights, when present, are calibrated one by one.
"""

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .errors import SpecError
from .frame import Frame, label_of

_ONE_HOT: dict = {}


def group_sum(codes: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Sums of values (a vector, or each column of a matrix) within the groups 0..k-1 of codes."""
    if values.ndim == 1 or values.shape[1] == 1:
        sums = np.bincount(codes, weights=values.ravel(), minlength=k)
        return sums if values.ndim == 1 else sums[:, None]
    key = (id(codes), k)
    cached = _ONE_HOT.get(key)
    if cached is None or cached[0] is not codes:
        if len(_ONE_HOT) > 64:
            _ONE_HOT.clear()
        matrix = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(k, len(codes)))
        cached = _ONE_HOT[key] = (codes, matrix)
    return np.asarray(cached[1] @ values)


def _safe_ratio(x: np.ndarray, psw: np.ndarray) -> np.ndarray:
    return np.divide(x, psw, out=np.zeros_like(x), where=psw != 0)


@dataclass
class PostStratum:
    """One post-stratification: the cell of each row, the weights after and before it."""

    codes: np.ndarray
    weights: np.ndarray
    old_weights: np.ndarray

    def residuals(self, x: np.ndarray) -> np.ndarray:
        psw = self.weights.copy()
        psw[(psw == 0) & (self.old_weights == 0)] = 1.0
        k = int(self.codes.max()) + 1
        ratio = np.divide(x * self.old_weights[:, None], psw[:, None], out=np.zeros_like(x), where=psw[:, None] != 0)
        means = group_sum(self.codes, ratio, k) / group_sum(self.codes, self.old_weights, k)[:, None]
        return x - means[self.codes] * psw[:, None]


class Raking:
    """The margins of the last raking round, each with its cell codes and the weights after it.

    R's svyrecvar back-fits ten rounds over the margins: x ← x − w_j · mean_{cell of j}(x / w_j).
    The same arithmetic runs here on cell totals: x = x₀ − Σ_m w_m · A_m[cell_m], and each step
    updates A_j from the cell means of x₀ / w_j and the cross-table C_jm of w_m / w_j (computed once),
    so an estimate costs a few passes over the rows instead of thirty.
    """

    def __init__(self, margins: list):
        self.margins = margins  # [(codes, weights)]
        self.sizes = [int(codes.max()) + 1 for codes, _ in margins]
        self.counts = [
            np.maximum(np.bincount(codes, minlength=k), 1) for (codes, _), k in zip(margins, self.sizes, strict=True)
        ]
        self.inverses = [_safe_ratio(np.ones_like(psw), psw) for _, psw in margins]
        self.cross = [[self._cross(j, m) for m in range(len(margins))] for j in range(len(margins))]

    def _cross(self, j: int, m: int) -> np.ndarray:
        (codes_j, psw_j), (codes_m, psw_m) = self.margins[j], self.margins[m]
        ratio = _safe_ratio(psw_m, psw_j)
        table = np.bincount(codes_j * self.sizes[m] + codes_m, weights=ratio, minlength=self.sizes[j] * self.sizes[m])
        return table.reshape(self.sizes[j], self.sizes[m]) / self.counts[j][:, None]

    def residuals(self, x: np.ndarray) -> np.ndarray:
        start = [
            group_sum(codes, x * inverse[:, None], k) / count[:, None]
            for (codes, _), inverse, k, count in zip(self.margins, self.inverses, self.sizes, self.counts, strict=True)
        ]
        shifts = [np.zeros((k, x.shape[1])) for k in self.sizes]
        for _ in range(10):
            for j in range(len(self.margins)):
                means = start[j] - sum(self.cross[j][m] @ shifts[m] for m in range(len(self.margins)))
                shifts[j] = shifts[j] + means
        for (codes, psw), shift in zip(self.margins, shifts, strict=True):
            x = x - psw[:, None] * shift[codes]
        return x


@dataclass
class Margin:
    """A calibration variable: cell codes per row and the population count of each cell."""

    name: str
    codes: np.ndarray
    targets: np.ndarray


def margin_of(frame: Frame, name: str, counts) -> Margin:
    codes, labels = frame.factor(name)
    if np.any(codes < 0):
        raise SpecError(f"Cột hiệu chỉnh «{name}» có giá trị thiếu; không hiệu chỉnh trọng số được.")
    if not isinstance(counts, dict) or not counts:
        raise SpecError(f"Tổng thể của «{name}» phải là một đối tượng {{mức: số người}}.")
    given = {label_of(key): value for key, value in counts.items()}
    missing = [label for label in labels if label not in given]
    empty = [label for label, value in given.items() if label not in labels and value not in (0, None)]
    if empty:
        raise SpecError(
            f"Mức «{empty[0]}» của «{name}» có trong tổng thể nhưng không có người trả lời nào; hãy gộp mức này."
        )
    if missing:
        raise SpecError(f"Thiếu số tổng thể cho mức «{missing[0]}» của «{name}».")
    try:
        targets = np.array([float(given[label]) for label in labels])
    except (TypeError, ValueError):
        raise SpecError(f"Số tổng thể của «{name}» phải là số.")
    if np.any(targets <= 0):
        raise SpecError(f"Số tổng thể của «{name}» phải dương cho mọi mức có trong mẫu.")
    return Margin(name, codes, targets)


def _reweight(weights: np.ndarray, margin: Margin) -> np.ndarray:
    """Post-stratify weights (one column or a matrix of replicate columns) to the margin's counts."""
    sample = group_sum(margin.codes, weights, len(margin.targets))
    if np.any(sample == 0):
        raise SpecError(f"Có mức của «{margin.name}» không còn người trả lời nào có trọng số dương.")
    factor = margin.targets / sample if weights.ndim == 1 else margin.targets[:, None] / sample
    return weights * factor[margin.codes]


def poststratify(weights: np.ndarray, replicates: np.ndarray | None, margin: Margin):
    new = _reweight(weights, margin)
    new_rep = None if replicates is None else _reweight(replicates, margin)
    return new, new_rep, PostStratum(margin.codes, new, weights)


def rake(weights, replicates, margins: list[Margin], epsilon: float, maxit: int):
    """Iterative proportional fitting as R's rake(): stop when the joint table moves less than epsilon."""
    totals = [m.targets.sum() for m in margins]
    if max(totals) - min(totals) > 1e-9 * max(totals):
        raise SpecError("Các biên hiệu chỉnh có tổng khác nhau; không thể cào (rake) trọng số.")
    joint = np.zeros_like(margins[0].codes)
    for margin in margins:
        joint = joint * len(margin.targets) + margin.codes
    tolerance = epsilon * weights.sum() if epsilon < 1 else epsilon
    old = np.bincount(joint, weights=weights)
    for iteration in range(1, maxit + 1):
        records = []
        for margin in margins:
            weights = _reweight(weights, margin)
            if replicates is not None:
                replicates = _reweight(replicates, margin)
            records.append((margin.codes, weights))
        new = np.bincount(joint, weights=weights)
        if np.max(np.abs(new - old)) < tolerance:
            return weights, replicates, Raking(records), iteration
        old = new
    raise SpecError(f"Cào trọng số (raking) không hội tụ sau {maxit} vòng; tăng «maxit» hoặc kiểm tra các biên.")
