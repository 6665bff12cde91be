"""Faults (issue 18): run_all starts a dead worker or scheduler again, and the tasks a dead worker
left RUNNING are taken back and run again."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opinions.worker_recovery import reclaim
from tests.test_run_all import ROOT, children_of, free_port


def running_row(worker_id, minutes_ago=0):
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="search.tasks.index_records_task",
        backend_name="default",
        queue_name="default",
        priority=0,
        run_after=timezone.now(),
        started_at=timezone.now() - timezone.timedelta(minutes=minutes_ago),
        worker_ids=[worker_id],
    )


@pytest.mark.django_db
def test_it_takes_back_the_tasks_of_a_dead_worker_and_old_running_ones():
    dead, alive, stale = running_row("chet"), running_row("song"), running_row("cu", minutes_ago=90)
    assert reclaim(worker_id="chet") == 1
    assert reclaim(older_than=1800) == 1
    states = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert states[dead.pk] == states[stale.pk] == TaskResultStatus.READY
    assert states[alive.pk] == TaskResultStatus.RUNNING


def commands_of(pids):
    found = {}
    for pid in pids:
        try:
            found[pid] = Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
        except OSError:
            continue
    return found


def healthy(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/suc-khoe/", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def pid_of(proc, word):
    return next((pid for pid, cmd in commands_of(children_of(proc.pid)).items() if word in cmd), None)


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc")
@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="run_all uses SQLite here")
def test_run_all_restarts_a_killed_worker_and_scheduler(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"TESTING", "DATABASE_URL"}}
    env.update(DEBUG="1", VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=900)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "run_all", "--addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        while not healthy(port) or pid_of(proc, "db_worker") is None or pid_of(proc, "run_scheduler") is None:
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.5)
        for word in ("db_worker", "run_scheduler"):
            deadline = time.monotonic() + 180  # a loaded machine starts Django slowly
            old = pid_of(proc, word)
            os.kill(old, signal.SIGKILL)
            while pid_of(proc, word) in (None, old):
                assert time.monotonic() < deadline and proc.poll() is None, f"{word} không được khởi động lại"
                time.sleep(0.5)
        assert healthy(port)  # the web server never stopped
        assert "--worker-id run-all-" in commands_of([pid_of(proc, "db_worker")]).popitem()[1]
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
