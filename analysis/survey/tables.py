"""Weighted cross-tables and the design-based tests of association of R's svychisq.

"F": Rao–Scott second-order: Pearson X² (table scaled to the n rows) / tr(Δ) ~ F(d, d·df),
     d = tr(Δ)²/tr(Δ²), Δ the generalised design effect matrix of the interaction contrasts.
"Chisq": first-order: X² / mean eigenvalue of Δ ~ χ²((r-1)(c-1)); the statistic shown is X².
"saddlepoint": X² against Σ λ_i χ²_1 / (χ²_ddf/ddf), saddlepoint approximation (R's pFsum).
"Wald", "adjWald": Wald test of the independence residuals of the cell totals.
"""

import numpy as np
from scipy import optimize, stats

from .errors import SpecError
from .estimators import mean_statistic, total_statistic

STATISTICS = ("F", "Chisq", "saddlepoint", "Wald", "adjWald")


def cell_codes(row_codes, col_codes, nr):
    """Cell index with rows varying fastest (R's interaction(rows, cols)), -1 where either is missing."""
    missing = (row_codes < 0) | (col_codes < 0)
    return np.where(missing, -1, row_codes + nr * col_codes), ~missing


def weighted_table(weights, row_codes, col_codes, nr, nc) -> np.ndarray:
    cells, ok = cell_codes(row_codes, col_codes, nr)
    counts = np.bincount(cells[ok], weights=weights[ok], minlength=nr * nc)
    return counts.reshape(nc, nr).T


def _pearson(table: np.ndarray, n: float) -> float:
    table = table * n / table.sum()
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    return float(((table - expected) ** 2 / expected).sum())


def _indicators(cells, ok, k):
    y = np.zeros((len(cells), k))
    y[np.nonzero(ok)[0], cells[ok]] = 1.0
    return y


def _delta(design, mask, cells, ok, nr, nc, n):
    mean2, v = design.vcov(mean_statistic(_indicators(cells, ok, nr * nc)), mask & ok)
    grid_rows = np.tile(np.arange(nr), nc)
    grid_cols = np.repeat(np.arange(nc), nr)
    x1 = np.column_stack(
        [np.ones(nr * nc)]
        + [(grid_rows == i).astype(float) for i in range(1, nr)]
        + [(grid_cols == j).astype(float) for j in range(1, nc)]
    )
    x12 = np.column_stack([(grid_rows == i) & (grid_cols == j) for j in range(1, nc) for i in range(1, nr)]).astype(
        float
    )
    q, _ = np.linalg.qr(x1)
    c = x12 - q @ (q.T @ x12)
    inverse = np.diag(np.where(mean2 == 0, 0.0, 1 / np.where(mean2 == 0, 1, mean2)))
    denominator = c.T @ (inverse / n) @ c
    numerator = c.T @ inverse @ v @ inverse @ c
    return np.linalg.solve(denominator, numerator)


def chisq(design, mask, rows, cols, statistic: str) -> dict:
    """svychisq(~rows+cols): rows and cols are (codes, labels) pairs; mask the rows in use."""
    if statistic not in STATISTICS:
        raise SpecError(f"Kiểm định không hỗ trợ: «{statistic}» (hỗ trợ: {', '.join(STATISTICS)}).")
    (row_codes, row_labels), (col_codes, col_labels) = rows, cols
    nr, nc = len(row_labels), len(col_labels)
    if nr < 2 or nc < 2:
        raise SpecError("Bảng chéo cần ít nhất hai mức ở mỗi chiều để kiểm định.")
    cells, ok = cell_codes(row_codes, col_codes, nr)
    nu = design.degf(mask)
    if statistic in ("Wald", "adjWald"):
        return _wald(design, mask, cells, ok, nr, nc, nu, statistic)
    n = int(((design.weights != 0) & mask).sum())
    delta = _delta(design, mask, cells, ok, nr, nc, n)
    pearson = _pearson(weighted_table(design.weights * mask, row_codes, col_codes, nr, nc), n)
    trace = float(np.trace(delta))
    d0 = trace**2 / float(np.trace(delta @ delta))
    df = (nr - 1) * (nc - 1)
    if statistic == "F":
        value = pearson / trace
        return {"statistic": value, "df": [d0, d0 * nu], "p_value": float(stats.f.sf(value, d0, d0 * nu))}
    if statistic == "Chisq":
        p = float(stats.chi2.sf(pearson / (trace / delta.shape[0]), df))
        return {"statistic": pearson, "df": [df], "p_value": p}
    eigenvalues = np.real(np.linalg.eigvals(delta))
    return {"statistic": pearson, "df": None, "p_value": p_fsum(pearson, eigenvalues, d0 * nu)}


