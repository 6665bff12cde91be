"""Gửi lại tin nhắn Zalo, SMS chưa gửi được: run by the scheduler (settings.PERIODIC_JOBS)."""

from django.core.management.base import BaseCommand

from opinions.intake.messaging import send_pending_messages


class Command(BaseCommand):
    help = "Gửi lại các tin nhắn Zalo, SMS còn chờ gửi."

    def handle(self, *args, **options):
        sent, failed = send_pending_messages()
        self.stdout.write(f"Đã gửi {sent} tin nhắn, {failed} tin nhắn chưa gửi được (sẽ thử lại).")
