"""Đọc hộp thư tiếp nhận: run every INTAKE_IMAP_INTERVAL minutes by the scheduler (PERIODIC_JOBS)."""

from django.core.management.base import BaseCommand

from opinions.intake.email import poll
from opinions.models import InboundEmail


class Command(BaseCommand):
    help = "Đọc thư mới trong hộp thư tiếp nhận (IMAP): mỗi thư của người dân thành một thông tin dư luận."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Đọc nhiều nhất chừng này thư.")

    def handle(self, *args, **options):
        counts = poll(limit=options["limit"])
        if not counts:
            self.stdout.write("Không có thư mới (hoặc chưa cấu hình INTAKE_IMAP_HOST).")
            return
        labels = dict(InboundEmail.Outcome.choices)
        self.stdout.write(", ".join(f"{labels[k]}: {v}" for k, v in counts.items()))
