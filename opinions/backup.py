"""Sao lưu và phục hồi: one archive holds the database, the media files and a manifest.

- database: SQLite's online backup API (a consistent copy while the site runs) or `pg_dump -Fc`;
- media: every file under MEDIA_ROOT (citizens' attachments, images, documents);
- manifest.json: when, which database, and for every file its size and SHA-256, checked on restore.

`restore` goes into an empty installation (or, with force, over an existing one): it checks every
checksum before it touches anything, then puts the database and the media back.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

FORMAT = 1


class BackupError(Exception):
    """A backup that cannot be made or restored; the message is for the operator, in Vietnamese."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _database_url():
    db = settings.DATABASES["default"]
    user = f"{db['USER']}@" if db.get("USER") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{user}{db.get('HOST') or 'localhost'}{port}/{db['NAME']}"


def _pg_env():
    env = os.environ.copy()
    if settings.DATABASES["default"].get("PASSWORD"):
        env["PGPASSWORD"] = settings.DATABASES["default"]["PASSWORD"]
    return env


def dump_database(target_dir):
    """The database file in target_dir: database.sqlite3 or database.pgdump; its name."""
    if connection.vendor == "sqlite":
        target = Path(target_dir) / "database.sqlite3"
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        return target.name
    if connection.vendor == "postgresql":
        target = Path(target_dir) / "database.pgdump"
        command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _database_url()]
        result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)
        if result.returncode:
            raise BackupError(f"pg_dump không chạy được: {result.stderr.strip()[:500]}")
        return target.name
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")


def _media_files():
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def make_backup(output_dir):
    """Write langnghe-<time>.tar.gz into output_dir; returns its path."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"langnghe-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        db_name = dump_database(work)
        entries = {f"database/{db_name}": Path(work) / db_name}
        media_root = Path(settings.MEDIA_ROOT)
        entries.update({f"media/{p.relative_to(media_root).as_posix()}": p for p in _media_files()})
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "database": {"vendor": connection.vendor, "file": f"database/{db_name}"},
            "files": {name: {"size": path.stat().st_size, "sha256": _sha256(path)} for name, path in entries.items()},
        }
        with tarfile.open(archive, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            for name, path in entries.items():
                tar.add(path, arcname=name)
    return archive


def _safe_members(tar, root):
    for member in tar.getmembers():
        target = (root / member.name).resolve()
        if not str(target).startswith(str(root.resolve())) or not (member.isfile() or member.isdir()):
            raise BackupError(f"Tệp sao lưu chứa đường dẫn không hợp lệ: {member.name}")
    return tar.getmembers()


def read_backup(archive, work):
    """Unpack into work and check every file against the manifest; the manifest."""
    work = Path(work)
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, members=_safe_members(tar, work), filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"Không đọc được tệp sao lưu {archive}: {error}") from error
    try:
        manifest = json.loads((work / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError("Tệp sao lưu không có bảng kê (manifest.json) hợp lệ.") from error
    for name, meta in manifest["files"].items():
        path = work / name
        if not path.is_file() or path.stat().st_size != meta["size"] or _sha256(path) != meta["sha256"]:
            raise BackupError(f"Tệp {name} trong bản sao lưu bị hỏng hoặc bị sửa (mã kiểm tra không khớp).")
    return manifest


def is_empty_installation():
    tables = connection.introspection.table_names()
    if "opinions_signal" not in tables:
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM opinions_signal")
        return cursor.fetchone()[0] == 0


def restore_database(manifest, work):
    vendor, source = manifest["database"]["vendor"], Path(work) / manifest["database"]["file"]
    if vendor != connection.vendor:
        raise BackupError(f"Bản sao lưu là cơ sở dữ liệu {vendor}, cài đặt này dùng {connection.vendor}.")
    if vendor == "sqlite":
        target = Path(settings.DATABASES["default"]["NAME"])
        connections.close_all()
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source, target)
        return
    connections.close_all()
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "-d", _database_url()]
    result = subprocess.run([*command, str(source)], env=_pg_env(), capture_output=True, text=True, check=False)
    if result.returncode:
        raise BackupError(f"pg_restore không chạy được: {result.stderr.strip()[:500]}")


def restore_backup(archive, force=False):
    """Check, then put back the database and the media files; returns the manifest."""
    if not force and not is_empty_installation():
        raise BackupError("Cài đặt này đã có dữ liệu: chỉ phục hồi vào cài đặt trống (hoặc dùng --force).")
    with tempfile.TemporaryDirectory() as work:
        manifest = read_backup(archive, work)
        restore_database(manifest, work)
        media_root = Path(settings.MEDIA_ROOT)
        for name in manifest["files"]:
            if name.startswith("media/"):
                target = media_root / name.removeprefix("media/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(work) / name, target)
    return manifest
