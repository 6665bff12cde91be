"""Sao lưu: database, media files and a manifest with checksums in one archive (opinions/backup.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opinions.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu, tệp đính kèm và ảnh vào một tệp .tar.gz có bảng kê mã kiểm tra."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(settings.VAR_DIR / "backups"), help="Thư mục lưu bản sao lưu.")

    def handle(self, *args, **options):
        try:
            archive = make_backup(options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
