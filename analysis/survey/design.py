"""Sampling designs: clusters in several stages, strata, weights, finite population corrections.

Variances by Taylor linearisation exactly as R's `survey` package (svyrecvar/multistage/onestrat):
between-PSU variance within strata with the fpc (N-n)/N and n/(n-1), later stages added with the
first-stage sampling fraction when population sizes are given, calibration residuals removed first.
Rows outside a domain or with a missing value keep their place with weight zero, as R's subsets do.
"""

from dataclasses import dataclass, field

import numpy as np

from .calibrate import group_sum
from .errors import SpecError
from .frame import Frame


def recode(*arrays: np.ndarray) -> np.ndarray:
    """Codes 0..k-1 of the combination of several integer code arrays (clusters nested in clusters)."""
    combined = arrays[0].astype(np.int64)
    for array in arrays[1:]:
        combined = combined * (int(array.max()) + 1) + array
    return np.unique(combined, return_inverse=True)[1].ravel()


@dataclass
class Stage:
    """One sampling stage: cluster and stratum codes per row, sample and population sizes per row."""

    cluster: np.ndarray
    stratum: np.ndarray
    sampsize: np.ndarray
    popsize: np.ndarray | None  # None: with replacement; np.inf in a stage given no fpc
    cache: tuple | None = None


@dataclass
class Design:
    """Thiết kế mẫu: the stages, the analysis weights, calibration records and replicate weights."""

    weights: np.ndarray
    stages: list[Stage]
    has_strata: bool
    calibration: list = field(default_factory=list)
    replicates: "object | None" = None
    description: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.weights)

    def degf(self, mask: np.ndarray | None = None) -> int:
        """Design degrees of freedom: PSUs minus strata among the rows in use (R's degf)."""
        if self.replicates is not None:
            return self.replicates.degf
        inset = self.weights != 0 if mask is None else (self.weights != 0) & mask
        cluster, n_clusters, c_stratum, n_strata, _ = _structure(self.stages[0])
        present = np.bincount(cluster[inset], minlength=n_clusters) > 0
        return int(present.sum()) - int((np.bincount(c_stratum[present], minlength=n_strata) > 0).sum())

    def vcov(self, statistic, mask: np.ndarray):
        """Point estimate and covariance matrix of `statistic(weights) -> (theta, influence)` on the rows of mask."""
        theta, influence = statistic(self.weights * mask)
        if self.replicates is not None:
            return theta, self.replicates.vcov(statistic, mask, theta)
        return theta, self.taylor(influence)

    def taylor(self, x: np.ndarray) -> np.ndarray:
        x = np.array(x, dtype=float).reshape(self.n, -1)
        for record in self.calibration:
            x = record.residuals(x)
        return multistage(x, self.stages)


def _structure(stage: Stage) -> tuple:
    """Cluster codes 0..C-1, each cluster's stratum 0..H-1 and a row of each stratum (cached per stage)."""
    if stage.cache is None:
        cluster, first_row = _dense(stage.cluster)
        c_stratum, s_first = _dense(stage.stratum[first_row])
        stage.cache = (cluster, len(first_row), c_stratum, len(s_first), first_row[s_first])
    return stage.cache


