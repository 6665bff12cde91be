"""Gửi lại thư chưa gửi được: run every few minutes by the scheduler (settings.PERIODIC_JOBS)."""

from django.core.management.base import BaseCommand

from opinions.cycle.notify import send_pending_emails


class Command(BaseCommand):
    help = "Gửi lại các thư điện tử còn chờ gửi (lần trước máy chủ thư bị lỗi)."

    def handle(self, *args, **options):
        sent, failed = send_pending_emails()
        self.stdout.write(f"Đã gửi {sent} thư, {failed} thư chưa gửi được (sẽ thử lại).")
