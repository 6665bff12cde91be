"""Replicate weights: the delete-one-PSU jackknife (JK1) built from a design, as R's as.svrepdesign()."""

from dataclasses import dataclass

import numpy as np

from .errors import SpecError


@dataclass
class Replicates:
    """Bộ trọng số lặp: one column of weights per replicate, the scale and whether to centre on the estimate."""

    weights: np.ndarray  # n × R
    scale: float
    rscales: np.ndarray
    mse: bool
    degf: int

    def vcov(self, statistic, mask: np.ndarray, theta: np.ndarray) -> np.ndarray:
        thetas = np.array([statistic(self.weights[:, r] * mask)[0] for r in range(self.weights.shape[1])])
        thetas = thetas.reshape(self.weights.shape[1], -1)
        centre = np.asarray(theta).ravel() if self.mse else thetas[self.rscales > 0].mean(axis=0)
        dev = (thetas - centre) * np.sqrt(self.rscales)[:, None]
        return self.scale * dev.T @ dev


def jk1(design, mse: bool) -> Replicates:
    """JK1: drop each PSU in turn, the others weighted n/(n-1); variance scale (1 - n/N)(n-1)/n."""
    if design.has_strata:
        raise SpecError("Không dùng được JK1 cho thiết kế phân tầng (JK1 chỉ cho thiết kế không có tầng).")
    first = design.stages[0]
    psu = first.cluster
    n = len(np.unique(psu))
    f = 1.0
    if first.popsize is not None:
        population = np.unique(first.popsize)
        if len(population) > 1:
            raise SpecError("JK1 cần một cỡ tổng thể (fpc) duy nhất cho giai đoạn 1.")
        f = 1.0 if np.isinf(population[0]) else (population[0] - n) / population[0]
    if n * len(psu) > 50_000_000:
        raise SpecError(f"JK1 với {n} PSU trên {len(psu)} dòng quá lớn; dùng ước lượng tuyến tính hoá (Taylor).")
    weights = np.where(psu[:, None] == np.arange(n)[None, :], 0.0, n / (n - 1)) * design.weights[:, None]
    return Replicates(weights=weights, scale=f * (n - 1) / n, rscales=np.ones(n), mse=mse, degf=n - 1)
