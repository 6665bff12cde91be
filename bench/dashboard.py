"""Dashboard at scale: 1,000,000 signals and 200,000 cases over two years on PostgreSQL.

Generates the rows with COPY (psycopg) into a database of its own (default ln_dashboard_bench, made
and migrated here if missing; the rows are made once and reused), then times:
- each dashboard panel (reports/dashboard.py) for the office and for a unit's handler, "cold" (the
  first run of a period never asked before, in a fresh connection) and "warm" (the same again), over
  several 30-day periods: p95 per panel;
- the whole first screen (GET /admin/tong-quan/ through Django's test client) for both users;
- the monthly report as DOCX (report_data + build_report_docx).
Targets on this machine: every panel p95 < 300 ms cold, the screen < 1 s, the report < 15 s.
Last line: one JSON object (panel_p95_ms, screen_ms, report_s, signals).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ln_dashboard_bench python bench/dashboard.py \
        [--signals 1000000] [--cases 200000] [--periods 6]
"""

import argparse
import datetime
import io
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ln_dashboard_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from opinions import access  # noqa: E402
from opinions.models import Area, Case, Field, Signal, StaffProfile, Unit  # noqa: E402
from reports import dashboard  # noqa: E402
from reports.filters import read_filters  # noqa: E402
from reports.periodic import parse_period, report_data  # noqa: E402
from reports.periodic_docx import build_report_docx  # noqa: E402