def _wald(design, mask, cells, ok, nr, nc, nu, statistic):
    y = np.column_stack([_indicators(cells, ok, nr * nc), np.zeros((len(cells), nr + nc)), np.ones(len(cells))])
    rows_in = np.nonzero(ok)[0]
    y[rows_in, nr * nc + cells[ok] % nr] = 1.0
    y[rows_in, nr * nc + nr + cells[ok] // nr] = 1.0
    totals, v = design.vcov(total_statistic(y), mask & ok)
    cell, row, col, grand = totals[: nr * nc], totals[nr * nc : nr * nc + nr], totals[nr * nc + nr : -1], totals[-1]
    grid_rows = np.tile(np.arange(nr), nc)
    grid_cols = np.repeat(np.arange(nc), nr)
    jacobian = np.column_stack(
        [
            np.eye(nr * nc),
            -(grid_rows[:, None] == np.arange(nr)[None, :]).astype(float) * (col[grid_cols] / grand)[:, None],
            -(grid_cols[:, None] == np.arange(nc)[None, :]).astype(float) * (row[grid_rows] / grand)[:, None],
            row[grid_rows] * col[grid_cols] / grand**2,
        ]
    )
    residual = cell - row[grid_rows] * col[grid_cols] / grand
    vr = jacobian @ v @ jacobian.T
    use = (grid_rows > 0) & (grid_cols > 0)
    wald = float(residual[use] @ np.linalg.solve(vr[np.ix_(use, use)], residual[use]))
    ndf = (nr - 1) * (nc - 1)
    if statistic == "Wald":
        value, ddf = wald / ndf, nu
    else:
        ddf = nu - ndf + 1
        if ddf <= 0:
            raise SpecError("Không đủ bậc tự do của thiết kế cho kiểm định Wald hiệu chỉnh.")
        value = wald * ddf / (ndf * nu)
    return {"statistic": value, "df": [ndf, ddf], "p_value": float(stats.f.sf(value, ndf, ddf))}


def _saddle(lam: np.ndarray) -> float | None:
    """P(Σ λ_i χ²_1 > 0) by the Lugannani–Rice saddlepoint formula (R's saddle(0, λ))."""
    lam = lam / lam.max()

    def k0(z):
        return -np.sum(np.log(1 - 2 * z * lam)) / 2

    def k1(z):
        return np.sum(lam / (1 - 2 * z * lam))

    def k2(z):
        return 2 * np.sum(lam**2 / (1 - 2 * z * lam) ** 2)

    lower = np.max(1 / (2 * lam[lam < 0])) * 0.99999
    upper = np.min(1 / (2 * lam[lam > 0])) * 0.99999
    zeta = optimize.brentq(k1, lower, upper, xtol=1e-14, rtol=1e-15)
    w = np.sign(zeta) * np.sqrt(2 * (-k0(zeta)))
    v = zeta * np.sqrt(k2(zeta))
    if abs(zeta) < 1e-4:
        return None
    return float(stats.norm.sf(w + np.log(v / w) / w))


def p_fsum(x: float, eigenvalues: np.ndarray, ddf: float) -> float:
    """P(Σ λ_i χ²_1 / (χ²_ddf/ddf) > x), R's pFsum(method="saddlepoint") with its Satterthwaite fallback."""
    tr = eigenvalues.mean()
    tr2 = np.mean(eigenvalues**2) / tr**2
    fallback = float(stats.f.sf(x / (len(eigenvalues) / tr2) / (tr * tr2), len(eigenvalues) / tr2, ddf))
    lam = np.concatenate([eigenvalues, np.full(int(ddf), -x / ddf)])
    result = _saddle(lam)
    return fallback if result is None else result
