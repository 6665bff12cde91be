"""Calibration of weights to population counts: post-stratification and raking (R's postStratify, rake).

The weights change, and the variance of every estimate then uses the residuals after removing the
post-stratum means (post-stratification) or after ten rounds of back-fitting on the margins (raking),
as R's svyrecvar does; the replicate weights, when present, are calibrated one by one.
"""

from dataclasses import dataclass

import numpy as np

from .errors import SpecError
from .frame import Frame, label_of


def _group_sum(codes: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    if values.ndim == 1:
        return np.bincount(codes, weights=values, minlength=k)
    return np.column_stack([np.bincount(codes, weights=values[:, j], minlength=k) for j in range(values.shape[1])])


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
        means = _group_sum(self.codes, ratio, k) / _group_sum(self.codes, self.old_weights, k)[:, None]
        return x - means[self.codes] * psw[:, None]


@dataclass
class Raking:
    """The margins of the last raking round, each with its cell codes and the weights after it."""

    margins: list  # [(codes, weights)]

    def residuals(self, x: np.ndarray) -> np.ndarray:
        counts = [np.bincount(codes) for codes, _ in self.margins]
        for _ in range(10):
            for (codes, psw), count in zip(self.margins, counts, strict=True):
                ratio = np.divide(x, psw[:, None], out=np.zeros_like(x), where=psw[:, None] != 0)
                means = _group_sum(codes, ratio, len(count)) / np.maximum(count, 1)[:, None]
                x = x - psw[:, None] * means[codes]
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
    sample = _group_sum(margin.codes, weights, len(margin.targets))
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
    joint = np.unique(np.column_stack([m.codes for m in margins]), axis=0, return_inverse=True)[1].ravel()
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
