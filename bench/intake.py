"""Intake benchmark: N concurrent clients POST reports through Open311 to a production-like server.

    .venv/bin/python bench/intake.py [--clients 20] [--requests 4000] [--duration 30]

Starts the server as in production: gunicorn, DEBUG=0 with SECRET_KEY and ALLOWED_HOSTS set, on a
fresh PostgreSQL database (migrate, load_reference_data, `open311_key create`). The clients send
form-encoded POSTs with a point (placed in its commune) and an Idempotency-Key over keep-alive
connections, stop after --requests reports or --duration seconds, whichever comes first. Then the
script counts the signals stored for the benchmark's key and compares them with the accepted ones.
It prints accepted reports per second, p50 and p99 latency; its last line is one JSON object.
PostgreSQL: BENCH_PG (default postgres://postgres@127.0.0.1:5432); only 127.0.0.1 addresses.
"""

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Real places in the province (lat, long): Đà Lạt, Mũi Né, Phan Thiết, Bảo Lộc, Gia Nghĩa, Phú Quý.
POINTS = [(11.9404, 108.4452), (10.9333, 108.2870), (10.9289, 108.1021), (11.5480, 107.8077), (12.0046, 107.6906)]
SERVICES = ["moi-truong", "giao-thong-ha-tang", "quy-hoach-dat-dai", "y-te"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=4000, help="reports to send in all (upper bound)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of sending (upper bound)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "5")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", "1")))
    parser.add_argument("--worker-class", default="sync", choices=["gthread", "sync"])
    parser.add_argument("--port", type=int, default=8112)
    parser.add_argument("--database", default="langnghe_bench_intake")
    parser.add_argument("--keep-db", action="store_true", help="leave the database for inspection")
    return parser.parse_args()


def run(cmd, env):
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    if result.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def recreate_database(pg, name):
    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(pg, name):
    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_until_up(url, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"server did not answer at {url}")


