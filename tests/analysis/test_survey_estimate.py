"""analysis.survey.estimate beyond the R reference: textbook identities, calibration, refusals."""

import math

import numpy as np
import pytest
from scipy import stats

from analysis.survey import SpecError, estimate


def sample(n=60, seed=3):
    rng = np.random.default_rng(seed)
    return {
        "commune": [f"x{i % 12}" for i in range(n)],
        "area": ["thành thị" if i % 12 < 5 else "nông thôn" for i in range(n)],
        "sex": [rng.choice(["nam", "nữ"]) for _ in range(n)],
        "weight": list(rng.uniform(50, 150, n)),
        "score": [None if i % 17 == 0 else float(rng.integers(1, 6)) for i in range(n)],
        "answer": [rng.choice(["Rất đồng ý", "Đồng ý", "Phân vân", "Không đồng ý"]) for _ in range(n)],
    }


UNEQUAL_MARGINS = {"area": {"thành thị": 1, "nông thôn": 2}, "sex": {"nam": 1, "nữ": 1}}


def run(design, *estimates, columns=None):
    return estimate({"design": design, "estimates": list(estimates)}, columns or sample())["results"]


def test_it_gives_the_textbook_srs_mean_and_interval_without_weights():
    columns = sample()
    columns["score"] = [3.0 if v is None else v for v in columns["score"]]
    scores = np.array(columns["score"])
    result = run({"ids": []}, {"id": "m", "stat": "mean", "var": "score"}, columns=columns)["m"]
    se = scores.std(ddof=1) / math.sqrt(len(scores))
    assert result["estimate"] == pytest.approx(scores.mean())
    assert result["se"] == pytest.approx(se)
    assert result["n"] == len(scores) and result["df"] == len(scores) - 1
    assert result["moe"] == pytest.approx(stats.t.ppf(0.975, len(scores) - 1) * se)
    assert result["kish_deff"] == pytest.approx(1.0) and result["n_eff"] == pytest.approx(len(scores))


def test_it_does_not_depend_on_the_scale_of_the_weights():
    columns = sample()
    doubled = dict(columns, weight=[2 * w for w in columns["weight"]])
    design = {"ids": ["commune"], "strata": "area", "weights": "weight"}
    one = run(design, {"id": "p", "stat": "proportion", "var": "answer"}, columns=columns)["p"]
    two = run(design, {"id": "p", "stat": "proportion", "var": "answer"}, columns=doubled)["p"]
    for level, entry in one["levels"].items():
        assert two["levels"][level]["estimate"] == pytest.approx(entry["estimate"])
        assert two["levels"][level]["se"] == pytest.approx(entry["se"])
    assert sum(entry["estimate"] for entry in one["levels"].values()) == pytest.approx(1.0)


def test_it_rakes_the_weights_to_every_margin():
    margins = {"area": {"thành thị": 4000, "nông thôn": 6000}, "sex": {"nam": 4900, "nữ": 5100}}
    design = {"ids": [], "weights": "weight", "calibrate": {"method": "rake", "margins": margins}}
    results = run(
        design,
        {"id": "area", "stat": "table", "rows": "area"},
        {"id": "sex", "stat": "table", "rows": "sex"},
        {"id": "w", "stat": "weights"},
    )
    for name, counts in margins.items():
        for level, count in counts.items():
            assert results[name]["cells"][level] == pytest.approx(count, rel=1e-9)
    assert results["w"]["sum"] == pytest.approx(10000) and results["w"]["kish_deff"] > 1


def test_it_stops_raking_where_r_stops_with_its_default_epsilon():
    """R's rake() defaults (epsilon=1, maxit=10) stop early; expected_results.json's note gives R's digits."""
    pytest.importorskip("tests.analysis.test_survey_reference")
    from tests.analysis.test_survey_reference import columns

    margins = {"stype": {"E": 4421, "H": 755, "M": 1018}, "sch.wide": {"No": 1072, "Yes": 5122}}
    design = {"ids": ["dnum"], "weights": "pw", "fpc": ["fpc"]}
    design["calibrate"] = {"method": "rake", "margins": margins, "epsilon": 1, "maxit": 10}
    results = run(
        design,
        {"id": "m", "stat": "mean", "var": "api00"},
        {"id": "t", "stat": "total", "var": "enroll"},
        columns=columns("apiclus1.csv"),
    )
    assert results["m"]["estimate"] == pytest.approx(641.2302469, rel=1e-9)
    assert results["m"]["se"] == pytest.approx(23.70364124, rel=1e-9)
    assert results["t"]["estimate"] == pytest.approx(3647300.031, rel=1e-9)
    assert results["t"]["se"] == pytest.approx(400602.7197, rel=1e-9)


