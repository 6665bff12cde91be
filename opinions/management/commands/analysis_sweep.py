"""`manage.py analysis_sweep`: analyse the intake queue's signals that have no suggestions yet.

Intake enqueues the analysis of each new signal; this periodic job (PERIODIC_JOBS, every 2
minutes) catches bulk-created signals and any lost task. `--reanalyse` analyses again every signal
still in the queue with the models active now (after a new model is activated): unconfirmed
suggestions are replaced, confirmed values kept. Last line: one JSON object.
"""

import json

from django.core.management.base import BaseCommand

from opinions.suggestions.services import analyse_pending, pending_signals, reanalyse_signals


class Command(BaseCommand):
    help = "Phân tích các thông tin trong hàng chờ chưa có gợi ý (lĩnh vực, loại, mức độ, địa bàn, vụ việc tương tự)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Số thông tin tối đa trong lần chạy này.")
        parser.add_argument(
            "--reanalyse",
            action="store_true",
            help="Phân tích lại mọi thông tin trong hàng chờ với các mô hình đang dùng (giữ giá trị đã xác nhận).",
        )

    def handle(self, *args, limit=None, reanalyse=False, **options):
        done = reanalyse_signals() if reanalyse else analyse_pending(limit=limit)
        waiting = pending_signals().count()
        self.stdout.write(f"Đã phân tích {done} thông tin; còn {waiting} chờ phân tích.")
        self.stdout.write(json.dumps({"analysed": done, "waiting": waiting}))
