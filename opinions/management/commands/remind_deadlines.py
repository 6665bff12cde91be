"""Nhắc hạn và báo cáo quá hạn: run daily by the scheduler (settings.PERIODIC_JOBS)."""

from django.core.management.base import BaseCommand

from opinions.cycle.reminders import remind_deadlines


class Command(BaseCommand):
    help = "Nhắc đơn vị các vụ việc sắp đến hạn và báo cáo Ban các vụ việc quá hạn (thư điện tử, nhật ký)."

    def handle(self, *args, **options):
        reminded, escalated = remind_deadlines()
        self.stdout.write(f"Đã nhắc {reminded} vụ việc sắp đến hạn, báo cáo {escalated} vụ việc quá hạn.")
