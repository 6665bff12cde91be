from django.core.management.base import BaseCommand

from search import service


class Command(BaseCommand):
    help = "Gửi các cập nhật chỉ mục đang chờ (khi Elasticsearch đã hoạt động trở lại). Chạy định kỳ."

    def handle(self, *args, **options):
        done = service.apply_pending()
        new = service.index_unindexed_signals()
        self.stdout.write(
            f"Đã áp dụng {done} cập nhật, lập chỉ mục {new} ý kiến mới; "
            f"còn chờ {service.PendingUpdate.objects.count()}."
        )
