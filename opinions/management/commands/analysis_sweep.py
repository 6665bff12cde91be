"""`manage.py analysis_sweep`: analyse the intake queue's signals that have no suggestions yet.

Intake enqueues the analysis of each new signal; this periodic job (PERIODIC_JOBS, every 2
minutes) catches bulk-created signals and any lost task. Last line: one JSON object.
"""

import json

from django.core.management.base import BaseCommand

from opinions.suggest import analyse_pending, pending_signals


class Command(BaseCommand):
    help = "Phân tích các thông tin trong hàng chờ chưa có gợi ý (lĩnh vực, loại, mức độ, địa bàn, vụ việc tương tự)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Số thông tin tối đa trong lần chạy này.")

    def handle(self, *args, limit=None, **options):
        done = analyse_pending(limit=limit)
        waiting = pending_signals().count()
        self.stdout.write(f"Đã phân tích {done} thông tin; còn {waiting} chờ phân tích.")
        self.stdout.write(json.dumps({"analysed": done, "waiting": waiting}))
