"""The one scheduler process: enqueues each periodic job (a management command) on its schedule.

The worker runs the jobs (opinions.tasks.run_command). See docs/decisions/0001-background-work.md.
"""

import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management.base import BaseCommand

from opinions.tasks import run_command

logger = logging.getLogger(__name__)


def enqueue(name):
    logger.info("Lên lịch chạy tác vụ định kỳ %s", name)
    run_command.enqueue(name)


class Command(BaseCommand):
    help = "Chạy bộ lập lịch: đưa các tác vụ định kỳ vào hàng đợi theo lịch trong PERIODIC_JOBS."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Chỉ liệt kê lịch rồi thoát.")

    def handle(self, *args, **options):
        scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
        for name, cron in settings.PERIODIC_JOBS.items():
            scheduler.add_job(enqueue, CronTrigger(timezone=settings.TIME_ZONE, **cron), args=[name], id=name)
        if options["list"]:
            for job in scheduler.get_jobs():
                self.stdout.write(f"{job.id}: {job.trigger}")
            return
        self.stdout.write(f"Bộ lập lịch chạy với {len(settings.PERIODIC_JOBS)} tác vụ định kỳ.")
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            pass
