"""Benchmark of the database search backend on PostgreSQL with 1,000,000 signals.

    .venv/bin/python bench/search.py [--signals 1000000] [--queries 200] [--reuse]

Builds a fresh database (default langnghe_bench_search on postgres://postgres@127.0.0.1:5432),
migrates it, loads the reference data, then loads the signals with COPY: each signal is 2 to 4
real Vietnamese sentences recombined from the VNTC news corpus in ../shared/data/vi-text/vntc/
(read from there, never copied into the project), with a random field, area, channel, kind,
status, date and (for half of them) handling unit. The search documents are built with the same
normaliser as the application (search.text.index_forms) and loaded with COPY (its row trigger
off); the narrow match table search_match and its GIN index are then built in one pass
(search.pg_match.rebuild, the same SQL function as the trigger). Then it runs the queries
through search.service.search() (the whole path the pages use: backend query, count, facet
counts, loading the documents, highlighting): a quarter each with diacritics / without, with
facets (a field filter and counts per facet) / without.

Prints p50/p95 latency per query type and overall, the index and table sizes; the last line is
one JSON object with signals, queries, p50_ms, p95_ms, index_mb (GIN of search_match), table_mb
(search_match with its indexes), documents_mb (search_searchdocument, the display text).
"""

import argparse
import datetime as dt
import gzip
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = (ROOT / ".." / "shared" / "data" / "vi-text" / "vntc").resolve()
if not DATA.is_dir():
    DATA = Path("/work/shared/data/vi-text/vntc")
SENTENCE = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"[^\W\d_]{2,}")


def parse():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", default="langnghe_bench_search")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded bench database")
    return parser.parse_args()


def sentences(limit=400_000):
    pool = []
    for name in ("train_full.jsonl.gz", "test_full.jsonl.gz"):
        with gzip.open(DATA / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                for sentence in SENTENCE.split(json.loads(line)["text"]):
                    sentence = " ".join(sentence.split())
                    if 40 <= len(sentence) <= 260:
                        pool.append(sentence)
                if len(pool) >= limit:
                    return pool
    return pool


def prepare_database(args):
    import psycopg

    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]).fetchone()
        if exists and not args.reuse:
            conn.execute(f'DROP DATABASE "{args.db}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{args.db}"')
    os.environ["DATABASE_URL"] = f"{args.server}/{args.db}"
    os.environ.setdefault("DEBUG", "1")
    os.environ["VAR_DIR"] = os.environ.get("VAR_DIR", "/tmp/langnghe-bench-var")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from opinions.reference import load_reference_data

    load_reference_data()


def generate(pool, n, seed, choices):
    """The bench signals, reproducibly: (id, title, text, field, area, unit, channel, kind, status, date)."""
    rng = random.Random(seed)
    start = dt.datetime(2024, 7, 1, tzinfo=dt.UTC)
    span = 2 * 365 * 24 * 3600
    for i in range(1, n + 1):
        parts = rng.sample(pool, rng.randint(2, 4))
        title = parts[0][:120]
        yield (
            i,
            title,
            " ".join(parts[1:]),
            rng.choice(choices["field"]),
            rng.choice(choices["area"]),
            rng.choice(choices["unit"]) if rng.random() < 0.5 else None,
            rng.choice(choices["channel"]),
            rng.choice(choices["kind"]),
            rng.choice(choices["status"]),
            start + dt.timedelta(seconds=rng.randrange(span)),
        )


def load(args, pool):
    from django.db import connection

    from opinions.models import Area, Channel, Field, Signal, SignalKind, Unit
    from search import pg_match
    from search.text import index_forms

    choices = {
        "field": list(Field.objects.values_list("pk", flat=True)),
        "area": list(Area.objects.filter(kind__in=["commune", "ward", "special_zone"]).values_list("pk", flat=True)),
        "unit": list(Unit.objects.values_list("pk", flat=True)),
        "channel": Channel.values,
        "kind": SignalKind.values,
        "status": [Signal.Status.NEW, Signal.Status.CLASSIFIED, Signal.Status.ATTACHED],
    }
    connection.ensure_connection()
    raw = connection.connection
    now = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    with raw.cursor() as cur:
        cur.execute("TRUNCATE opinions_signal, search_searchdocument RESTART IDENTITY CASCADE")
        with cur.copy(
            "COPY opinions_signal (id, created_at, updated_at, tracking_code, channel, kind, status, title, text,"
            " received_at, address, urgency, source_url, reporter_name, reporter_phone, reporter_email,"
            " consent_personal_data, allow_public, field_id, area_id, rating, rating_comment, status_note) FROM STDIN"
        ) as copy:
            for i, title, text, field, area, _unit, channel, kind, status, date in generate(
                pool, args.signals, 42, choices
            ):
                copy.write_row(
                    (
                        i,
                        now,
                        now,
                        f"LD-B{i:08d}",
                        channel,
                        kind,
                        status,
                        title,
                        text,
                        date,
                        "",
                        "normal",
                        "",
                        "",
                        "",
                        "",
                        False,
                        False,
                        field,
                        area,
                        "",
                        "",
                        "",
                    )
                )
        print(f"signals copied: {args.signals} in {time.perf_counter() - t0:.0f} s", flush=True)
        t1 = time.perf_counter()
        # search_match is filled in one pass afterwards (pg_match.rebuild), not row by row.
        cur.execute("ALTER TABLE search_searchdocument DISABLE TRIGGER search_match_sync")
        with cur.copy(
            "COPY search_searchdocument (id, kind, object_id, title, text, url, norm, folded, is_public, unit_id,"
            " field_id, area_id, signal_kind, status, channel, date, updated_at) FROM STDIN"
        ) as copy:
            for i, title, text, field, area, unit, channel, kind, status, date in generate(
                pool, args.signals, 42, choices
            ):
                norm, folded = index_forms(f"{title}\n{text}")
                copy.write_row(
                    (
                        i,
                        "signal",
                        i,
                        title,
                        text,
                        f"/admin/dlxh/thong-tin/inspect/{i}/",
                        norm,
                        folded,
                        False,
                        unit,
                        field,
                        area,
                        kind,
                        status,
                        channel,
                        date,
                        now,
                    )
                )
        cur.execute("ALTER TABLE search_searchdocument ENABLE TRIGGER search_match_sync")
        print(f"search documents copied in {time.perf_counter() - t1:.0f} s", flush=True)
        for table in ("opinions_signal", "search_searchdocument"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [args.signals])
        t2 = time.perf_counter()
        rows = pg_match.rebuild(cur)
        print(f"match table ({rows} rows) and its GIN index built in {time.perf_counter() - t2:.0f} s", flush=True)
    raw.commit()
    raw.autocommit = True
    with raw.cursor() as cur:
        for table in ("search_searchdocument", "search_match", "opinions_signal"):
            cur.execute(f"VACUUM ANALYZE {table}")


