"""Cảnh báo sớm: run hourly by the scheduler (settings.PERIODIC_JOBS); see opinions/alerts.py."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from opinions.alerts.services import detect_alerts


class Command(BaseCommand):
    help = (
        "Đếm thông tin dư luận mỗi 24 giờ theo lĩnh vực, địa bàn, lĩnh vực × địa bàn và vụ việc, "
        "phát hiện tăng đột biến và lưu cảnh báo sớm (chạy lại không tạo trùng)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--luc",
            dest="at",
            help="Chạy như ở thời điểm này, dạng dd/mm/yyyy HH:MM (giờ Việt Nam); mặc định: bây giờ.",
        )
        parser.add_argument("--sensitivity", choices=["low", "normal", "high"], default="normal")

    def handle(self, *args, **options):
        now = None
        if options["at"]:
            try:
                naive = datetime.datetime.strptime(options["at"].strip(), "%d/%m/%Y %H:%M")
            except ValueError as error:
                raise CommandError(
                    f"Thời điểm không hợp lệ: '{options['at']}'. Nhập theo dạng dd/mm/yyyy HH:MM."
                ) from error
            now = timezone.make_aware(naive)
        created, updated = detect_alerts(now, sensitivity=options["sensitivity"])
        self.stdout.write(f"Cảnh báo sớm: {created} cảnh báo mới, {updated} cảnh báo được cập nhật.")
