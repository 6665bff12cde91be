"""Benchmark of the surveys: the design-based statistics of 100,000 responses.

    .venv/bin/python bench/surveys.py [--responses 100000] [--repeat 3]

bench_statistics(): 100,000 synthetic responses (124 communes as clusters, base weights, sex, six
age groups, urban/rural, a 5-point Likert answer, a select-multiple option, a number), weights raked
on three margins (sex, age group, urban/rural; epsilon 1e-10), then 20 estimates in one SPEC: means,
totals, proportions with logit intervals, Korn–Graubard and Wilson intervals, domain estimates by sex
and by area, a Rao–Scott F test, a net-score contrast and the weights' summary. The time is that of
analysis.survey.estimate(spec, columns) on Python lists, as the surveys app calls it (best of --repeat).
Target on this machine: < 2 s. The last line is one JSON object with the figures and the conditions.

bench_respondents(): --respondents concurrent-ish respondents (default 200) answer a 30-question
survey through the production server (gunicorn, DEBUG=0, on a fresh PostgreSQL database
ln_surveys_bench, as bench/intake.py starts one): each opens its invitation link (GET, for the CSRF
token), then submits the page (POST, timed). Accepted = answered with the redirect to the thank-you
page; afterwards the completed responses in the database are counted (lost = accepted − stored).
Targets: ≥ 200 responses/s, p99 < 250 ms, lost 0. --no-web runs the statistics only.
Without --rate the 200 clients are a closed loop (each starts its next respondent at once): the
rate is the server's capacity and the latency is mostly the queue (Little: p50 ≈ 200 / rate).
--rate R starts R respondents per second (open arrivals, as real respondents who take minutes to
fill the page): the latency is then the service time at that offered load.
Each response is one GET and one POST (CPU per response counts both: gunicorn's processes and
PostgreSQL's backends). The same clients then ask the trivial health view (/suc-khoe/) of the same
server as many times: its rate and the ratio of the two read a figure taken on a loaded machine.
The last line is one JSON object (responses_per_second, p99_ms, lost, stats_seconds, the ratio
against the trivial view, shared_buffers, CPU per response, load average before and after).
"""

import argparse
import asyncio
import json
import os
import platform
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.survey import estimate  # noqa: E402
from bench.intake import (  # noqa: E402
    drop_database,
    process_cpu_seconds,
    recreate_database,
    run,
    server_pids,
    wait_until_up,
)

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
# The 30 questions of the benchmark survey: 10 single choice, 5 Likert, 5 numbers with a constraint,
# 5 multiple choice, 5 short texts (one section, as most opinion questionnaires on a phone).
SETUP = """
from surveys.models import Invitation
from surveys.services import create_survey, open_survey
five = [{"name": str(i), "label": f"Lựa chọn {i}"} for i in range(1, 6)]
qs = []
for i in range(10):
    qs.append({"type": "select_one", "name": f"c{i}", "label": f"Câu chọn một {i}", "required": True, "choices": five})
for i in range(5):
    qs.append({"type": "likert", "name": f"l{i}", "label": f"Mức độ đồng ý {i}", "required": True, "choices": five})
for i in range(5):
    qs.append({"type": "integer", "name": f"n{i}", "label": f"Số {i}", "constraint": ". >= 0 and . <= 100"})
for i in range(5):
    qs.append({"type": "select_multiple", "name": f"m{i}", "label": f"Chọn nhiều {i}", "choices": five})
for i in range(5):
    qs.append({"type": "text", "name": f"t{i}", "label": f"Ý kiến {i}", "relevant": f"${{c{i}}} != '5'"})
survey = create_survey({"title": "Khảo sát thử tải", "sections": [{"name": "p1", "title": "Phần 1", "questions": qs}]},
                       allow_public_link=False)
open_survey(survey)
tokens = [Invitation(survey=survey, email=f"b{i}@example.invalid") for i in range(COUNT)]
Invitation.objects.bulk_create(tokens, batch_size=2000)
print("\\n".join(Invitation.objects.filter(survey=survey).values_list("token", flat=True)))
"""

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


SUBMISSION_KEY = re.compile(rb'name="submission_key" value="([0-9a-f]+)"')


def key_of(page: bytes) -> str:
    """The page's one-use submission key (a retry with it is recognised, not stored twice)."""
    found = SUBMISSION_KEY.search(page)
    return found.group(1).decode() if found else ""


def answer_body(csrf_token: str, submission_key: str = "") -> bytes:
    pairs = [("csrfmiddlewaretoken", csrf_token), ("submission_key", submission_key), ("action", "next")]
    for i in range(10):
        pairs.append((f"c{i}", str(random.randint(1, 5))))
    for i in range(5):
        pairs += [(f"l{i}", str(random.randint(1, 5))), (f"n{i}", str(random.randint(0, 100)))]
        pairs += [(f"m{i}", str(k)) for k in random.sample(range(1, 6), random.randint(0, 3))]
        pairs.append((f"t{i}", random.choice(["", "Cần cải thiện đường sá", "Thủ tục nhanh hơn trước"])))
    return urllib.parse.urlencode(pairs).encode()


