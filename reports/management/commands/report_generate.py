"""report_generate: a periodic or ad-hoc report as DOCX, PDF or XLSX, for automation.

    python manage.py report_generate --kind month --period 11/2026 --format docx --out bao-cao.docx
    python manage.py report_generate --kind adhoc --period 01/11/2026-15/11/2026 --field dat-dai \
        --format pdf --out x.pdf
    python manage.py report_generate --kind month --draft          (the scheduler: last month's draft)

Exit status 0 and the file's path on the last line; a bad kind, period or filter gets a Vietnamese
message and exit status 2.
"""

import pathlib
import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from opinions.models import Area, Case, Field
from reports.periodic import PeriodError, parse_period, previous_month, report_data
from reports.periodic_docx import PdfUnavailable, build_report_docx, build_report_xlsx, docx_to_pdf
from reports.services import draft_report

FORMATS = ("docx", "pdf", "xlsx")
WHAT = {"field": "lĩnh vực", "area": "địa bàn", "case": "vụ việc"}


class Command(BaseCommand):
    help = "Tạo báo cáo tình hình Nhân dân và dư luận xã hội (tuần, tháng, quý, 6 tháng, năm, đột xuất)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", default="month", help="week | month | quarter | half | year | adhoc")
        parser.add_argument("--period", default="", help="11/2026, 47/2026 (tuần), 4/2026 (quý), 2026 …")
        parser.add_argument("--format", default="docx", help="docx | pdf | xlsx")
        parser.add_argument("--out", default="", help="đường dẫn tệp kết quả")
        parser.add_argument("--field", default="", help="mã lĩnh vực (báo cáo đột xuất)")
        parser.add_argument("--area", default="", help="mã xã, phường (báo cáo đột xuất)")
        parser.add_argument("--case", default="", help="mã vụ việc (báo cáo đột xuất)")
        parser.add_argument("--draft", action="store_true", help="lưu dự thảo để Ban duyệt (kỳ mặc định: tháng trước)")

    def fail(self, message):
        self.stderr.write(message)
        sys.exit(2)

    def _filters(self, options):
        found = {}
        for name, model, lookup in (("field", Field, "code"), ("area", Area, "code"), ("case", Case, "code")):
            if options[name]:
                found[name] = model.objects.filter(**{lookup: options[name]}).first()
                if found[name] is None:
                    self.fail(f"Không tìm thấy {WHAT[name]} “{options[name]}”.")
        return found

    def handle(self, *args, **options):
        kind = options["kind"]
        period = options["period"] or (previous_month(timezone.localdate()) if options["draft"] else "")
        try:
            start, end, label = parse_period(kind, period)
        except PeriodError as error:
            self.fail(str(error))
        filters = self._filters(options)
        if options["draft"]:
            report, created = draft_report(kind, period, **filters)
            self.stdout.write(("Đã lập dự thảo: " if created else "Dự thảo đã có: ") + report.title)
            self.stdout.write(str(report.pk))
            return
        file_format = options["format"]
        if file_format not in FORMATS or not options["out"]:
            self.fail("Cần --format docx | pdf | xlsx và --out đường dẫn tệp.")
        data = report_data(kind, start, end, label, **filters)
        if file_format == "xlsx":
            content = build_report_xlsx(data)
        else:
            content = build_report_docx(data)
            if file_format == "pdf":
                try:
                    content = docx_to_pdf(content)
                except PdfUnavailable as error:
                    self.fail(str(error))
        out = pathlib.Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
        self.stdout.write(str(out.resolve()))
