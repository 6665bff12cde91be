"""Start the web server, the task worker and the scheduler together; Ctrl-C stops all three."""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


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
        procs = {}
        for name, cmd in commands.items():
            procs[name] = subprocess.Popen(cmd, env=os.environ.copy(), start_new_session=True)
        self.stdout.write(f"Đang chạy tại http://{options['addr']}/ – nhấn Ctrl-C để dừng.")

        def stop(*_):
            for proc in procs.values():
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            for proc in procs.values():
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
            self.stdout.write("Đã dừng máy chủ web, tiến trình nền và bộ lập lịch.")

        def stop_and_exit(*_):
            stop()
            sys.exit(0)

        # Ctrl-C (SIGINT) and SIGTERM stop all three, even where SIGINT was ignored by the caller.
        signal.signal(signal.SIGTERM, stop_and_exit)
        signal.signal(signal.SIGINT, stop_and_exit)
        try:
            while True:
                for name, proc in procs.items():
                    if proc.poll() is not None:
                        self.stderr.write(f"Tiến trình {name} đã dừng (mã {proc.returncode}); dừng tất cả.")
                        stop()
                        sys.exit(proc.returncode or 1)
                time.sleep(0.5)
        except KeyboardInterrupt:
            stop()
