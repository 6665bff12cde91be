"""The "likelihood" interval of R's svyciprop: profile likelihood of the weighted binomial model.

As R (confint.svyglm(method="likelihood") with MASS's profile.glm): the quasi-binomial deviance is
profiled over the logit in steps of SE·zmax/5, the signed root z = ±√(Δdeviance / dispersion) is
smoothed by a Forsythe–Malcolm–Moler cubic spline through 3·k points and read back linearly at
±t_{df}·√λ, where λ = design variance / model variance of the logit (a design effect) and the
dispersion is the design-weighted variance of the Pearson residuals (y - p)/√(p(1-p)) (R's
residuals.svyglm divides the prior weights out again). The spline step is part of
the method: the result matches R to the digits of its interpolation, not the exact profile.
"""

import numpy as np
from scipy import special, stats


def fmm_coefficients(x: np.ndarray, y: np.ndarray):
    """Cubic spline coefficients (b, c, d) with FMM end conditions (third derivatives of end cubics)."""
    n = len(x)
    b, c, d = np.zeros(n), np.zeros(n), np.zeros(n)
    if n < 3:
        slope = (y[1] - y[0]) / (x[1] - x[0])
        return np.full(n, slope), c, d
    d[0] = x[1] - x[0]
    c[1] = (y[1] - y[0]) / d[0]
    for i in range(1, n - 1):
        d[i] = x[i + 1] - x[i]
        b[i] = 2.0 * (d[i - 1] + d[i])
        c[i + 1] = (y[i + 1] - y[i]) / d[i]
        c[i] = c[i + 1] - c[i]
    b[0] = -d[0]
    b[n - 1] = -d[n - 2]
    c[0] = c[n - 1] = 0.0
    if n > 3:
        c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0])
        c[n - 1] = c[n - 2] / (x[n - 1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4])
        c[0] = c[0] * d[0] * d[0] / (x[3] - x[0])
        c[n - 1] = -c[n - 1] * d[n - 2] * d[n - 2] / (x[n - 1] - x[n - 4])
    for i in range(1, n):
        t = d[i - 1] / b[i - 1]
        b[i] = b[i] - t * d[i - 1]
        c[i] = c[i] - t * c[i - 1]
    c[n - 1] = c[n - 1] / b[n - 1]
    for i in range(n - 2, -1, -1):
        c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
    b[n - 1] = (y[n - 1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[n - 1])
    for i in range(n - 1):
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i])
        d[i] = (c[i + 1] - c[i]) / d[i]
        c[i] = 3.0 * c[i]
    c[n - 1] = 3.0 * c[n - 1]
    d[n - 1] = d[n - 2]
    return b, c, d


def _regularize(x: np.ndarray, y: np.ndarray):
    """Sorted unique x with the mean y of ties (R's regularize.values(ties = mean))."""
    unique, inverse = np.unique(x, return_inverse=True)
    sums = np.bincount(inverse, weights=y)
    return unique, sums / np.bincount(inverse)


def spline(x: np.ndarray, y: np.ndarray):
    """R's spline(x, y): the FMM spline evaluated at 3·len(x) equally spaced points."""
    points = 3 * len(x)
    xout = np.linspace(x.min(), x.max(), points)
    x, y = _regularize(x, y)
    b, c, d = fmm_coefficients(x, y)
    i = np.clip(np.searchsorted(x, xout, side="right") - 1, 0, len(x) - 1)
    dx = xout - x[i]
    return xout, y[i] + dx * (b[i] + dx * (c[i] + dx * d[i]))


def _dispersion(w, residual):
    """svyvar of the Pearson residuals with the design weights (n/(n-1) correction)."""
    n = int((w != 0).sum())
    centre = (w @ residual) / w.sum()
    return (w @ ((residual - centre) ** 2 * n / (n - 1))) / w.sum()


def irls(y: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    """R's glm.fit for the intercept-only binomial model: the fitted logit and the model variance.

    R's model variance (naive.cov) comes from the QR of the last iteration, whose working weights
    were computed before the final update; λ, and so the interval, depend on it at the 1e-5 level.
    """
    mu = (weights * y + 0.5) / (weights + 1)
    eta = special.logit(mu)

    def deviance(mu):
        return -2 * float(weights @ (y * np.log(mu) + (1 - y) * np.log1p(-mu)))

    old = deviance(mu)
    for _ in range(25):
        variance = mu * (1 - mu)
        working = weights * variance
        z = eta + (y - mu) / variance
        beta = float(working @ z / working.sum())
        eta = np.full_like(y, beta)
        mu = special.expit(eta)
        new = deviance(mu)
        if abs(new - old) / (abs(new) + 0.1) < 1e-8:
            break
        old = new
    return beta, 1 / float(working.sum())


def likelihood_interval(design, y, used, p, variance, df, level):
    w = design.weights * used
    rows = used & (w != 0)
    scaled = w[rows] / w[rows].mean()
    n = int(rows.sum())
    b0, naive = irls(y[rows], scaled)
    se = np.sqrt(variance) / (p * (1 - p))
    lam = se**2 / naive
    quantile = stats.norm.ppf((1 - level) / 2) if np.isinf(df) else stats.t.ppf((1 - level) / 2, df)
    alpha = stats.norm.cdf(quantile * np.sqrt(lam)) / 2
    zmax = np.sqrt(stats.f.isf(alpha, 1, n - 1))
    step_size = zmax / 5
    fitted = special.expit(b0)
    dispersion = _dispersion(w, (y - fitted) / np.sqrt(fitted * (1 - fitted)))
    ones, zeros = float(scaled @ y[rows]), float(scaled @ (1 - y[rows]))

    def deviance(beta):
        mu = special.expit(beta)
        return -2 * (ones * np.log(mu) + zeros * np.log1p(-mu))

    base = deviance(b0)
    z_values, betas = [0.0], [b0]
    for sign in (-1, 1):
        step, z = 0, 0.0
        while (step := step + 1) < 10 and abs(z) < zmax:
            beta = b0 + sign * step * step_size * se
            z = sign * np.sqrt(max((deviance(beta) - base) / dispersion, 0.0))
            z_values.append(z)
            betas.append(beta)
    order = np.argsort(z_values, kind="stable")
    xs, ys = spline(np.asarray(betas)[order], np.asarray(z_values)[order])
    knots, values = _regularize(ys, xs)
    cutoff = np.array([quantile * np.sqrt(lam), -quantile * np.sqrt(lam)])
    inside = (cutoff >= knots[0]) & (cutoff <= knots[-1])
    result = np.where(inside, np.interp(cutoff, knots, values), np.nan)
    return [float(special.expit(v)) if np.isfinite(v) else None for v in result]
