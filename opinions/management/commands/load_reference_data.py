from django.core.management.base import BaseCommand

from opinions.reference import load_reference_data


class Command(BaseCommand):
    help = "Nạp dữ liệu danh mục (địa bàn, đơn vị cũ, lĩnh vực, cơ quan, vai trò). Chạy lại không thay đổi gì."

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(
            f"Dữ liệu danh mục: tạo mới {counts['created']}, cập nhật {counts['updated']}."
        )
