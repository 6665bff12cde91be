"""python manage.py monitoring_prune: drop full texts older than MONITORING_TEXT_DAYS."""

import datetime
import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from monitoring.models import Item


class Command(BaseCommand):
    help = "Xóa toàn văn các tin, bài cũ hơn MONITORING_TEXT_DAYS ngày (giữ tiêu đề, liên kết, số liệu)."

    def handle(self, *args, **options):
        before = timezone.now() - datetime.timedelta(days=settings.MONITORING_TEXT_DAYS)
        pruned = Item.objects.filter(first_seen__lt=before, text_pruned=False).update(text="", text_pruned=True)
        self.stdout.write(json.dumps({"pruned": pruned}))
