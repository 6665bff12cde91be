"""Phục hồi: put a backup (manage.py backup) back into an empty installation (opinions/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from opinions.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Phục hồi cơ sở dữ liệu và tệp từ một bản sao lưu, sau khi kiểm tra mã kiểm tra của mọi tệp."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .tar.gz do lệnh backup tạo.")
        parser.add_argument("--force", action="store_true", help="Ghi đè cả khi cài đặt này đã có dữ liệu.")

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(options["file"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Đã phục hồi bản sao lưu lúc {manifest['created_at']} ({len(manifest['files'])} tệp).")