async def exchange(conn, port, head: str, body: bytes = b""):
    """One HTTP/1.1 request: (status, headers list, body). gunicorn's sync workers close the
    connection after each response, so it is opened again whenever the server said so."""
    if conn.get("writer") is None:
        conn["reader"], conn["writer"] = await asyncio.open_connection("127.0.0.1", port)
    reader, writer = conn["reader"], conn["writer"]
    writer.write(head.encode() + body)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    headers, length = [], 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers.append((name.strip().lower(), value.strip()))
        if name.strip().lower() == "content-length":
            length = int(value)
    payload = await reader.readexactly(length)
    if ("connection", "close") in [(k, v.lower()) for k, v in headers]:
        writer.close()
        conn["writer"] = None
    return int(status_line.split()[1]), headers, payload


async def respondent(port, tokens, results, schedule):
    """One respondent after another: open the invitation (GET), submit the page (POST, timed).
    With a rate, each starts at its slot of the schedule (arrivals at a steady pace)."""
    conn = {}
    host = f"Host: 127.0.0.1:{port}\r\nConnection: keep-alive\r\n"
    while tokens:
        path = f"/khao-sat/moi/{tokens.pop()}/"
        if schedule["rate"]:
            slot = schedule["start"] + schedule["next"] / schedule["rate"]
            schedule["next"] += 1
            await asyncio.sleep(max(0.0, slot - time.monotonic()))
        try:
            status, headers, page = await exchange(conn, port, f"GET {path} HTTP/1.1\r\n{host}\r\n")
            cookie = next(v.split(";")[0] for k, v in headers if k == "set-cookie" and v.startswith("csrftoken="))
            body = answer_body(CSRF.search(page).group(1).decode(), key_of(page))
            head = (
                f"POST {path} HTTP/1.1\r\n{host}Content-Type: application/x-www-form-urlencoded\r\n"
                f"Cookie: {cookie}\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            started = time.perf_counter()
            status, headers, _ = await exchange(conn, port, head, body)
            elapsed = (time.perf_counter() - started) * 1000
        except (ConnectionError, OSError, asyncio.IncompleteReadError, StopIteration, AttributeError) as error:
            results["errors"].append(repr(error)[:200])
            if conn.get("writer") is not None:
                conn["writer"].close()
            conn["writer"] = None
            continue
        if status == 302 and any(k == "location" and v.endswith("/da-gui/") for k, v in headers):
            results["latencies"].append(elapsed)
        else:
            results["errors"].append(f"HTTP {status}")
    if conn.get("writer") is not None:
        conn["writer"].close()


async def trivial_client(port, remaining, results):
    """The reference: the same clients asking the trivial health view of the same server (timed GET)."""
    conn = {}
    head = f"GET /suc-khoe/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: keep-alive\r\n\r\n"
    while remaining:
        remaining.pop()
        started = time.perf_counter()
        try:
            status, _, _ = await exchange(conn, port, head)
        except (ConnectionError, OSError, asyncio.IncompleteReadError):
            conn["writer"] = None
            results["errors"].append("connection")
            continue
        results["latencies" if status == 200 else "errors"].append((time.perf_counter() - started) * 1000)
    if conn.get("writer") is not None:
        conn["writer"].close()


async def trivial_all(port, count, clients):
    results, remaining = {"latencies": [], "errors": []}, list(range(count))
    started = time.monotonic()
    await asyncio.gather(*(trivial_client(port, remaining, results) for _ in range(clients)))
    return results, time.monotonic() - started


def percentile(values, share):
    values = sorted(values)
    return round(values[max(0, int(len(values) * share) - 1)], 1) if values else None


def postgres_cpu_seconds(pg, database):
    """CPU of PostgreSQL: the postmaster's finished children (cutime + cstime) and its live ones.

    The web processes connect per request (CONN_MAX_AGE 0), so backends come and go during the run."""
    import psycopg

    with psycopg.connect(f"{pg}/{database}") as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        postmaster = int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
    fields = Path(f"/proc/{postmaster}/stat").read_text().rsplit(")", 1)[1].split()
    finished = (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()
    return finished + process_cpu_seconds([postmaster, *map(int, children)])


def shared_buffers(pg, database):
    import psycopg

    with psycopg.connect(f"{pg}/{database}") as conn:
        return conn.execute("SHOW shared_buffers").fetchone()[0]


async def submit_all(port, tokens, clients, rate=0.0):
    results = {"latencies": [], "errors": []}
    started = time.monotonic()
    schedule = {"rate": rate, "start": started, "next": 0}
    await asyncio.gather(*(respondent(port, tokens, results, schedule) for _ in range(clients)))
    return results, time.monotonic() - started


def start_server(port, workers, env):
    command = [PYTHON, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--keep-alive", "30", "--log-level", "warning", "--backlog", "2048"]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def prepare(args, pg):
    env = {**os.environ, "DEBUG": "0", "TESTING": "0", "SECRET_KEY": "bench-" + uuid.uuid4().hex}
    env.update(ALLOWED_HOSTS="127.0.0.1", DATABASE_URL=f"{pg}/{args.database}", LOG_LEVEL="WARNING")
    env["VAR_DIR"] = tempfile.mkdtemp(prefix="bench-surveys-")
    recreate_database(pg, args.database)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)  # DEBUG=0 serves the manifest's names
    count = args.submissions + args.workers * 4
    output = run([PYTHON, "manage.py", "shell", "-c", SETUP.replace("COUNT", str(count))], env)
    return env, [word for word in output.split() if len(word) >= 20]  # the shell also says what it imported


def timed_runs(args, pg, server, tokens):
    """Warm-up, then the timed submissions and the trivial view with the same clients, CPU measured."""
    warm_count = args.workers * 4  # each worker loads Django and the survey once before the timed run
    wait_until_up(f"http://127.0.0.1:{args.port}/suc-khoe/")
    warm_up, _ = asyncio.run(submit_all(args.port, tokens[:warm_count], args.workers * 2))
    load_before = os.getloadavg()
    app_pids, _ = server_pids(server, pg, args.database)
    app_cpu, db_cpu = process_cpu_seconds(app_pids), postgres_cpu_seconds(pg, args.database)
    results, elapsed = asyncio.run(submit_all(args.port, tokens[warm_count:], args.respondents, args.rate))
    app_cpu, db_cpu = process_cpu_seconds(app_pids) - app_cpu, postgres_cpu_seconds(pg, args.database) - db_cpu
    trivial, trivial_elapsed = asyncio.run(trivial_all(args.port, args.submissions, args.respondents))
    return {
        "warm": len(warm_up["latencies"]),
        "results": results,
        "elapsed": elapsed,
        "trivial": trivial,
        "trivial_elapsed": trivial_elapsed,
        "cpu": (app_cpu, db_cpu),
        "load_before": load_before,
    }


def bench_respondents(args) -> dict:
    pg = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    env, tokens = prepare(args, pg)
    buffers = shared_buffers(pg, args.database)
    server = start_server(args.port, args.workers, env)
    try:
        runs = timed_runs(args, pg, server, tokens)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    load_after = os.getloadavg()
    stored = int(run([PYTHON, "manage.py", "shell", "-c", STORED], env).split()[-1]) - runs["warm"]
    drop_database(pg, args.database)
    results, elapsed = runs["results"], runs["elapsed"]
    accepted = len(results["latencies"])
    rate = accepted / elapsed if elapsed else 0
    trivial_rate = len(runs["trivial"]["latencies"]) / runs["trivial_elapsed"] if runs["trivial_elapsed"] else 0
    app_cpu, db_cpu = runs["cpu"]
    return {
        "respondents": args.respondents,
        "offered_rate": args.rate or None,
        "questions": 30,
        "accepted": accepted,
        "errors": len(results["errors"]),
        "first_error": results["errors"][0] if results["errors"] else None,
        "seconds": round(elapsed, 2),
        "responses_per_second": round(rate, 1),
        "p50_ms": percentile(results["latencies"], 0.5),
        "p99_ms": percentile(results["latencies"], 0.99),
        "stored": stored,
        "lost": max(0, accepted - stored),
        "workers": args.workers,
        "cpu_ms_per_response_app": round(app_cpu * 1000 / max(accepted, 1), 2),
        "cpu_ms_per_response_postgres": round(db_cpu * 1000 / max(accepted, 1), 2),
        "trivial_requests_per_second": round(trivial_rate, 1),
        "trivial_p99_ms": percentile(runs["trivial"]["latencies"], 0.99),
        "ratio_responses_to_trivial": round(rate / trivial_rate, 3) if trivial_rate else None,
        "shared_buffers": buffers,
        "load_average_before": round(runs["load_before"][0], 2),
        "load_average_after": round(load_after[0], 2),
    }


STORED = "from surveys.models import Response; print(Response.objects.filter(status='complete').count())"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--respondents", type=int, default=200, help="concurrent respondents")
    parser.add_argument("--submissions", type=int, default=4000, help="responses submitted in the timed run")
    parser.add_argument(
        "--rate",
        type=float,
        default=0.0,
        help="respondents starting per second (0: each client starts the next as soon as it is done)",
    )
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "5")))
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--database", default="ln_surveys_bench")
    parser.add_argument("--no-web", action="store_true", help="the statistics only")
    args = parser.parse_args()
    figures = bench_statistics(args.responses, args.repeat)
    if not args.no_web:
        web = bench_respondents(args)
        print(
            f"{web['accepted']} phiếu trong {web['seconds']} s: {web['responses_per_second']} phiếu/s, "
            f"p50 {web['p50_ms']} ms, p99 {web['p99_ms']} ms; lưu {web['stored']}, mất {web['lost']}"
        )
        figures.update(web)
        figures.update({"target_responses_per_second": 200, "target_p99_ms": 250})
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
