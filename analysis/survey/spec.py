"""The SPEC format of issue 19: a design, optional calibration, and a list of estimates → results."""

import math

import numpy as np

from . import calibrate
from .design import Design, build_design
from .errors import SpecError
from .frame import Frame
from .replicates import jk1


def make_design(frame: Frame, spec: dict) -> Design:
    """The design with its replicate weights and calibrated weights, as the SPEC's "design" says."""
    design = build_design(frame, spec)
    replicates = spec.get("replicates")
    if replicates not in (None, "JK1"):
        raise SpecError(f"Kiểu trọng số lặp không hỗ trợ: «{replicates}» (hỗ trợ: JK1).")
    if replicates == "JK1":
        design.replicates = jk1(design, bool(spec.get("mse", False)))
    calibration = spec.get("calibrate")
    if calibration:
        _calibrate(frame, design, calibration)
    return design


def _number(value, name, default, low, high):
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not (low <= value <= high):
        raise SpecError(f"«{name}» phải là một số trong khoảng [{low}, {high}].")
    return value


def _calibrate(frame: Frame, design: Design, spec: dict) -> None:
    if not isinstance(spec, dict):
        raise SpecError("«calibrate» phải là một đối tượng JSON.")
    method = spec.get("method")
    margins_spec = spec.get("margins")
    if not isinstance(margins_spec, dict) or not margins_spec:
        raise SpecError("«calibrate» cần «margins»: {biến: {mức: số người trong tổng thể}}.")
    margins = [calibrate.margin_of(frame, name, counts) for name, counts in margins_spec.items()]
    replicates = design.replicates.weights if design.replicates is not None else None
    if method == "poststratify":
        if len(margins) != 1:
            raise SpecError("Hậu phân tầng (poststratify) dùng đúng một biến; nhiều biến thì dùng «rake».")
        weights, replicates, record = calibrate.poststratify(design.weights, replicates, margins[0])
    elif method == "rake":
        epsilon = _number(spec.get("epsilon"), "epsilon", 1e-10, 0, math.inf)
        maxit = int(_number(spec.get("maxit"), "maxit", 100, 1, 100_000))
        weights, replicates, record, _ = calibrate.rake(design.weights, replicates, margins, epsilon, maxit)
    else:
        raise SpecError(f"Phương pháp hiệu chỉnh không hỗ trợ: «{method}» (hỗ trợ: poststratify, rake).")
    design.weights = weights
    if design.replicates is not None:
        design.replicates.weights = replicates
    else:
        design.calibration.append(record)


def json_safe(value):
    """Plain JSON values: numpy numbers to Python, NaN and infinities to null."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if not math.isfinite(float(value)) else float(value)
    return value


def estimate(spec: dict, columns: dict) -> dict:
    """Run every estimate of the SPEC on the columns (name → list of values, None for missing)."""
    # statistics imports spec (its SpecError and helpers): imported here to keep the two modules acyclic
    from .statistics import STATISTICS

    if not isinstance(spec, dict):
        raise SpecError("Đặc tả phải là một đối tượng JSON.")
    frame = Frame(columns)
    design = make_design(frame, spec.get("design") or {})
    estimates = spec.get("estimates")
    if not isinstance(estimates, list) or not estimates:
        raise SpecError("Đặc tả cần «estimates»: danh sách các ước lượng.")
    results = {}
    for number, item in enumerate(estimates, start=1):
        if not isinstance(item, dict):
            raise SpecError(f"Ước lượng thứ {number} phải là một đối tượng JSON.")
        key = str(item.get("id", number))
        if key in results:
            raise SpecError(f"Mã ước lượng «{key}» bị trùng.")
        stat = item.get("stat")
        if stat not in STATISTICS:
            raise SpecError(f"Thống kê không hỗ trợ: «{stat}» (hỗ trợ: {', '.join(STATISTICS)}).")
        results[key] = STATISTICS[stat](design, frame, item)
    return {"results": json_safe(results)}
