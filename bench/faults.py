"""Fault benchmark (issue 18): clients keep posting reports while the worker is killed, the web
server restarted and the database connections cut; nothing acknowledged may be lost or doubled.

    .venv/bin/python bench/faults.py [--clients 20] [--duration 40] [--port 8141]

Starts `manage.py run_all --production` (gunicorn, worker, scheduler) on a fresh PostgreSQL database.
By default the script starts a PostgreSQL cluster of its own (initdb in a temporary folder, a free
port on 127.0.0.1, run as the `postgres` user when started as root) so that it can restart PostgreSQL
for real without touching the machine's shared cluster; the cluster is removed at the end. With
BENCH_PG (e.g. postgres://postgres@127.0.0.1:5432) it uses that server instead, and restarts it with
the command in BENCH_PG_RESTART (e.g. "pg_ctlcluster 15 main restart") or, without one, only cuts
every connection to the bench database (pg_terminate_backend).

The clients (one Open311 key each: the limit is per key) send Open311 POSTs, each report with its own
Idempotency-Key, and retry a failed or unanswered request with the same key until it is acknowledged
(what a partner application does; the key makes a retry of a stored report return the same
service_request_id). During the sending time:
- the worker is killed (SIGKILL): run_all starts it again and takes back its RUNNING tasks;
- the web server is restarted: every gunicorn worker is killed (SIGKILL) and the master reloaded;
- PostgreSQL is restarted (pg_ctl restart -m fast: every connection is cut, the server is down
  for a moment).
Afterwards it waits until every stored report is analysed. It prints accepted, stored, lost,
duplicates and the seconds until all were analysed after the worker's return; the last line is JSON.
"""

import argparse
import asyncio
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake import PYTHON, ROOT, body_for, drop_database, post, recreate_database, run, wait_until_up  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=40.0, help="seconds of sending with the faults")
    parser.add_argument("--reference", type=float, default=10.0, help="seconds of sending without faults first")
    parser.add_argument("--port", type=int, default=8141)
    parser.add_argument("--database", default="langnghe_security_faults")
    parser.add_argument("--keep-db", action="store_true")
    return parser.parse_args()


async def client_loop(index, port, key, stop_at, results, phase):
    """One partner application: a report at a time, retried with the same Idempotency-Key until it
    is acknowledged (200) or 60 seconds after the sending time."""
    seq = 0
    while time.monotonic() < stop_at:
        seq += 1
        body, idem = body_for(key, index, f"{phase}{seq}"), str(uuid.uuid4())
        results["sent_keys"].add(idem)
        while time.monotonic() < stop_at + 60:  # keep retrying the same report after the sending time
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 5)
                try:
                    status, payload, _ = await asyncio.wait_for(post(reader, writer, port, body, idem), 30)
                finally:
                    writer.close()
            except (TimeoutError, ConnectionError, asyncio.IncompleteReadError, OSError):
                status, payload = 0, b""
            if status == 200:
                results["last_accepted"] = time.monotonic()
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


def faults(supervisor, pg, database, duration, events, cluster):
    """The faults, at fixed moments of the sending time (run in a thread)."""
    time.sleep(duration * 0.2)
    dead = [pid for pid in children(supervisor.pid) if "db_worker" in cmdline(pid)]
    for pid in dead:
        os.kill(pid, signal.SIGKILL)
    events["worker_killed"] = killed = time.monotonic()
    events["worker_back"] = worker_back(supervisor, killed, dead)
    events["worker_back_wall"] = time.time() - (time.monotonic() - (events["worker_back"] or killed))
    time.sleep(max(0, killed + duration * 0.2 - time.monotonic()))
    gunicorn = [pid for pid in children(supervisor.pid) if "gunicorn" in cmdline(pid)]
    for pid in gunicorn[1:]:  # the workers: the master respawns them
        os.kill(pid, signal.SIGKILL)
    if gunicorn:
        os.kill(gunicorn[0], signal.SIGHUP)  # and reloads
    events["web_restarted"] = time.monotonic()
    time.sleep(duration * 0.2)
    restart = os.environ.get("BENCH_PG_RESTART")
    if cluster:
        cluster.restart()
    elif restart:
        subprocess.run(shlex.split(restart), check=False)
    else:
        with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [database],
            )
    events["database_restarted"] = time.monotonic()


