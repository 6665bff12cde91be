"""Profile the survey submit path in-process (cProfile, SQL count), on PostgreSQL like bench/surveys.py.

    .venv/bin/python bench/profile_surveys.py [--responses 300] [--top 30] [--queries]

Creates a fresh database and the 30-question survey of bench/surveys.py, then answers it through
Django's WSGI handler in this one process (no network, no gunicorn: only the application's work):
each respondent opens the invitation (GET) and submits it (POST). Prints the functions that cost
most, the statements of one submission (--queries), the application CPU per GET and per POST and
for the trivial health view in the same run; last line one JSON object.
"""

import argparse
import cProfile
import importlib.util
import io
import json
import os
import pstats
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _load(name):
    """A bench module by path (bench/ is not a package; bench/search.py would shadow the search app)."""
    spec = importlib.util.spec_from_file_location(f"{name}_bench", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


surveys_bench = _load("surveys")
intake = _load("intake")
profile_intake = _load("profile_intake")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def tokens(count):
    out = io.StringIO()
    code = surveys_bench.SETUP.replace("COUNT", str(count))
    saved, sys.stdout = sys.stdout, out
    try:
        exec(code, {})  # noqa: S102 - the bench's own setup code
    finally:
        sys.stdout = saved
    return out.getvalue().split()


def answer(client, token):
    """One respondent (fresh cookies): open the invitation (GET), submit it (POST)."""
    client.cookies.clear()
    path = f"/khao-sat/moi/{token}/"
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    body = surveys_bench.answer_body(CSRF.search(page.content.decode()).group(1), surveys_bench.key_of(page.content))
    response = client.post(path, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302, (response.status_code, response.content[:400])


def timed(label, function, count):
    started = time.process_time()
    for _ in range(count):
        function()
    return round((time.process_time() - started) * 1000 / count, 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=300)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--database", default="langnghe_profile_surveys")
    parser.add_argument("--queries", action="store_true", help="print the SQL of one GET and one POST")
    args = parser.parse_args()
    pg = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    intake.recreate_database(pg, args.database)
    profile_intake.setup_django(pg, args.database, var_dir="/tmp/profile-surveys")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG=0 serves the manifest's names
    pool = tokens(3 * args.responses + 30)
    client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)  # one handler, as one worker
    for _ in range(10):  # warm: templates, connections, the built survey
        answer(client, pool.pop())
    try:
        if args.queries:
            with CaptureQueriesContext(connection) as captured:
                answer(client, pool.pop())
            for query in captured.captured_queries:
                print(query["sql"][:240])
            print(json.dumps({"statements_per_respondent": len(captured.captured_queries)}))
            return
        started = time.process_time()
        for _ in range(args.responses):
            answer(client, pool.pop())
        respondent_ms = (time.process_time() - started) * 1000 / args.responses
        client.cookies.clear()
        trivial_ms = timed("trivial", lambda: client.get("/suc-khoe/"), args.responses)
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(args.responses):
            answer(client, pool.pop())
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
        print(out.getvalue())
        figures = {
            "responses": args.responses,
            "cpu_ms_per_respondent_get_and_post": round(respondent_ms, 2),
            "trivial_view_cpu_ms": trivial_ms,
            "ratio_respondent_to_trivial": round(respondent_ms / trivial_ms, 1) if trivial_ms else None,
            "load_average": round(os.getloadavg()[0], 2),
        }
        print(json.dumps(figures))
    finally:
        connection.close()
        intake.drop_database(pg, args.database)


if __name__ == "__main__":
    main()
