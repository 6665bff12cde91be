"""Xóa dữ liệu hết thời hạn lưu trữ: the nightly job (PERIODIC_JOBS); --dry-run only counts."""

from django.core.management.base import BaseCommand

from privacy.retention import kept, run


class Command(BaseCommand):
    help = "Xóa hoặc ẩn danh dữ liệu cá nhân đã hết thời hạn lưu trữ và ghi lại kết quả."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không xóa.")

    def handle(self, *args, **options):
        result = run(dry_run=options["dry_run"])
        verb = "Sẽ xóa" if result.dry_run else "Đã xóa hoặc ẩn danh"
        self.stdout.write(f"{verb} {result.total} bản ghi.")
        for what, count in result.counts.items():
            self.stdout.write(f"- {what}: {count}")
        for label, reason, _count in kept():
            self.stdout.write(f"- {label}: giữ lại ({reason})")