CHANNELS = ["web", "hotline", "online", "collaborator", "press", "open311", "email"]
KINDS = ["report", "proposal", "opinion", "complaint"]
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _defaults(table):
    """Values for the NOT NULL columns the generator does not set (by type)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL",
            [table],
        )
        rows = cursor.fetchall()
    by_type = {"boolean": False, "integer": 0, "smallint": 0, "double precision": 0.0, "jsonb": "{}"}
    return {name: by_type.get(kind, "") for name, kind in rows if name != "id"}


def _copy(table, columns, rows):
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def generate(n_signals, n_cases, seed=16):
    rng = random.Random(seed)
    now = timezone.now()
    span = 730 * 86400
    fields = list(Field.objects.values_list("pk", flat=True))
    areas = list(Area.objects.communes().values_list("pk", flat=True))
    units = list(Unit.objects.filter(kind=Unit.Kind.COMMUNE_COMMITTEE).values_list("pk", flat=True))
    statuses = ["assigned", "in_progress", "answered", "closed", "closed", "answered"]
    base = _defaults("opinions_case")
    columns = sorted(set(base) | {"code", "title", "field_id", "area_id", "assigned_unit_id", "status"})
    columns += ["deadline", "assigned_at", "answered_at"]
    started = time.perf_counter()

    def cases():
        for i in range(n_cases):
            assigned = now - datetime.timedelta(seconds=rng.randrange(span))
            status = rng.choice(statuses)
            answered = (
                assigned + datetime.timedelta(days=rng.randint(1, 20)) if status in ("answered", "closed") else None
            )
            row = dict(base, code=f"B-{i:08d}", title=f"Vụ việc {i}", field_id=rng.choice(fields))
            row.update(area_id=rng.choice(areas), assigned_unit_id=rng.choice(units), status=status)
            row.update(created_at=assigned, updated_at=assigned, kind=rng.choice(KINDS), urgency="normal")
            yield [row[c] for c in columns[:-3]] + [(assigned + datetime.timedelta(days=15)).date(), assigned, answered]

    _copy("opinions_case", columns, cases())
    first_case = Case.objects.order_by("pk").values_list("pk", flat=True).first()
    base = _defaults("opinions_signal")
    columns = sorted(set(base) | {"tracking_code", "channel", "kind", "status", "text", "received_at"})
    columns += ["field_id", "area_id", "case_id"]

    def signals():
        for i in range(n_signals):
            received = now - datetime.timedelta(seconds=rng.randrange(span))
            row = dict(base, tracking_code=f"B-{i:09d}", channel=rng.choice(CHANNELS), kind=rng.choice(KINDS))
            row.update(status="attached", text="Ý kiến thử nghiệm tốc độ", received_at=received)
            row.update(created_at=received, updated_at=received, urgency="normal")
            case = first_case + rng.randrange(n_cases) if rng.random() < 0.7 else None
            yield [row[c] for c in columns[:-3]] + [rng.choice(fields), rng.choice(areas), case]

    _copy("opinions_signal", columns, signals())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE opinions_signal; ANALYZE opinions_case;")
    return time.perf_counter() - started


def users():
    User = get_user_model()
    office, _ = User.objects.get_or_create(username="bench-office")
    office.groups.add(Group.objects.get(name=access.OFFICE_GROUP))
    handler, _ = User.objects.get_or_create(username="bench-handler")
    handler.groups.add(Group.objects.get(name=access.HANDLER_GROUP))
    unit = Unit.objects.filter(kind=Unit.Kind.COMMUNE_COMMITTEE).order_by("pk").first()
    StaffProfile.objects.get_or_create(user=handler, defaults={"unit": unit})
    return {"office": User.objects.get(pk=office.pk), "handler": User.objects.get(pk=handler.pk)}


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def time_panels(people, periods):
    today = timezone.localdate()
    cold, warm = {}, {}
    for k in range(periods):
        end = today - datetime.timedelta(days=37 * k)
        params = {
            "ky": "khac",
            "tu": (end - datetime.timedelta(days=29)).strftime("%d/%m/%Y"),
            "den": end.strftime("%d/%m/%Y"),
        }
        f = read_filters(params)
        for user in people.values():
            connection.close()  # a fresh connection: nothing prepared or cached on the client side
            for phase in (cold, warm):
                for key, function in dashboard.PANELS.items():
                    started = time.perf_counter()
                    function(user, f)
                    phase.setdefault(key, []).append(1000 * (time.perf_counter() - started))
    return {k: round(p95(v), 1) for k, v in cold.items()}, {k: round(p95(v), 1) for k, v in warm.items()}


def time_screen(people):
    result = {}
    for who, user in people.items():
        client = Client()
        client.force_login(user)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            response = client.get("/admin/tong-quan/", HTTP_HOST="localhost")
            times.append(1000 * (time.perf_counter() - started))
            assert response.status_code == 200, response.status_code
        result[who] = {"first_ms": round(times[0], 1), "warm_ms": round(min(times[1:]), 1)}
    return result


def time_report():
    last = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    started = time.perf_counter()
    start, end, label = parse_period("month", f"{last.month}/{last.year}")
    content = build_report_docx(report_data("month", start, end, label))
    assert io.BytesIO(content).getbuffer().nbytes > 1000
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--periods", type=int, default=6)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        call_command("load_reference_data", verbosity=0)
    have = Signal.objects.filter(tracking_code__startswith="B-").count()
    generated = None
    if have < args.signals:
        Signal.objects.filter(tracking_code__startswith="B-").delete()
        Case.objects.filter(code__startswith="B-").delete()
        generated = round(generate(args.signals, args.cases), 1)
        print(f"generated {args.signals} signals and {args.cases} cases in {generated} s")
    people = users()
    cold, warm = time_panels(people, args.periods)
    print("panel p95 cold (ms):", cold)
    print("panel p95 warm (ms):", warm)
    screen = time_screen(people)
    print("first screen:", screen)
    report_s = round(time_report(), 2)
    print(f"monthly report DOCX: {report_s} s")
    load = os.getloadavg()[0]
    print(
        json.dumps(
            {
                "signals": Signal.objects.count(),
                "cases": Case.objects.count(),
                "panel_p95_ms": max(cold.values()),
                "panel_p95_warm_ms": max(warm.values()),
                "panels_cold_ms": cold,
                "screen_ms": max(s["first_ms"] for s in screen.values()),
                "screen": screen,
                "report_s": report_s,
                "generate_s": generated,
                "load_average": round(load, 2),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
