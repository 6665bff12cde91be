"""Benchmark of the surveys: the design-based statistics of 100,000 responses.

    .venv/bin/python bench/surveys.py [--responses 100000] [--repeat 3]

bench_statistics(): 100,000 synthetic responses (124 communes as clusters, base weights, sex, six
age groups, urban/rural, a 5-point Likert answer, a select-multiple option, a number), weights raked
on three margins (sex, age group, urban/rural; epsilon 1e-10), then 20 estimates in one SPEC: means,
totals, proportions with logit intervals, Korn–Graubard and Wilson intervals, domain estimates by sex
and by area, a Rao–Scott F test, a net-score contrast and the weights' summary. The time is that of
analysis.survey.estimate(spec, columns) on Python lists, as the surveys app calls it (best of --repeat).
Target on this machine: < 2 s. The last line is one JSON object with the figures and the conditions.

The web-submission part (responses per second through the production server) is added by the
surveys app; it reports responses_per_second, p99_ms and lost in the same final JSON line.
"""

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.survey import estimate  # noqa: E402

AGES = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
LIKERT = ["Rất không đồng ý", "Không đồng ý", "Phân vân", "Đồng ý", "Rất đồng ý"]


def make_responses(n: int, seed: int = 19) -> dict[str, list]:
    """Synthetic answers with unequal inclusion (urban, young and women over-represented)."""
    rng = np.random.default_rng(seed)
    commune = rng.integers(0, 124, n)
    urban = commune < 40
    sex = np.where(rng.random(n) < 0.58, "nữ", "nam")
    age = rng.choice(len(AGES), n, p=[0.22, 0.27, 0.2, 0.14, 0.1, 0.07])
    lean = 0.4 * urban - 0.15 * (age >= 4) + rng.normal(0, 1, n)
    likert = np.clip(np.round(2 + lean + rng.normal(0, 0.8, n)), 0, 4).astype(int)
    income = np.round(np.exp(rng.normal(1.9 + 0.3 * urban, 0.5, n)), 1)
    missing = rng.random(n) < 0.04
    return {
        "commune": [f"xa_{c:03d}" for c in commune],
        "area": ["thành thị" if u else "nông thôn" for u in urban],
        "sex": list(sex),
        "age_group": [AGES[a] for a in age],
        "base_weight": list(np.round(rng.uniform(0.5, 2.0, n), 4)),
        "q_trust": [LIKERT[v] for v in likert],
        "q_score": [None if m else float(v + 1) for v, m in zip(likert, missing, strict=True)],
        "q_income": [None if m else float(v) for v, m in zip(income, missing[::-1], strict=True)],
        "q_opt_roads": list((rng.random(n) < 0.45 + 0.1 * urban).astype(float)),
        "q_opt_health": list((rng.random(n) < 0.35).astype(float)),
    }


def make_spec(population: int = 3_149_882) -> dict:
    margins = {
        "sex": {"nam": round(population * 0.505), "nữ": population - round(population * 0.505)},
        "area": {"thành thị": round(population * 0.34), "nông thôn": population - round(population * 0.34)},
        "age_group": dict(
            zip(AGES, np.diff(np.round(np.cumsum([0, 0.13, 0.21, 0.2, 0.18, 0.15, 0.13]) * population)), strict=True)
        ),
    }
    margins["age_group"] = {k: float(v) for k, v in margins["age_group"].items()}
    agree = ["Đồng ý", "Rất đồng ý"]
    disagree = ["Không đồng ý", "Rất không đồng ý"]
    estimates = [
        {"id": "score", "stat": "mean", "var": "q_score"},
        {"id": "score_by_sex", "stat": "mean", "var": "q_score", "by": "sex"},
        {"id": "score_by_area", "stat": "mean", "var": "q_score", "by": "area"},
        {"id": "score_by_age", "stat": "mean", "var": "q_score", "by": "age_group"},
        {"id": "income", "stat": "mean", "var": "q_income"},
        {"id": "income_total", "stat": "total", "var": "q_income"},
        {"id": "trust", "stat": "proportion", "var": "q_trust"},
        {"id": "trust_by_area", "stat": "proportion", "var": "q_trust", "by": "area"},
        {"id": "top2", "stat": "ciprop", "var": "q_trust", "eq": agree, "method": "logit"},
        {"id": "top2_kg", "stat": "ciprop", "var": "q_trust", "eq": agree, "method": "beta"},
        {"id": "top2_wilson", "stat": "ciprop", "var": "q_trust", "eq": agree, "method": "wilson"},
        {"id": "top2_by_age", "stat": "ciprop", "var": "q_trust", "eq": agree, "by": "age_group"},
        {"id": "bottom2", "stat": "ciprop", "var": "q_trust", "eq": disagree},
        {"id": "roads", "stat": "mean", "var": "q_opt_roads"},
        {"id": "health", "stat": "mean", "var": "q_opt_health"},
        {"id": "roads_by_area", "stat": "ciprop", "var": "q_opt_roads", "by": "area"},
        {"id": "trust_x_area", "stat": "chisq", "rows": "q_trust", "cols": "area", "statistic": "F"},
        {
            "id": "net_trust",
            "stat": "contrast",
            "of": {"stat": "proportion", "var": "q_trust"},
            "coef": {"Đồng ý": 1, "Rất đồng ý": 1, "Không đồng ý": -1, "Rất không đồng ý": -1},
        },
        {"id": "sex_table", "stat": "table", "rows": "sex", "cols": "age_group"},
        {"id": "weights", "stat": "weights"},
    ]
    design = {
        "ids": ["commune"],
        "weights": "base_weight",
        "calibrate": {"method": "rake", "margins": margins, "epsilon": 1e-10, "maxit": 100},
    }
    return {"design": design, "estimates": estimates}


def bench_statistics(responses: int = 100_000, repeat: int = 3) -> dict:
    columns = make_responses(responses)
    spec = make_spec()
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        results = estimate(spec, columns)["results"]
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    assert len(results) == len(spec["estimates"]) == 20
    top2 = results["top2"]
    print(f"responses {responses:,}; 20 estimates; raking on sex × age group × urban/rural")
    print(f"statistics: best {min(times):.3f} s, all {', '.join(f'{t:.3f}' for t in times)} s")
    print(f"CPU time of this process: best {min(cpu):.3f} s (the machine's other work does not count)")
    print(
        f"top-2-box share {top2['estimate']:.4f} (CI {top2['ci'][0]:.4f}–{top2['ci'][1]:.4f}), "
        f"Kish deff_w {results['weights']['kish_deff']:.3f}, n_eff {results['weights']['n_eff']:.0f}"
    )
    return {
        "responses": responses,
        "estimates": 20,
        "stats_seconds": round(min(times), 3),
        "stats_seconds_all": [round(t, 3) for t in times],
        "stats_cpu_seconds": round(min(cpu), 3),
        "kish_deff": round(results["weights"]["kish_deff"], 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    figures = bench_statistics(args.responses, args.repeat)
    figures.update(
        {
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "target_stats_seconds": 2.0,
        }
    )
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
