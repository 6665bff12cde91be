"""One command for `make run`: migrate, reference data and (with DEMO=1) demo data.

One process instead of three saves two Django start-ups on every `make run`.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chuẩn bị CSDL: chuyển đổi cấu trúc, nạp dữ liệu danh mục và (khi DEMO=1) dữ liệu mẫu."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference_data", stdout=self.stdout)
        if settings.DEMO:
            call_command("load_demo_data", stdout=self.stdout)
            # A fresh demo is searchable at once, not only once the task worker has caught up.
            call_command("search_reindex", if_empty=True, stdout=self.stdout)
