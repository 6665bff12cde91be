"""Fault benchmark (issue 18): clients keep posting reports while the worker is killed, the web
server restarted and the database connections cut; nothing acknowledged may be lost or doubled.

    .venv/bin/python bench/faults.py [--clients 20] [--duration 40] [--port 8141]

Starts `manage.py run_all --production` (gunicorn, worker, scheduler) on a fresh PostgreSQL database
`ln_security` (BENCH_PG, default postgres://postgres@127.0.0.1:5432; only 127.0.0.1). The clients send
Open311 POSTs, each with an Idempotency-Key, and retry a failed or unanswered request with the same
key until it is acknowledged or the time is up (what a partner application does). During the run:
- the worker is killed (SIGKILL): run_all starts it again and takes back its RUNNING tasks;
- the web server is restarted: every gunicorn worker is killed (SIGKILL) and the master is reloaded;
- "PostgreSQL restarts": every connection to the database is terminated (pg_terminate_backend) — on
  a shared machine the cluster itself is not restarted; set BENCH_PG_RESTART to a command (e.g.
  "sudo systemctl restart postgresql") on a machine of your own to restart it for real.
Afterwards it waits until every stored report is analysed. It prints accepted, stored, lost,
duplicates and the seconds until all were analysed after the worker's return; the last line is JSON.
"""

import argparse
import asyncio
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake import PYTHON, ROOT, body_for, drop_database, post, recreate_database, run, wait_until_up  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=40.0, help="seconds of sending")
    parser.add_argument("--port", type=int, default=8141)
    parser.add_argument("--database", default="ln_security")
    parser.add_argument("--keep-db", action="store_true")
    return parser.parse_args()


async def client_loop(index, port, key, stop_at, results):
    seq = 0
    while time.monotonic() < stop_at:
        seq += 1
        body, idem = body_for(key, index, seq), str(uuid.uuid4())
        results["sent_keys"].add(idem)
        while time.monotonic() < stop_at + 30:  # keep retrying the same report after the sending time
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 5)
                try:
                    status, payload, _ = await asyncio.wait_for(post(reader, writer, port, body, idem), 30)
                finally:
                    writer.close()
            except (TimeoutError, ConnectionError, asyncio.IncompleteReadError, OSError):
                status, payload = 0, b""
            if status == 200:
                results["accepted"][idem] = json.loads(payload)[0]["service_request_id"]
                break
            results["retries"] += 1
            await asyncio.sleep(0.5)


def children(pid):
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            kids = [int(k) for k in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except OSError:
            kids = []
        found += kids
        todo += kids
    return found


def cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


def faults(supervisor, pg, database, duration, events):
    """The faults, at fixed moments of the sending time (run in a thread)."""
    time.sleep(duration * 0.2)
    for pid in children(supervisor.pid):
        if "db_worker" in cmdline(pid):
            os.kill(pid, signal.SIGKILL)
    events["worker_killed"] = time.monotonic()
    time.sleep(duration * 0.2)
    gunicorn = [pid for pid in children(supervisor.pid) if "gunicorn" in cmdline(pid)]
    for pid in gunicorn[1:]:  # the workers: the master respawns them
        os.kill(pid, signal.SIGKILL)
    if gunicorn:
        os.kill(gunicorn[0], signal.SIGHUP)  # and reloads
    events["web_restarted"] = time.monotonic()
    time.sleep(duration * 0.2)
    restart = os.environ.get("BENCH_PG_RESTART")
    if restart:
        subprocess.run(shlex.split(restart), check=False)
    else:
        with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [database],
            )
    events["database_restarted"] = time.monotonic()


def worker_back(supervisor, killed_at):
    while True:
        if any("db_worker" in cmdline(pid) for pid in children(supervisor.pid)):
            return time.monotonic()
        if time.monotonic() - killed_at > 120:
            return None
        time.sleep(0.2)


def stored_rows(pg, database):
    with psycopg.connect(f"{pg}/{database}") as conn:
        return conn.execute(
            "SELECT s.text, s.tracking_code, EXISTS (SELECT 1 FROM opinions_signalanalysis x "
            "WHERE x.signal_id = s.id) FROM opinions_signal s JOIN opinions_apisubmission a ON a.signal_id = s.id "
            "JOIN opinions_apikey k ON k.id = a.api_key_id WHERE k.name = 'bench-faults'"
        ).fetchall()


async def send(args, key, results):
    stop_at = time.monotonic() + args.duration
    await asyncio.gather(*(client_loop(i, args.port, key, stop_at, results) for i in range(args.clients)))


def main():
    import threading

    args = parse_args()
    pg = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    env = {
        **os.environ,
        "DEBUG": "0",
        "TESTING": "0",
        "SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{pg}/{args.database}",
        "VAR_DIR": tempfile.mkdtemp(prefix="bench-faults-"),
        "LOG_LEVEL": "ERROR",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
    }
    print(f"Tạo cơ sở dữ liệu {args.database}, migrate, nạp danh mục…", flush=True)
    recreate_database(pg, args.database)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "load_reference_data"], env)
    key = run([PYTHON, "manage.py", "open311_key", "create", "bench-faults", "--collects-consent"], env)
    key = key.strip().splitlines()[-1]
    supervisor = subprocess.Popen(
        [PYTHON, "manage.py", "run_all", "--production", "--addr", f"127.0.0.1:{args.port}"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results, events = {"accepted": {}, "sent_keys": set(), "retries": 0}, {}
    try:
        wait_until_up(f"http://127.0.0.1:{args.port}/suc-khoe/", seconds=180)
        load_before = os.getloadavg()[0]
        thread = threading.Thread(target=faults, args=(supervisor, pg, args.database, args.duration, events))
        thread.start()
        asyncio.run(send(args, key, results))
        thread.join()
        back = worker_back(supervisor, events["worker_killed"])
        deadline, analysed_after = time.monotonic() + 180, None
        while time.monotonic() < deadline:
            rows = stored_rows(pg, args.database)
            if rows and all(row[2] for row in rows):
                analysed_after = round(time.monotonic() - (back or events["worker_killed"]), 1)
                break
            time.sleep(2)
        rows = stored_rows(pg, args.database)
    finally:
        os.killpg(supervisor.pid, signal.SIGTERM)
        try:
            supervisor.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(supervisor.pid, signal.SIGKILL)
    keys = [row[0] for row in rows]
    stored_codes = {row[1] for row in rows}
    accepted = results["accepted"]
    summary = {
        "clients": args.clients,
        "seconds": args.duration,
        "sent": len(results["sent_keys"]),
        "accepted": len(accepted),
        "retries": results["retries"],
        "stored": len(rows),
        "lost": len(set(accepted.values()) - stored_codes),
        "duplicates": len(keys) - len(set(keys)),
        "analysed": sum(1 for row in rows if row[2]),
        "analysed_after_worker_back_s": analysed_after,
        "faults": [
            "worker killed",
            "web restarted",
            "database connections cut" if not os.environ.get("BENCH_PG_RESTART") else "postgresql restarted",
        ],
        "load_average_1min_before": round(load_before, 2),
        "load_average_1min_after": round(os.getloadavg()[0], 2),
    }
    if not args.keep_db:
        drop_database(pg, args.database)
    print(
        f"Gửi {summary['sent']}, tiếp nhận {summary['accepted']}, lưu {summary['stored']}, mất {summary['lost']}, "
        f"trùng {summary['duplicates']}, phân tích xong {summary['analysed']} sau {analysed_after} s."
    )
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
