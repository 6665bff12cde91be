"""python manage.py monitoring_source add URL --kind rss|sitemap|html --name NAME [--selector CSS]."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from monitoring.models import Source, Trust
from monitoring.services import SourceError, add_source
from opinions.models import Area, Field


class Command(BaseCommand):
    help = "Quản lý nguồn theo dõi: thêm nguồn (mã nguồn mới ở dòng cuối), liệt kê, tạm dừng, bật lại."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add", "list", "pause", "resume"])
        parser.add_argument("target", nargs="?", help="Địa chỉ (add) hoặc mã nguồn (pause, resume).")
        parser.add_argument("--kind", choices=["rss", "sitemap", "html"], default="rss")
        parser.add_argument("--name", default="")
        parser.add_argument("--selector", default="", help="Bộ chọn CSS của liên kết bài (trang danh sách tin).")
        parser.add_argument("--trust", choices=Trust.values, default=Trust.PRESS)
        parser.add_argument("--field", default="", help="Mã lĩnh vực mặc định.")
        parser.add_argument("--area", default="", help="Mã địa bàn mặc định.")
        parser.add_argument("--interval", type=int, default=60, help="Chu kỳ lấy tin ban đầu, phút.")
        parser.add_argument("--not-local", action="store_true", help="Nguồn ngoài tỉnh (báo trung ương…).")

    def handle(self, *args, **options):
        action, target = options["action"], options["target"]
        if action == "list":
            for source in Source.objects.all():
                state = "đang theo dõi" if source.active else "tạm dừng"
                self.stdout.write(f"{source.pk}\t{source.get_kind_display()}\t{state}\t{source.name}\t{source.url}")
            return
        if not target:
            raise CommandError("Thiếu địa chỉ hoặc mã nguồn.")
        if action in ("pause", "resume"):
            updated = Source.objects.filter(pk=int(target) if target.isdigit() else -1).update(
                active=action == "resume", disabled_reason="", failure_score=0
            )
            if not updated:
                raise CommandError(f"Không có nguồn mã {target}.")
            self.stdout.write(target)
            return
        self.stdout.write(str(self._add(target, options).pk))

    def _add(self, url, options):
        field = Field.objects.filter(code=options["field"]).first() if options["field"] else None
        area = Area.objects.filter(code=options["area"]).first() if options["area"] else None
        if options["field"] and field is None:
            raise CommandError(f"Không có lĩnh vực mã {options['field']}.")
        if options["area"] and area is None:
            raise CommandError(f"Không có địa bàn mã {options['area']}.")
        try:
            source = add_source(
                url=url,
                kind=options["kind"],
                name=options["name"],
                selector=options["selector"],
                trust=options["trust"],
                field_hint=field,
                area_hint=area,
                is_local=not options["not_local"],
                interval=datetime.timedelta(minutes=max(10, options["interval"])),
            )
        except SourceError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Đã thêm nguồn “{source.name}” ({source.get_kind_display()}).")
        return source
