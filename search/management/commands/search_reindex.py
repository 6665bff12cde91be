from django.core.management.base import BaseCommand

from search import service
from search.tasks import reindex_task


class Command(BaseCommand):
    help = (
        "Dựng lại chỉ mục tìm kiếm: bảng tìm kiếm trong cơ sở dữ liệu, rồi (nếu đặt ELASTICSEARCH_URL) "
        "một chỉ mục Elasticsearch mới, nạp hàng loạt và chuyển bí danh sang, không gián đoạn tìm kiếm."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pending", action="store_true", help="Chỉ gửi các cập nhật đang chờ.")
        parser.add_argument("--enqueue", action="store_true", help="Giao cho tiến trình nền (db_worker) làm.")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--if-empty", action="store_true", help="Chỉ dựng khi chỉ mục chưa có tài liệu nào (dùng khi `make run`)."
        )

    def handle(self, *args, pending=False, enqueue=False, batch_size=500, if_empty=False, **options):
        if if_empty and service.SearchDocument.objects.exists():
            return
        if enqueue:
            result = reindex_task.enqueue()
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        if pending:
            done = service.apply_pending(batch_size=batch_size)
            left = service.PendingUpdate.objects.count()
            self.stdout.write(f"Đã áp dụng {done} cập nhật; còn chờ {left}.")
            return
        counts = service.reindex(batch_size=batch_size, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Đã dựng lại chỉ mục: {counts}"))
