"""Take back tasks left RUNNING by a dead worker (opinions/worker_recovery.py)."""

from django.core.management.base import BaseCommand

from opinions.worker_recovery import reclaim


class Command(BaseCommand):
    help = "Đưa các tác vụ nền bị bỏ dở (tiến trình xử lý nền đã dừng giữa chừng) trở lại hàng đợi."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", default="", help="Tiến trình đã dừng: lấy lại ngay các tác vụ của nó.")
        parser.add_argument("--older-than", type=int, default=None, help="Số giây (mặc định TASK_RECLAIM_SECONDS).")

    def handle(self, *args, **options):
        count = reclaim(worker_id=options["worker_id"] or None, older_than=options["older_than"])
        self.stdout.write(f"Đã đưa {count} tác vụ trở lại hàng đợi.")
