from django.conf import settings
from django.core.management.base import BaseCommand

from opinions.demo.base import load_demo_data


class Command(BaseCommand):
    help = "Nạp người dùng và nội dung mẫu (chỉ dùng để trình diễn). Chạy lại không thay đổi gì."

    def handle(self, *args, **options):
        users = load_demo_data()
        self.stdout.write(f"Tài khoản trình diễn (đăng nhập tại {settings.SITE_URL}/admin/):")
        for username, password, role in users:
            self.stdout.write(f"  {role:<28} {username:<18} mật khẩu: {password}")