def worker_back(supervisor, killed_at, dead):
    """When run_all has started a new worker (None after two minutes without one)."""
    while True:
        if any("db_worker" in cmdline(pid) for pid in children(supervisor.pid) if pid not in dead):
            return time.monotonic()
        if time.monotonic() - killed_at > 120:
            return None
        time.sleep(0.2)


def analysis_wait(rows, events):
    """The longest wait of a stored report for its analysis, counted from when both it existed and
    the worker was back (the issue's "analysed within two minutes of the worker's return")."""
    waits = [
        (analysed.timestamp() - max(created.timestamp(), events["worker_back_wall"]))
        for _text, _code, analysed, created in rows
        if analysed
    ]
    return round(max(waits), 1) if waits else None


def stored_rows(pg, database):
    with psycopg.connect(f"{pg}/{database}") as conn:
        return conn.execute(
            "SELECT s.text, s.tracking_code, (SELECT min(x.analysed_at) FROM opinions_signalanalysis x "
            "WHERE x.signal_id = s.id), s.created_at FROM opinions_signal s "
            "JOIN opinions_apisubmission a ON a.signal_id = s.id "
            "JOIN opinions_apikey k ON k.id = a.api_key_id WHERE k.name LIKE 'bench-faults-%'"
        ).fetchall()


async def send(port, keys, seconds, results, phase):
    """Every client for the given seconds; phase makes each report's text unique across phases (a
    text stored twice is a duplicate)."""
    stop_at = time.monotonic() + seconds
    await asyncio.gather(*(client_loop(i, port, key, stop_at, results, phase) for i, key in enumerate(keys)))