def make_queries(pool, n, seed=7):
    from opinions.models import Field
    from search.text import strip_diacritics

    rng = random.Random(seed)
    fields = list(Field.objects.values_list("pk", flat=True))
    queries = []
    while len(queries) < n:
        found = WORD.findall(rng.choice(pool))
        if len(found) < 4:
            continue
        size = rng.choice([2, 2, 3])  # a Vietnamese word is mostly two syllables
        at = rng.randrange(0, len(found) - size)
        text = " ".join(found[at : at + size]).lower()
        kind = len(queries) % 4
        folded = kind in (1, 3)
        faceted = kind in (2, 3)
        queries.append(
            {
                "q": strip_diacritics(text) if folded else text,
                "diacritics": not folded,
                "facets": faceted,
                "filters": {"field": rng.choice(fields)} if faceted else {},
            }
        )
    return queries


def run_queries(queries):
    from django.contrib.auth import get_user_model

    from search import service

    user = get_user_model().objects.filter(is_superuser=True).first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench", "bench@example.vn", "bench-password-2026")
    for q in queries[:10]:  # warm the caches once
        service.search(q["q"], user=user, filters=q["filters"], facets=q["facets"])
    timings = []
    for q in queries:
        t = time.perf_counter()
        results = service.search(q["q"], user=user, filters=q["filters"], facets=q["facets"])
        timings.append(((time.perf_counter() - t) * 1000, q, results.total))
    return timings


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    args = parse()
    prepare_database(args)
    from django.db import connection

    from opinions.models import Signal

    loaded = Signal.objects.count()
    print(f"loading sentences from {DATA}", flush=True)
    pool = sentences()
    print(f"{len(pool)} sentences", flush=True)
    if not (args.reuse and loaded == args.signals):
        load(args, pool)
    queries = make_queries(pool, args.queries)
    timings = run_queries(queries)
    all_ms = [t for t, _, _ in timings]
    for label, test in [
        ("with diacritics, no facets", lambda q: q["diacritics"] and not q["facets"]),
        ("without diacritics, no facets", lambda q: not q["diacritics"] and not q["facets"]),
        ("with diacritics, with facets", lambda q: q["diacritics"] and q["facets"]),
        ("without diacritics, with facets", lambda q: not q["diacritics"] and q["facets"]),
    ]:
        subset = [t for t, q, _ in timings if test(q)]
        print(f"{label:34s} n={len(subset):3d}  p50 {pct(subset, 50):7.1f} ms  p95 {pct(subset, 95):7.1f} ms")
    slow = sorted(timings, key=lambda item: -item[0])[:5]
    print("slowest:", "; ".join(f"{q['q']!r} ({total} hits) {t:.0f} ms" for t, q, total in slow))
    from search import pg_match

    with connection.cursor() as cur:
        index_bytes, table_bytes, documents_bytes = pg_match.sizes(cur)
        cur.execute("SELECT setting::bigint * 8192 FROM pg_settings WHERE name = 'shared_buffers'")
        shared_buffers = cur.fetchone()[0]
    hits = [total for _, _, total in timings]
    result = {
        "signals": Signal.objects.count(),
        "queries": len(timings),
        "backend": "database (PostgreSQL full-text)",
        "p50_ms": round(pct(all_ms, 50), 1),
        "p95_ms": round(pct(all_ms, 95), 1),
        "max_ms": round(max(all_ms), 1),
        "median_hits": statistics.median(hits),
        "index_mb": round(index_bytes / 2**20, 1),
        "table_mb": round(table_bytes / 2**20, 1),
        "documents_mb": round(documents_bytes / 2**20, 1),
        "cpus": os.cpu_count(),
        "shared_buffers_mb": round(shared_buffers / 2**20),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    if shared_buffers < index_bytes + table_bytes:
        # The matching reads the match table and its GIN index; from the OS cache each query of a
        # common word costs ~10,000 page copies. docs/deploy.md: PostgreSQL memory.
        print(
            f"Lưu ý: shared_buffers của PostgreSQL ({result['shared_buffers_mb']} MB) nhỏ hơn bảng tìm kiếm và "
            f"chỉ mục ({round((index_bytes + table_bytes) / 2**20)} MB); xem docs/deploy.md (bộ nhớ PostgreSQL)."
        )
    print(
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms over {len(timings)} queries; "
        f"GIN index {result['index_mb']} MB, match table with its indexes {result['table_mb']} MB, "
        f"document table (display text) {result['documents_mb']} MB"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
