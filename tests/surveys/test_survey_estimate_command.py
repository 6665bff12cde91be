"""`python manage.py survey_estimate SPEC.json`: one JSON object on stdout; a bad SPEC exits with 2."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.analysis.test_survey_reference import REFERENCE, compare, dig

ROOT = Path(__file__).resolve().parents[2]
ROWS = [
    # commune, stratum, weight, age, answer: a small stratified cluster sample written for this test
    ("x1", "A", 10, 34, "Đồng ý"),
    ("x1", "A", 10, 51, "Không đồng ý"),
    ("x2", "A", 12, 45, "Đồng ý"),
    ("x2", "A", 12, "NA", "Đồng ý"),
    ("x3", "B", 20, 29, "Không đồng ý"),
    ("x3", "B", 20, 62, "Đồng ý"),
    ("x4", "B", 25, 38, "Không đồng ý"),
    ("x4", "B", 25, 47, "Đồng ý"),
]


def write_survey(folder: Path, rows=ROWS) -> None:
    with open(folder / "answers.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["commune", "stratum", "weight", "age", "answer"])
        writer.writerows(rows)


def write_spec(folder: Path, **changes) -> Path:
    spec = {
        "data": "answers.csv",
        "design": {"ids": ["commune"], "strata": "stratum", "weights": "weight", "fpc": []},
        "estimates": [
            {"id": "age", "stat": "mean", "var": "age", "na_rm": True},
            {"id": "agree", "stat": "ciprop", "var": "answer", "eq": "Đồng ý", "method": "beta"},
        ],
    }
    spec.update(changes)
    path = folder / "spec.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return path


def run_command(spec: Path):
    return subprocess.run(
        [sys.executable, "manage.py", "survey_estimate", str(spec)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_it_prints_one_json_object_with_the_data_path_relative_to_the_spec(tmp_path):
    write_survey(tmp_path)
    done = run_command(write_spec(tmp_path))
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)["results"]
    weights = [10, 10, 12, 20, 20, 25, 25]  # the row with a missing age is left out
    ages = [34, 51, 45, 29, 62, 38, 47]
    assert results["age"]["estimate"] == pytest.approx(
        sum(w * a for w, a in zip(weights, ages, strict=True)) / sum(weights)
    )
    assert results["age"]["n"] == 7
    assert results["agree"]["estimate"] == pytest.approx((10 + 12 + 12 + 20 + 25) / 134)
    low, high = results["agree"]["ci"]
    assert 0 < low < results["agree"]["estimate"] < high < 1


def test_it_exits_with_2_and_a_vietnamese_message_for_a_stratum_with_one_psu(tmp_path):
    rows = [row if row[0] != "x4" else ("x3",) + row[1:] for row in ROWS]
    write_survey(tmp_path, rows)
    done = run_command(write_spec(tmp_path))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "chỉ có một đơn vị mẫu" in done.stderr


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"estimates": [{"id": "m", "stat": "mean", "var": "income"}]}, "Không có cột «income»"),
        ({"estimates": [{"id": "m", "stat": "median", "var": "age"}]}, "Thống kê không hỗ trợ: «median»"),
        ({"data": "missing.csv"}, "Không tìm thấy tệp dữ liệu"),
        ({"design": {"ids": ["commune"], "weights": "answer"}}, "không phải số"),
        ({"estimates": [{"id": "c", "stat": "ciprop", "var": "answer", "eq": "Có", "method": "magic"}]}, "magic"),
    ],
    ids=["missing column", "unknown statistic", "missing data file", "text weights", "unknown CI method"],
)
def test_it_refuses_a_bad_spec_with_status_2(tmp_path, capsys, changes, message):
    write_survey(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        call_command("survey_estimate", str(write_spec(tmp_path, **changes)))
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_it_refuses_a_spec_that_is_not_json(tmp_path, capsys):
    (tmp_path / "spec.json").write_text("{data: answers.csv", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        call_command("survey_estimate", str(tmp_path / "spec.json"))
    assert stopped.value.code == 2
    assert "không phải JSON hợp lệ" in capsys.readouterr().err


@pytest.mark.skipif(REFERENCE is None, reason="reference data absent: ../shared/data/survey-reference")
def test_it_reproduces_a_reference_case_through_the_command(tmp_path):
    spec = json.loads((ROOT / "tests/analysis/survey_reference/w0_rake_stype_schwide.json").read_text())
    (tmp_path / spec["data"]).symlink_to(REFERENCE / spec["data"])
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    done = run_command(tmp_path / "spec.json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)["results"]
    case = next(
        c
        for c in json.loads((REFERENCE / "expected_results.json").read_text())["cases"]
        if c["id"] == spec["reference"]["case"]
    )
    for ours, theirs in spec["reference"]["compare"]:
        compare(dig(results, ours), dig(case, theirs), ".".join(map(str, ours)))
