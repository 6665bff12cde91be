"""Nhắc báo cáo: remind units that have not reported, before and after the deadline (once each)."""

from django.core.management.base import BaseCommand

from opinions.network.unit_reports import send_report_reminders


class Command(BaseCommand):
    help = "Nhắc các đơn vị chưa nộp báo cáo DLXH (trước hạn và khi quá hạn, mỗi loại một lần)."

    def handle(self, *args, **options):
        sent = send_report_reminders()
        self.stdout.write(f"Đã gửi {sent} lời nhắc báo cáo.")