def test_it_estimates_domains_and_a_top_two_box_share():
    columns = sample()
    top = {"id": "top", "stat": "ciprop", "var": "answer", "eq": ["Rất đồng ý", "Đồng ý"], "by": "area"}
    result = run({"ids": ["commune"], "weights": "weight"}, top, columns=columns)["top"]["domains"]
    for area, entry in result.items():
        rows = [i for i, a in enumerate(columns["area"]) if a == area]
        w = np.array([columns["weight"][i] for i in rows])
        hit = np.array([columns["answer"][i] in ("Rất đồng ý", "Đồng ý") for i in rows])
        assert entry["estimate"] == pytest.approx((w * hit).sum() / w.sum())
        assert entry["ci"][0] < entry["estimate"] < entry["ci"][1]


def test_it_treats_missing_answers_as_a_domain_as_r_does():
    """na_rm keeps the design whole: the rows with a missing value count as PSUs with nothing in them."""
    columns = sample()
    kept = [i for i, v in enumerate(columns["score"]) if v is not None]
    result = run({"ids": []}, {"id": "m", "stat": "mean", "var": "score"}, columns=columns)["m"]
    scores = np.array([columns["score"][i] for i in kept])
    n, m = len(columns["score"]), len(kept)
    # R: n/(n-1) Σ (z_i - z̄)² with z_i = (y_i - ȳ)/m on kept rows and 0 on the others
    z = np.zeros(n)
    z[: len(kept)] = (scores - scores.mean()) / m
    assert result["se"] == pytest.approx(math.sqrt(n / (n - 1) * ((z - z.mean()) ** 2).sum()))
    assert result["n"] == m


def test_it_reports_missing_values_only_when_asked_to_keep_them():
    strict = {"id": "m", "stat": "mean", "var": "score", "na_rm": False}
    assert run({"ids": [], "weights": "weight"}, strict)["m"]["estimate"] is None


@pytest.mark.parametrize(
    "design, item, message",
    [
        ({"ids": []}, {"id": "m", "stat": "mean", "var": "income"}, "Không có cột «income»"),
        ({"ids": []}, {"id": "m", "stat": "mode", "var": "score"}, "Thống kê không hỗ trợ"),
        ({"ids": []}, {"id": "m", "stat": "mean", "var": "answer"}, "không phải số"),
        ({"ids": ["area"], "strata": "area"}, {"id": "m", "stat": "mean", "var": "score"}, "chỉ có một đơn vị mẫu"),
        ({"ids": ["commune"], "strata": "sex"}, {"id": "m", "stat": "mean", "var": "score"}, "không lồng trong tầng"),
        (
            {
                "ids": [],
                "calibrate": {
                    "method": "rake",
                    "margins": {"area": {"thành thị": 1, "nông thôn": 2}, "sex": {"nam": 1, "nữ": 1}},
                },
            },
            {"id": "m", "stat": "mean", "var": "score"},
            "tổng khác nhau",
        ),
        (
            {"ids": [], "calibrate": {"method": "poststratify", "margins": {"area": {"thành thị": 10}}}},
            {"id": "m", "stat": "mean", "var": "score"},
            "Thiếu số tổng thể",
        ),
        ({"ids": [], "strata": "area", "replicates": "JK1"}, {"id": "m", "stat": "mean", "var": "score"}, "JK1"),
        (
            {"ids": []},
            {"id": "x", "stat": "chisq", "rows": "answer", "cols": "area", "statistic": "G"},
            "Kiểm định không hỗ trợ",
        ),
    ],
    ids=[
        "missing column",
        "unknown statistic",
        "text column",
        "one PSU",
        "PSU in two strata",
        "margins differ",
        "missing margin",
        "JK1 with strata",
        "unknown test",
    ],
)
def test_it_refuses_what_cannot_be_estimated_in_vietnamese(design, item, message):
    with pytest.raises(SpecError, match=message):
        run(design, item)


@pytest.mark.parametrize("method", ["logit", "likelihood", "beta", "wilson", "asin", "mean"])
def test_it_gives_each_level_of_a_proportion_the_interval_of_ciprop(method):
    design = {"ids": ["commune"], "strata": "area", "weights": "weight"}
    results = run(
        design,
        {"id": "p", "stat": "proportion", "var": "answer", "method": method},
        {"id": "c", "stat": "ciprop", "var": "answer", "eq": "Đồng ý", "method": method},
    )
    assert results["p"]["levels"]["Đồng ý"]["ci"] == pytest.approx(results["c"]["ci"], rel=1e-12)
    low, high = results["c"]["ci"]
    assert low < results["c"]["estimate"] < high
