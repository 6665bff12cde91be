"""The statistics a SPEC may ask for: each takes (design, frame, item) and returns a JSON-ready dict."""

import numpy as np

from . import ciprop, tables
from .errors import SpecError
from .estimators import clean, kish, mean_statistic, scalar_result, srs_variance, total_statistic
from .profile import likelihood_interval


def _level(item) -> float:
    level = item.get("level", 0.95)
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:
        raise SpecError("«level» phải là một số trong khoảng (0, 1), ví dụ 0.95.")
    return float(level)


def _df(item, design, mask):
    """Degrees of freedom for intervals: the design's (default), "inf" for the normal, or a number."""
    df = item.get("df", "design")
    if df == "design":
        return design.degf(mask)
    if df in ("inf", "Inf", None):
        return np.inf
    if isinstance(df, int | float) and not isinstance(df, bool) and df > 0:
        return float(df)
    raise SpecError('«df» phải là "design", "inf" hoặc một số dương.')


def _domains(design, frame, item):
    """[(label or None, mask)]: the whole sample, or one mask per level of the "by" column."""
    by = item.get("by")
    base = design.weights != 0
    if not by:
        return [(None, base)]
    codes, labels = frame.factor(by)
    return [(label, base & (codes == i)) for i, label in enumerate(labels)]


def _per_domain(design, frame, item, one):
    results = [(label, one(mask)) for label, mask in _domains(design, frame, item)]
    if results[0][0] is None:
        return results[0][1]
    return {"domains": dict(results)}


def _variable(frame, item, key="var"):
    name = item.get(key)
    if not name:
        raise SpecError(f"Ước lượng «{item.get('id')}» cần «{key}»: tên cột.")
    if "eq" in item:
        return frame.indicator(name, item["eq"])
    return frame.numeric(name)


def _present(y, mask, item):
    """Rows in use: in the mask and (with na_rm, the default) not missing; None if a missing value forbids."""
    missing = np.isnan(y).reshape(len(mask), -1).any(axis=1)
    if item.get("na_rm", True) is False and np.any(missing & mask):
        return None
    return mask & ~missing


def _empty(mask):
    return {"estimate": None, "se": None, "ci": [None, None], "n": int(mask.sum())}


def linear(kind):
    """mean or total of one numeric column (or of an indicator with "eq")."""

    def run(design, frame, item):
        y_all = _variable(frame, item)
        level = _level(item)

        def one(mask):
            used = _present(y_all, mask, item)
            if used is None or not used.any():
                return _empty(mask)
            y = clean(y_all, used)
            statistic = mean_statistic(y) if kind == "mean" else total_statistic(y)
            theta, v = design.vcov(statistic, used)
            df = _df(item, design, used)
            w = design.weights * used
            deff = _deff(v[0, 0], srs_variance(y, w, kind)[0]) if item.get("deff", True) else None
            extra = {"df": df, "level": level, **kish(w)}
            return scalar_result(theta[0], np.sqrt(v[0, 0]), level, df, deff, extra)

        return _per_domain(design, frame, item, one)

    return run


def _deff(variance, srs):
    """Design effect against SRS without replacement; none when the weights sum to no more than n."""
    return variance / srs if srs > 0 else None


def _indicators(codes, k):
    y = np.zeros((len(codes), k))
    ok = codes >= 0
    y[np.nonzero(ok)[0], codes[ok]] = 1.0
    return y


def proportion(design, frame, item):
    """Shares of each level of a categorical column, with SE, CI (method, default logit) and deff."""
    name = item.get("var")
    if not name:
        raise SpecError(f"Ước lượng «{item.get('id')}» cần «var»: tên cột.")
    codes, labels = frame.factor(name)
    level = _level(item)
    method = ciprop.method_name(item.get("method", "logit"))

    def one(mask):
        used = mask & (codes >= 0)
        if item.get("na_rm", True) is False and np.any(mask & (codes < 0)):
            used = None
        if used is None or not used.any():
            return {"levels": {label: _empty(mask) for label in labels}}
        y = clean(_indicators(codes, len(labels)), used)
        theta, v = design.vcov(mean_statistic(y), used)
        df = _df(item, design, used)
        w = design.weights * used
        vsrs = srs_variance(y, w, "mean")
        n = int(used.sum())
        result = {"levels": {}, "df": df, "level": level, **kish(w)}
        for j, label in enumerate(labels):
            entry = scalar_result(theta[j], np.sqrt(v[j, j]), level, df, _deff(v[j, j], vsrs[j]))

            def profile(j=j):
                return likelihood_interval(design, y[:, j], used, float(theta[j]), float(v[j, j]), df, level)

            entry["ci"] = ciprop.interval(method, float(theta[j]), float(v[j, j]), df, level, n, profile)
            result["levels"][label] = entry
        result["method"] = method
        return result

    return _per_domain(design, frame, item, one)


