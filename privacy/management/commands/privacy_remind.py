"""Nhắc hạn yêu cầu về dữ liệu cá nhân và thông báo vi phạm: run by the scheduler (PERIODIC_JOBS)."""

from django.core.management.base import BaseCommand

from privacy.reminders import remind_breaches, remind_requests


class Command(BaseCommand):
    help = "Nhắc Ban các yêu cầu về dữ liệu cá nhân sắp đến hạn, báo quá hạn, nhắc thông báo vi phạm 72 giờ."

    def handle(self, *args, **options):
        reminded, escalated = remind_requests()
        breaches = remind_breaches()
        self.stdout.write(
            f"Đã nhắc {reminded} yêu cầu sắp đến hạn, báo {escalated} yêu cầu quá hạn, "
            f"{breaches} vi phạm chưa thông báo."
        )