def _dense(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes renumbered 0..k-1 in order of value and the first row of each (no sort when already dense)."""
    size = int(codes.max()) + 1
    rows = np.arange(len(codes))
    first = np.full(size, len(codes))
    np.minimum.at(first, codes, rows)
    present = first < len(codes)
    if present.all():
        return codes, first
    renumber = np.cumsum(present) - 1
    return renumber[codes], first[present]


def _onestage(x: np.ndarray, stage: Stage, multiplier: np.ndarray) -> np.ndarray:
    cluster, n_clusters, c_stratum, n_strata, row_of_stratum = _structure(stage)
    totals = group_sum(cluster, x, n_clusters)
    n_psu = stage.sampsize[row_of_stratum]
    if stage.popsize is None:
        f = np.ones(n_strata)
    else:
        pop = stage.popsize[row_of_stratum]
        f = np.where(np.isinf(pop), 1.0, (pop - n_psu) / np.where(np.isinf(pop), 1.0, pop))
    scale = np.where(n_psu > 1, f * n_psu / np.maximum(n_psu - 1, 1), f)
    scale = np.where(f < 1e-7, 0.0, scale) * multiplier[row_of_stratum]
    sums = group_sum(c_stratum, totals, n_strata)
    means = sums / n_psu[:, None]
    present = np.bincount(c_stratum, minlength=n_strata)
    dev = totals - means[c_stratum]
    v = (dev * scale[c_stratum][:, None]).T @ dev
    missing = (n_psu - present) * scale
    if np.any(missing > 0):
        v += (means * missing[:, None]).T @ means
    return v


def multistage(x: np.ndarray, stages: list[Stage]) -> np.ndarray:
    """R's multistage(): the first stage, then later stages weighted by the earlier sampling fractions."""
    v = _onestage(x, stages[0], np.ones(len(x)))
    if stages[0].popsize is None:
        return v
    multiplier = np.ones(len(x))
    for previous, stage in zip(stages, stages[1:], strict=False):
        multiplier = multiplier * previous.sampsize / previous.popsize
        v = v + _onestage(x, stage, multiplier)
    return v


def _codes(frame: Frame, name: str, what: str) -> np.ndarray:
    codes, _ = frame.factor(name)
    if np.any(codes < 0):
        raise SpecError(f"Cột {what} «{name}» có giá trị thiếu; mọi người trả lời phải có giá trị này.")
    return codes


def _fpc_matrix(frame: Frame, names: list[str], n_stages: int, sampsize: list[np.ndarray]) -> list | None:
    if not names:
        return None
    if len(names) > n_stages:
        raise SpecError("Số cột fpc nhiều hơn số giai đoạn chọn mẫu (ids).")
    values = []
    for name in names:
        column = frame.numeric(name)
        if np.any(np.isnan(column)):
            raise SpecError(f"Cột fpc «{name}» có giá trị thiếu.")
        values.append(column)
    stacked = np.column_stack(values)
    if np.any(stacked <= 0):
        raise SpecError("Giá trị fpc phải dương (cỡ tổng thể hoặc tỉ lệ chọn mẫu).")
    is_popsize = bool(np.any(stacked > 1))
    if is_popsize and not np.all(stacked >= 1):
        raise SpecError("Cột fpc phải toàn là cỡ tổng thể (≥ 1) hoặc toàn là tỉ lệ chọn mẫu (≤ 1).")
    popsize = [col if is_popsize else sampsize[i] / col for i, col in enumerate(values)]
    popsize += [np.full(frame.n, np.inf)] * (n_stages - len(popsize))
    for i, pop in enumerate(popsize):
        if np.any(pop < sampsize[i] - 1e-9):
            raise SpecError(f"fpc ở giai đoạn {i + 1} nhỏ hơn số đơn vị đã chọn: tỉ lệ chọn mẫu vượt 100%.")
    return popsize


def _stage_structure(frame: Frame, spec: dict) -> tuple[list[np.ndarray], list[np.ndarray], bool]:
    ids = spec.get("ids") or []
    if isinstance(ids, str):
        ids = [ids]
    clusters = [_codes(frame, name, "đơn vị mẫu (ids)") for name in ids] or [np.arange(frame.n)]
    for i in range(1, len(clusters)):
        clusters[i] = recode(clusters[i - 1], clusters[i])
    strata_name = spec.get("strata")
    has_strata = bool(strata_name)
    stratum = _codes(frame, strata_name, "tầng (strata)") if has_strata else np.zeros(frame.n, dtype=np.int64)
    if len(np.unique(clusters[0])) == 1 and not has_strata:
        raise SpecError("Thiết kế chỉ có một đơn vị mẫu cấp 1 (PSU): không ước lượng được phương sai.")
    if has_strata:
        pairs = np.unique(np.column_stack([clusters[0], stratum]), axis=0)
        if len(pairs) != len(np.unique(clusters[0])):
            raise SpecError("Đơn vị mẫu cấp 1 không lồng trong tầng: một cụm nằm ở nhiều tầng.")
    strata = [stratum] + [recode(stratum, clusters[i - 1]) for i in range(1, len(clusters))]
    return clusters, strata, has_strata


def build_design(frame: Frame, spec: dict) -> Design:
    """The design of the SPEC's "design" object (R's svydesign): ids, strata, weights, fpc."""
    if not isinstance(spec, dict):
        raise SpecError("«design» phải là một đối tượng JSON.")
    clusters, strata, has_strata = _stage_structure(frame, spec)
    sampsize = []
    for cluster, stratum in zip(clusters, strata, strict=True):
        pairs = np.unique(np.column_stack([stratum, cluster]), axis=0)
        count = np.bincount(pairs[:, 0], minlength=int(stratum.max()) + 1).astype(float)
        sampsize.append(count[stratum])
    fpc = spec.get("fpc") or []
    popsize = _fpc_matrix(frame, [fpc] if isinstance(fpc, str) else fpc, len(clusters), sampsize)
    stages = [
        Stage(c, s, m, None if popsize is None else popsize[i])
        for i, (c, s, m) in enumerate(zip(clusters, strata, sampsize, strict=True))
    ]
    weights = _weights(frame, spec.get("weights"), stages)
    _check_lonely(stages)
    return Design(weights=weights, stages=stages, has_strata=has_strata)


def _weights(frame: Frame, name, stages: list[Stage]) -> np.ndarray:
    if name:
        weights = frame.numeric(name)
        if np.any(np.isnan(weights)):
            raise SpecError(f"Cột trọng số «{name}» có giá trị thiếu.")
        if np.any(weights < 0):
            raise SpecError(f"Cột trọng số «{name}» có giá trị âm.")
        return weights.copy()
    if stages[0].popsize is None:
        return np.ones(frame.n)
    weights = np.ones(frame.n)
    for stage in stages:
        weights = weights * np.where(np.isinf(stage.popsize), 1.0, stage.popsize / stage.sampsize)
    return weights


def _check_lonely(stages: list[Stage]) -> None:
    """R's lonely.psu="fail": a stratum with one PSU that is not sampled exhaustively has no variance."""
    used = stages if stages[0].popsize is not None else stages[:1]
    for number, stage in enumerate(used, start=1):
        lonely = stage.sampsize == 1
        if stage.popsize is not None:
            lonely &= ~((stage.popsize - stage.sampsize) / np.where(np.isinf(stage.popsize), 1, stage.popsize) < 1e-7)
        if np.any(lonely):
            where = "tầng" if number == 1 else "đơn vị cấp trên"
            raise SpecError(
                f"Thiết kế không ước lượng được: có {where} chỉ có một đơn vị mẫu ở giai đoạn {number} "
                "(cần ít nhất hai đơn vị mỗi tầng, hoặc chọn toàn bộ)."
            )