def ciprop_stat(design, frame, item):
    """svyciprop: a proportion (an indicator with "eq", or a 0/1 column) with the chosen CI method."""
    y_all = _variable(frame, item)
    finite = y_all[~np.isnan(y_all)]
    if np.any((finite != 0) & (finite != 1)):
        raise SpecError(f"Cột «{item.get('var')}» không phải 0/1; dùng «eq» để chọn giá trị cần tính tỉ lệ.")
    level = _level(item)
    method = ciprop.method_name(item.get("method", "logit"))

    def one(mask):
        used = _present(y_all, mask, item)
        if used is None or not used.any():
            return _empty(mask)
        y = clean(y_all, used)
        n = int(used.sum())
        if item.get("unweighted"):
            p = float(y[used, 0].mean())
            variance, df = p * (1 - p) / n, np.inf
        else:
            theta, v = design.vcov(mean_statistic(y), used)
            p, variance, df = float(theta[0]), float(v[0, 0]), _df(item, design, used)

        def profile():
            return likelihood_interval(design, y[:, 0], used, p, variance, df, level)

        result = {"estimate": p, "se": float(np.sqrt(variance)), "method": method, "level": level, "df": df}
        result["ci"] = ciprop.interval(method, p, variance, df, level, n, profile)
        result["moe"] = max(p - result["ci"][0], result["ci"][1] - p)
        result.update(kish(design.weights * used))
        return result

    return _per_domain(design, frame, item, one)


def _factor_pair(frame, item):
    for key in ("rows", "cols"):
        if not item.get(key):
            raise SpecError(f"Ước lượng «{item.get('id')}» cần «{key}»: tên cột.")
    return frame.factor(item["rows"]), frame.factor(item["cols"])


def chisq(design, frame, item):
    """svychisq(~rows+cols): Rao–Scott F (default), Chisq, saddlepoint, Wald or adjWald."""
    rows, cols = _factor_pair(frame, item)
    if item.get("by"):
        raise SpecError("Kiểm định bảng chéo chưa hỗ trợ «by».")
    result = tables.chisq(design, design.weights != 0, rows, cols, item.get("statistic", "F"))
    result["method"] = item.get("statistic", "F")
    return result


def table(design, frame, item):
    """svytable: weighted counts of rows (× cols)."""
    if item.get("cols"):
        (rc, rl), (cc, cl) = _factor_pair(frame, item)
    else:
        rc, rl = frame.factor(item.get("rows") or item.get("var") or "")
        cc, cl = np.zeros(frame.n, dtype=np.int64), ["_"]
    counts = tables.weighted_table(design.weights, rc, cc, len(rl), len(cl))
    if not item.get("cols"):
        return {"cells": {label: float(counts[i, 0]) for i, label in enumerate(rl)}}
    return {"cells": {r: {c: float(counts[i, j]) for j, c in enumerate(cl)} for i, r in enumerate(rl)}}


def weights(design, frame, item):
    """The analysis weights: count, sum, min, max, Kish's weighting effect and effective n."""
    w = design.weights[design.weights != 0]
    return {"sum": float(w.sum()), "min": float(w.min()), "max": float(w.max()), **kish(design.weights)}


def contrast(design, frame, item):
    """svycontrast: Σ coef·estimate over the levels of a proportion or several means/totals."""
    of = item.get("of")
    coef = item.get("coef")
    if not isinstance(of, dict) or not isinstance(coef, dict) or not coef:
        raise SpecError("«contrast» cần «of» (thống kê gốc) và «coef» ({tên: hệ số}).")
    kind = of.get("stat")
    if kind == "proportion":
        codes, names = frame.factor(of.get("var") or "")
        y_all = _indicators(codes, len(names))
        y_all[codes < 0] = np.nan
        kind = "mean"
    elif kind in ("mean", "total"):
        names = of.get("vars") or ([of["var"]] if of.get("var") else [])
        if not names:
            raise SpecError("«of» cần «vars»: danh sách cột.")
        y_all = np.column_stack([frame.numeric(name) for name in names])
    else:
        raise SpecError(f"«of» của contrast phải là proportion, mean hoặc total, không phải «{kind}».")
    unknown = [key for key in coef if key not in names]
    if unknown:
        raise SpecError(f"Hệ số cho «{unknown[0]}» không khớp với mức hoặc cột nào.")
    vector = np.array([float(coef.get(name, 0)) for name in names])
    level = _level(item)

    def one(mask):
        used = _present(y_all, mask, item)
        if used is None or not used.any():
            return _empty(mask)
        y = clean(y_all, used)
        statistic = mean_statistic(y) if kind == "mean" else total_statistic(y)
        theta, v = design.vcov(statistic, used)
        df = _df(item, design, used)
        return scalar_result(vector @ theta, np.sqrt(vector @ v @ vector), level, df, None, {"df": df})

    return _per_domain(design, frame, item, one)


STATISTICS = {
    "mean": linear("mean"),
    "total": linear("total"),
    "proportion": proportion,
    "ciprop": ciprop_stat,
    "chisq": chisq,
    "table": table,
    "weights": weights,
    "contrast": contrast,
}
