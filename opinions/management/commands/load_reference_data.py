from django.core.management.base import BaseCommand

from opinions.reference import load_reference_data


class Command(BaseCommand):
    help = "Nạp dữ liệu danh mục (địa bàn, đơn vị cũ, lĩnh vực, cơ quan, vai trò). Chạy lại không thay đổi gì."

    def add_arguments(self, parser):
        parser.add_argument("--boundaries", action="store_true", help="So sánh và cập nhật lại cả ranh giới.")

    def handle(self, *args, **options):
        counts = load_reference_data(refresh_boundaries=options["boundaries"])
        self.stdout.write(f"Dữ liệu danh mục: tạo mới {counts['created']}, cập nhật {counts['updated']}.")
