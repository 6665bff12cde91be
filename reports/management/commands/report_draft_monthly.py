"""report_draft_monthly: the scheduler's job on the 1st (PERIODIC_JOBS): last month's report drafted
from live data for the office to review (once: a second run finds the draft)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.periodic import previous_month
from reports.services import draft_report


class Command(BaseCommand):
    help = "Lập dự thảo báo cáo tình hình Nhân dân và dư luận xã hội của tháng trước."

    def handle(self, *args, **options):
        report, created = draft_report("month", previous_month(timezone.localdate()))
        self.stdout.write(("Đã lập dự thảo: " if created else "Dự thảo đã có: ") + report.title)
