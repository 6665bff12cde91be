"""The 38 reference results of R's `survey` package, each reproduced from a SPEC file.

The SPEC files (tests/analysis/survey_reference/*.json) name their data file and carry a "reference"
key: the case of ../shared/data/survey-reference/expected_results.json and pairs
[path in our results, path in the case]. The data (the API data of the R survey package, GPL) are
read from the shared folder and not copied here; without it the tests skip and say why.
Tolerance: relative difference 1e-6, or half a unit of the last printed digit where R's published
output gives fewer digits (e.g. "641.23", printed to 5 significant digits).
"""

import json
import math
import os
from decimal import Decimal
from pathlib import Path

import pytest

from analysis.survey import estimate
from analysis.survey.csvdata import read_csv

HERE = Path(__file__).parent / "survey_reference"
CANDIDATES = [
    Path(os.environ.get("SURVEY_REFERENCE_DIR", "/nonexistent")),
    Path(__file__).resolve().parents[3] / "shared" / "data" / "survey-reference",
    Path("/work/shared/data/survey-reference"),
]
REFERENCE = next((path for path in CANDIDATES if (path / "expected_results.json").is_file()), None)
SPECS = sorted(HERE.glob("*.json"))
_DATA: dict = {}


def reference_data():
    if REFERENCE is None:
        pytest.skip("reference data absent: ../shared/data/survey-reference (R survey's API data, GPL, not copied)")
    return REFERENCE


def columns(name):
    if name not in _DATA:
        _DATA[name] = read_csv(reference_data() / name)
    return _DATA[name]


def cases():
    expected = json.loads((reference_data() / "expected_results.json").read_text())
    return {case["id"]: case for case in expected["cases"]}


def dig(value, path):
    for key in path:
        value = value[key]
    return value


def tolerance(expected: float) -> float:
    """1e-6 relative, or half a unit of the last digit written in the reference if that is coarser."""
    exponent = Decimal(repr(expected)).normalize().as_tuple().exponent
    return max(1e-6 * abs(expected), 0.5 * 10.0**exponent)


def compare(ours, expected, where):
    if isinstance(expected, list):
        assert isinstance(ours, list) and len(ours) == len(expected), where
        for i, (a, b) in enumerate(zip(ours, expected, strict=True)):
            compare(a, b, f"{where}[{i}]")
        return
    assert ours is not None and math.isfinite(ours), f"{where}: no value"
    assert abs(ours - expected) <= tolerance(expected), f"{where}: {ours!r} vs R {expected!r}"


def test_it_has_a_spec_for_each_of_the_38_reference_cases():
    names = {json.loads(path.read_text())["reference"]["case"] for path in SPECS}
    assert names == set(cases()) and len(names) == 38


@pytest.mark.parametrize("path", SPECS, ids=[path.stem for path in SPECS])
def test_it_reproduces_the_r_survey_reference(path):
    spec = json.loads(path.read_text())
    case = cases()[spec["reference"]["case"]]
    results = estimate(spec, columns(spec["data"]))["results"]
    pairs = spec["reference"]["compare"]
    assert pairs
    for ours, theirs in pairs:
        compare(dig(results, ours), dig(case, theirs), f"{path.stem}: {'.'.join(map(str, ours))}")