class Cluster:
    """A PostgreSQL cluster of the bench's own, so that it can be restarted for real."""

    def __init__(self):
        self.bin = Path(subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip())
        self.dir = Path(tempfile.mkdtemp(prefix="bench-faults-pg-"))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.user:
            shutil.chown(self.dir, "postgres")
        self.pg_ctl([self.bin / "initdb", "-D", self.dir / "data", "-U", "postgres", "-A", "trust", "--no-sync"])
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=on"
        self.start_cmd = [self.bin / "pg_ctl", "-D", self.dir / "data", "-l", self.dir / "log", "-o", options, "-w"]
        self.pg_ctl([*self.start_cmd, "start"])
        self.url = f"postgres://postgres@127.0.0.1:{self.port}"

    def pg_ctl(self, cmd):
        subprocess.run([*self.user, *map(str, cmd)], check=True, capture_output=True, cwd=self.dir)

    def restart(self):
        self.pg_ctl([*self.start_cmd, "-m", "fast", "restart"])

    def remove(self):
        stop = [*self.user, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop"]
        subprocess.run(stop, capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def issue_keys(env, count):
    """One Open311 key per client (the limit is per key), printed one a line."""
    code = (
        "from opinions.models import ApiKey\n"
        f"for i in range({count}):\n"
        "    print(ApiKey.issue(f'bench-faults-{i}', collects_consent=True)[1])\n"
    )
    return run([PYTHON, "manage.py", "shell", "-c", code], env).split()[-count:]


def shared_buffers(pg, database):
    with psycopg.connect(f"{pg}/{database}") as conn:
        return conn.execute("SHOW shared_buffers").fetchone()[0]


def main():
    args = parse_args()
    cluster = None if os.environ.get("BENCH_PG") else Cluster()
    pg = os.environ["BENCH_PG"] if cluster is None else cluster.url
    try:
        measure(args, pg, cluster)
    finally:
        if cluster:
            cluster.remove()


def measure(args, pg, cluster):
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
    keys = issue_keys(env, args.clients)
    supervisor = subprocess.Popen(
        [PYTHON, "manage.py", "run_all", "--production", "--addr", f"127.0.0.1:{args.port}"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{args.port}/suc-khoe/", seconds=180)
        summary = run_phases(args, keys, supervisor, pg, cluster)
        summary["shared_buffers"] = shared_buffers(pg, args.database)
    finally:
        os.killpg(supervisor.pid, signal.SIGTERM)
        try:
            supervisor.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(supervisor.pid, signal.SIGKILL)
        shutil.rmtree(env["VAR_DIR"], ignore_errors=True)
    if not args.keep_db:
        drop_database(pg, args.database)
    summary["postgresql"] = "private cluster" if cluster else "BENCH_PG"
    summary["faults"] = [
        "worker killed",
        "web restarted",
        "postgresql restarted" if cluster or os.environ.get("BENCH_PG_RESTART") else "connections cut (no restart)",
    ]
    print(
        f"Gửi {summary['sent']}, tiếp nhận {summary['accepted']}, lưu {summary['stored']}, mất {summary['lost']}, "
        f"trùng {summary['duplicates']}, phân tích xong {summary['analysed']} "
        f"sau {summary['analysed_after_worker_back_s']} s (kể từ khi tiến trình nền chạy lại)."
    )
    print(json.dumps(summary, ensure_ascii=False))


def run_phases(args, keys, supervisor, pg, cluster):
    """A fault-free reference phase, then the faults; the figures of both."""
    results, events = {"accepted": {}, "sent_keys": set(), "retries": 0}, {}
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    asyncio.run(send(args.port, keys, args.reference, results, "R"))
    reference_rate = len(results["accepted"]) / (time.monotonic() - started)
    before_faults = len(results["accepted"])
    thread = threading.Thread(target=faults, args=(supervisor, pg, args.database, args.duration, events, cluster))
    started = time.monotonic()
    thread.start()
    asyncio.run(send(args.port, keys, args.duration, results, "F"))
    fault_rate = (len(results["accepted"]) - before_faults) / (time.monotonic() - started)
    thread.join()
    back = events.get("worker_back") or events["worker_killed"]
    deadline, done_at = time.monotonic() + 180, None
    while time.monotonic() < deadline:
        rows = stored_rows(pg, args.database)
        if rows and all(row[2] for row in rows):
            done_at = time.monotonic()
            break
        time.sleep(1)
    rows = stored_rows(pg, args.database)
    texts, codes, accepted = [row[0] for row in rows], {row[1] for row in rows}, results["accepted"]
    return {
        "clients": args.clients,
        "seconds_reference": args.reference,
        "seconds_with_faults": args.duration,
        "sent": len(results["sent_keys"]),
        "accepted": len(accepted),
        "retries": results["retries"],
        "stored": len(rows),
        "lost": len(set(accepted.values()) - codes),
        "duplicates": len(texts) - len(set(texts)),
        "analysed": sum(1 for row in rows if row[2]),
        "worker_back_after_kill_s": round(back - events["worker_killed"], 1),
        "analysed_after_worker_back_s": round(done_at - back, 1) if done_at else None,
        "analysis_wait_max_s": analysis_wait(rows, events),
        "analysed_after_last_accepted_s": round(max(0, done_at - results["last_accepted"]), 1) if done_at else None,
        "accepted_per_s_reference": round(reference_rate, 2),
        "accepted_per_s_with_faults": round(fault_rate, 2),
        "ratio_with_faults_to_reference": round(fault_rate / reference_rate, 2) if reference_rate else None,
        "load_average_1min_before": round(load_before, 2),
        "load_average_1min_after": round(os.getloadavg()[0], 2),
    }


if __name__ == "__main__":
    main()
