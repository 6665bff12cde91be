"""Profile the Open311 POST hot path in-process (cProfile), on PostgreSQL like bench/intake.py.

    .venv/bin/python bench/profile_intake.py [--requests 600] [--top 30]

Creates a fresh database, then sends --requests reports through Django's WSGI handler in this one
process (no network, no gunicorn: only the application's own work), the same bodies as the intake
bench. Prints the functions that cost most (cumulative), then the application CPU per report with
and without the profiler, and for the trivial health view in the same run (the framework's floor);
last line one JSON object. docs/open311.md has what was found and changed.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _load_intake_bench():
    """The intake bench's database helpers and request bodies (bench/ is not a package, and putting
    it on sys.path would shadow the search app with bench/search.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("intake_bench", ROOT / "bench" / "intake.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


intake = _load_intake_bench()


def setup_django(pg, database, var_dir="/tmp/profile-intake"):
    """Django in production settings on a private database (bench/profile_surveys.py uses it too)."""
    os.environ.update(
        DEBUG="0",
        TESTING="0",
        SECRET_KEY="profile-" + uuid.uuid4().hex,
        ALLOWED_HOSTS="127.0.0.1,testserver",
        DATABASE_URL=f"{pg}/{database}",
        LOG_LEVEL="WARNING",
    )
    os.environ.setdefault("VAR_DIR", var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--database", default="langnghe_profile_intake")
    parser.add_argument("--queries", action="store_true", help="print the SQL of one report and stop")
    args = parser.parse_args()
    pg = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    intake.recreate_database(pg, args.database)
    setup_django(pg, args.database)
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_reference_data", verbosity=0)
    from opinions.models import ApiKey

    key = ApiKey.issue("profile", collects_consent=True)[1]
    client = Client(HTTP_HOST="127.0.0.1")

    def post(seq):
        response = client.post(
            "/open311/v2/requests.json",
            intake.body_for(key, 0, seq),
            content_type="application/x-www-form-urlencoded; charset=utf-8",
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        )
        assert response.status_code == 200, response.content[:300]

    for seq in range(20):  # warm: boundaries, templates, connections
        post(seq)
    if args.queries:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            post(999_999)
        for query in captured.captured_queries:
            print(query["sql"][:300])
        print(json.dumps({"queries_per_report": len(captured.captured_queries)}))
        intake.drop_database(pg, args.database)
        return
    started = time.process_time()
    for seq in range(args.requests):
        post(1000 + seq)
    plain_ms = (time.process_time() - started) * 1000 / args.requests
    started = time.process_time()
    for _ in range(args.requests):
        client.get("/suc-khoe/")
    trivial_ms = (time.process_time() - started) * 1000 / args.requests
    profiler = cProfile.Profile(time.process_time)  # CPU, not wall: the machine may be shared
    profiler.enable()
    for seq in range(args.requests):
        post(100000 + seq)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())
    intake.drop_database(pg, args.database)
    figures = {
        "requests": args.requests,
        "app_cpu_ms_per_report_in_process": round(plain_ms, 2),
        "trivial_view_cpu_ms": round(trivial_ms, 2),
        "ratio_report_to_trivial": round(plain_ms / trivial_ms, 1) if trivial_ms else None,
        "load_average": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
