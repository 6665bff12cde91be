"""Issue, list and revoke Open311 API keys from the command line (for automation)."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from opinions.models import ApiKey


class Command(BaseCommand):
    help = "Cấp, liệt kê, thu hồi khóa API Open311. `create TÊN` in khóa mới ở dòng cuối cùng."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Cấp khóa mới; khóa được in một lần, ở dòng cuối.")
        create.add_argument("name", help="Tên ứng dụng, đối tác dùng khóa.")
        create.add_argument(
            "--collects-consent",
            action="store_true",
            help="Đối tác cam kết đã hỏi sự đồng ý của người dân: lưu họ tên, điện thoại, thư điện tử gửi kèm.",
        )
        actions.add_parser("list", help="Liệt kê các khóa (chỉ tiền tố).")
        revoke = actions.add_parser("revoke", help="Thu hồi khóa theo số thứ tự (id) hoặc tiền tố.")
        revoke.add_argument("key", help="id hoặc tiền tố (8 ký tự đầu) của khóa.")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_create(self, name, collects_consent=False, **options):
        if not name.strip():
            raise CommandError("Tên khóa không được để trống.")
        api_key, raw_key = ApiKey.issue(name, collects_consent=collects_consent)
        self.stdout.write(f"Đã cấp khóa #{api_key.pk} cho «{api_key.name}». Khóa chỉ hiện một lần, hãy lưu lại:")
        self.stdout.write(raw_key)

    def handle_list(self, **options):
        for api_key in ApiKey.objects.all():
            state = (
                f"thu hồi {timezone.localtime(api_key.revoked_at):%d/%m/%Y %H:%M}" if api_key.revoked_at else "hiệu lực"
            )
            used = f"{timezone.localtime(api_key.last_used_at):%d/%m/%Y %H:%M}" if api_key.last_used_at else "chưa dùng"
            self.stdout.write(f"#{api_key.pk}\t{api_key.prefix}…\t{api_key.name}\t{state}\tdùng gần nhất: {used}")

    def handle_revoke(self, key, **options):
        lookup = Q(prefix=key) | (Q(pk=int(key)) if key.isdigit() else Q())
        matches = list(ApiKey.objects.filter(lookup))
        if len(matches) != 1:
            raise CommandError(f"Không xác định được đúng một khóa theo '{key}' (tìm thấy {len(matches)}).")
        api_key = matches[0]
        if api_key.revoked_at:
            self.stdout.write(f"Khóa #{api_key.pk} ({api_key.prefix}…) đã bị thu hồi từ trước.")
            return
        api_key.revoke()
        self.stdout.write(f"Đã thu hồi khóa #{api_key.pk} ({api_key.prefix}…) của «{api_key.name}».")
