"""Start the web server, the task worker and the scheduler together; Ctrl-C stops all three.

A worker or scheduler that dies is started again (after a pause that grows if it keeps dying), and
the tasks the dead worker left RUNNING go back to the queue at once (opinions/worker_recovery.py).
If the web server itself stops, everything stops.
"""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

RESTARTED = ("worker", "scheduler")
MAX_PAUSE = 30


class Supervisor:
    """The three processes; restarts the background ones, tells why on stderr."""

    def __init__(self, commands, write, warn):
        self.commands, self.write, self.warn = commands, write, warn
        self.procs, self.worker_id, self.restarts = {}, "", {name: 0 for name in commands}
        self.generation = 0

    def command(self, name):
        if name != "worker":
            return self.commands[name]
        self.generation += 1
        self.worker_id = f"run-all-{os.getpid()}-{self.generation}"
        return [*self.commands[name], "--worker-id", self.worker_id]

    def start(self, name):
        self.procs[name] = subprocess.Popen(self.command(name), env=os.environ.copy(), start_new_session=True)

    def check(self):
        """One round: restart a dead background process; the web server's exit code if it stopped."""
        for name, proc in list(self.procs.items()):
            if proc.poll() is None:
                continue
            if name not in RESTARTED:
                self.warn(f"Tiến trình {name} đã dừng (mã {proc.returncode}); dừng tất cả.")
                return proc.returncode or 1
            self.restarts[name] += 1
            pause = min(MAX_PAUSE, 2 ** min(self.restarts[name] - 1, 5) - 1)
            self.warn(f"Tiến trình {name} đã dừng (mã {proc.returncode}); khởi động lại sau {pause} giây.")
            time.sleep(pause)
            if name == "worker":
                self.reclaim(self.worker_id)
            self.start(name)
        return None

    def reclaim(self, worker_id):
        """In the background: the supervisor keeps watching the other processes meanwhile."""
        manage = [sys.executable, "manage.py", "reclaim_tasks", "--worker-id", worker_id]
        self.reclaimers = [p for p in getattr(self, "reclaimers", []) if p.poll() is None]
        self.reclaimers.append(subprocess.Popen(manage, env=os.environ.copy(), start_new_session=True))

    def stop(self):
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        self.write("Đã dừng máy chủ web, tiến trình nền và bộ lập lịch.")


class Command(BaseCommand):
    help = "Chạy máy chủ web, tiến trình xử lý nền và bộ lập lịch cùng lúc (Ctrl-C để dừng tất cả)."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--production", action="store_true", help="Dùng gunicorn thay cho runserver.")

    def handle(self, *args, **options):
        python = sys.executable
        manage = [python, "manage.py"]
        if options["production"]:
            web = [python, "-m", "gunicorn", "cms.wsgi", "--bind", options["addr"], "--workers", "3"]
        else:
            # Checks already ran in `prepare`; skipping them here saves a second on every start.
            web = manage + ["runserver", options["addr"], "--noreload", "--skip-checks"]
        commands = {
            "web": web,
            "worker": manage + ["db_worker", "--interval", "1", "--no-startup-delay"],
            "scheduler": manage + ["run_scheduler"],
        }
        supervisor = Supervisor(commands, self.stdout.write, self.stderr.write)
        for name in commands:
            supervisor.start(name)
        self.stdout.write(f"Đang chạy tại http://{options['addr']}/ – nhấn Ctrl-C để dừng.")

        def stop_and_exit(*_):
            supervisor.stop()
            sys.exit(0)

        # Ctrl-C (SIGINT) and SIGTERM stop all three, even where SIGINT was ignored by the caller.
        signal.signal(signal.SIGTERM, stop_and_exit)
        signal.signal(signal.SIGINT, stop_and_exit)
        try:
            while True:
                code = supervisor.check()
                if code is not None:
                    supervisor.stop()
                    sys.exit(code)
                time.sleep(0.5)
        except KeyboardInterrupt:
            supervisor.stop()