def process_cpu_seconds(pids):
    """User + system CPU seconds of the given processes (Linux /proc), for the CPU cost per report."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def server_pids(server, pg, database):
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    with psycopg.connect(f"{pg}/{database}") as conn:
        backends = [r[0] for r in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [database])]
    return [server.pid, *map(int, children)], backends


def body_for(key, client, seq):
    lat, long = random.choice(POINTS)
    params = {
        "api_key": key,
        "service_code": random.choice(SERVICES),
        "lat": f"{lat + random.uniform(-0.001, 0.001):.6f}",
        "long": f"{long + random.uniform(-0.001, 0.001):.6f}",
        "description": f"Phản ánh thử tải số {seq} của máy khách {client}: rác thải tồn đọng, ngập nước.",
        "email": f"nguoidan{client}@example.invalid",
        "first_name": "Người",
        "last_name": f"Dân {client}",
        "allow_public": "true",
    }
    return urllib.parse.urlencode(params).encode()


async def post(reader, writer, port, body, idempotency_key):
    head = (
        f"POST /open311/v2/requests.json HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nIdempotency-Key: {idempotency_key}\r\nConnection: keep-alive\r\n\r\n"
    )
    writer.write(head.encode() + body)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length, keep_alive = 0, True
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "connection" and value.strip().lower() == "close":
            keep_alive = False
    payload = await reader.readexactly(length)
    return status, payload, keep_alive


async def client_loop(index, port, key, budget, stop_at, results):
    reader = writer = None
    seq = 0
    while time.monotonic() < stop_at and budget["left"] > 0:
        budget["left"] -= 1
        seq += 1
        body, idem = body_for(key, index, seq), str(uuid.uuid4())
        started = time.perf_counter()
        for attempt in range(3):  # a dropped keep-alive connection is retried with the same key
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                status, payload, keep_alive = await post(reader, writer, port, body, idem)
                break
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                writer = None
                if attempt == 2:
                    status, payload, keep_alive = 0, b"", False
        elapsed = (time.perf_counter() - started) * 1000
        if not keep_alive and writer is not None:
            writer.close()
            writer = None
        if status == 200:
            results["latencies"].append(elapsed)
            results["ids"].append(json.loads(payload)[0]["service_request_id"])
        else:
            results["errors"].append((status, payload[:200].decode(errors="replace")))
    if writer is not None:
        writer.close()


async def load(port, key, clients, count, duration):
    results = {"latencies": [], "ids": [], "errors": []}
    budget = {"left": count}
    started = time.monotonic()
    await asyncio.gather(*(client_loop(i, port, key, budget, started + duration, results) for i in range(clients)))
    return results, time.monotonic() - started


def main():
    args = parse_args()
    pg = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    var_dir = tempfile.mkdtemp(prefix="bench-intake-")
    env = {
        **os.environ,
        "DEBUG": "0",
        "TESTING": "0",
        "SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{pg}/{args.database}",
        "VAR_DIR": var_dir,
        "LOG_LEVEL": "WARNING",
    }
    print(f"Tạo cơ sở dữ liệu {args.database}, migrate, nạp danh mục…", flush=True)
    recreate_database(pg, args.database)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "load_reference_data"], env)
    warm_key = run([PYTHON, "manage.py", "open311_key", "create", "bench warm-up"], env).strip().splitlines()[-1]
    key = (
        run([PYTHON, "manage.py", "open311_key", "create", "bench", "--collects-consent"], env).strip().splitlines()[-1]
    )
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "cms.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            args.worker_class,
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{args.port}/suc-khoe/")
        # Warm-up with another key: every worker loads the commune boundaries once.
        asyncio.run(load(args.port, warm_key, args.clients, args.workers * args.threads * 4, 30))
        load_avg = os.getloadavg()
        print(
            f"Gửi: {args.clients} máy khách, tối đa {args.requests} phản ánh hoặc {args.duration:g} s; "
            f"gunicorn {args.workers} worker × {args.threads} luồng; tải máy trước khi chạy {load_avg[0]:.1f}",
            flush=True,
        )
        app_pids, db_pids = server_pids(server, pg, args.database)
        app_cpu, db_cpu, client_cpu = process_cpu_seconds(app_pids), process_cpu_seconds(db_pids), time.process_time()
        results, elapsed = asyncio.run(load(args.port, key, args.clients, args.requests, args.duration))
        app_cpu = process_cpu_seconds(app_pids) - app_cpu
        db_cpu = process_cpu_seconds(db_pids) - db_cpu
        client_cpu = time.process_time() - client_cpu
        load_after = os.getloadavg()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    with psycopg.connect(f"{pg}/{args.database}") as conn:
        stored_ids = {
            row[0]
            for row in conn.execute(
                "SELECT s.tracking_code FROM opinions_signal s JOIN opinions_apisubmission a ON a.signal_id = s.id "
                "JOIN opinions_apikey k ON k.id = a.api_key_id WHERE k.name = 'bench'"
            )
        }
    if not args.keep_db:
        drop_database(pg, args.database)
    latencies = sorted(results["latencies"])
    accepted = len(results["ids"])
    lost = len(set(results["ids"]) - stored_ids)
    summary = {
        "clients": args.clients,
        "accepted": accepted,
        "errors": len(results["errors"]),
        "seconds": round(elapsed, 2),
        "accepted_per_second": round(accepted / elapsed, 1) if elapsed else 0,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 1) if latencies else None,
        "stored": len(stored_ids),
        "lost": lost,
        "stored_equals_accepted": len(stored_ids) == accepted and lost == 0,
        "workers": args.workers,
        "threads": args.threads,
        "worker_class": args.worker_class,
        "load_average_1min_before": round(load_avg[0], 2),
        "load_average_1min_after": round(load_after[0], 2),
        # CPU spent per accepted report by the web workers, PostgreSQL and the clients: what the
        # machine could take if the benchmark had both cores to itself (shared machine, see --help).
        "app_cpu_ms_per_report": round(app_cpu * 1000 / accepted, 2) if accepted else None,
        "db_cpu_ms_per_report": round(db_cpu * 1000 / accepted, 2) if accepted else None,
        "client_cpu_ms_per_report": round(client_cpu * 1000 / accepted, 2) if accepted else None,
        "reports_per_second_if_cores_were_free": (
            round(os.cpu_count() * 1000 / ((app_cpu + db_cpu + client_cpu) * 1000 / accepted), 1) if accepted else None
        ),
        "cpus": os.cpu_count(),
    }
    if results["errors"]:
        print("Lỗi đầu tiên:", results["errors"][0])
    print(
        f"Tiếp nhận {accepted} phản ánh trong {elapsed:.1f} s: {summary['accepted_per_second']} phản ánh/s, "
        f"p50 {summary['p50_ms']} ms, p99 {summary['p99_ms']} ms; lưu {summary['stored']}, mất {lost}."
    )
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
