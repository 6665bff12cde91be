"""python manage.py monitoring_fetch [--source ID] [--once]: fetch what is due; last line JSON."""

import json

from django.core.management.base import BaseCommand

from monitoring.services import run_fetch


class Command(BaseCommand):
    help = "Lấy tin các nguồn theo dõi đến hạn (hoặc mọi nguồn với --once); dòng cuối là JSON kết quả."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, default=None, help="Chỉ lấy tin nguồn có mã này.")
        parser.add_argument("--once", action="store_true", help="Lấy tin mọi nguồn đang theo dõi, không chờ đến hạn.")

    def handle(self, *args, **options):
        stats = run_fetch(source_id=options["source"], everything=options["once"])
        self.stdout.write(
            f"Đã đọc {stats['fetched']} nguồn, {stats['not_modified']} không đổi, {stats['new_items']} tin mới, "
            f"{stats['duplicates']} tin trùng, {stats['stories']} dòng sự kiện mới, {stats['errors']} lỗi."
        )
        self.stdout.write(json.dumps(stats))
