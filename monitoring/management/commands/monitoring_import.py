"""python manage.py monitoring_import FILE --source-name NAME [--map field=column …] [--confirm]."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from monitoring.imports import FIELDS, BadFile, check_import, guess_mapping, read_table, run_import
from monitoring.models import Trust


class Command(BaseCommand):
    help = "Nhập tệp xuất từ công cụ theo dõi mạng xã hội (CSV, JSON, XLSX): chạy thử, rồi --confirm để lưu."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source-name", required=True, help="Tên nguồn (ví dụ: Xuất từ công cụ X, tháng 12).")
        parser.add_argument("--map", action="append", default=[], help="Ghép cột: url=Link, text=Message…")
        parser.add_argument("--trust", choices=Trust.values, default=Trust.SOCIAL)
        parser.add_argument("--confirm", action="store_true", help="Lưu các dòng hợp lệ (mặc định chỉ chạy thử).")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        given = {}
        for pair in options["map"]:
            field, _, column = pair.partition("=")
            if field not in FIELDS or not column:
                raise CommandError(f"Ghép cột “{pair}” không hợp lệ; dùng trường trong {', '.join(FIELDS)}.")
            given[field] = column
        try:
            header, rows = read_table(path.read_bytes(), path.name)
        except BadFile as error:
            raise CommandError(str(error)) from error
        mapping = guess_mapping(header, given)
        entries, problems = check_import(header, rows, mapping)
        for row, column, message in problems:
            self.stdout.write(f"Dòng {row}, cột “{column}”: {message}")
        result = {"rows": len(rows), "valid": len(entries), "problems": len(problems), "mapping": mapping}
        if options["confirm"] and entries:
            _, stats = run_import(options["source_name"], entries, options["trust"])
            result.update({k: stats[k] for k in ("new_items", "duplicates", "stories")})
        self.stdout.write(json.dumps(result, ensure_ascii=False))
