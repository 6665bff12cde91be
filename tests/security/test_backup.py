"""Backup and restore (issue 18): back up, wipe, restore into an empty installation: every record,
attachment and page is back; a damaged archive is refused before anything is touched."""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.test_run_all import ROOT

PLANT = """
from django.core.files.base import ContentFile
from wagtail.models import Page
from opinions.models import Attachment, Case, Signal
case = Case.objects.create(title="Đường hư hỏng sau mưa")
signal = Signal.objects.create(channel="web", kind="report", text="Ổ gà lớn trên đường.", case=case)
attachment = Attachment(signal=signal, original_name="anh.jpg", content_type="image/jpeg", size=9)
attachment.file.save("anh.jpg", ContentFile(b"JPEGDATA1"))
"""
COUNT = """
import json
from wagtail.models import Page
from opinions.models import Attachment, Case, Signal
a = Attachment.objects.get()
print(json.dumps({"signals": Signal.objects.count(), "cases": Case.objects.count(), "pages": Page.objects.count(),
                  "file": a.file.read().decode(), "code": Signal.objects.get().tracking_code}))
"""


def manage(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=900,
    )


def counts(env):
    return json.loads(manage(env, "shell", "-v", "0", "-c", COUNT).stdout.strip().splitlines()[-1])


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the SQLite path here")
def test_back_up_wipe_restore_and_everything_is_back(tmp_path):
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k not in {"TESTING", "DATABASE_URL", "MEDIA_ROOT"}}
    env.update(DEBUG="1", VAR_DIR=str(var), DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}")
    manage(env, "migrate", "-v0")
    manage(env, "shell", "-c", PLANT)
    before = counts(env)
    archive = Path(manage(env, "backup", "--output", str(tmp_path / "backups")).stdout.strip())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert "database/database.sqlite3" in manifest["files"]
    assert any(name.startswith("media/dinh-kem/") for name in manifest["files"])

    shutil.rmtree(var)  # the machine is lost
    # A damaged archive is refused and nothing is written.
    broken = tmp_path / "hong.tar.gz"
    with tarfile.open(archive) as tar, tarfile.open(broken, "w:gz") as out:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()
            if member.name.startswith("media/"):
                data = b"X" + data[1:]
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    refused = manage(env, "restore", str(broken), check=False)
    assert refused.returncode != 0 and "mã kiểm tra không khớp" in refused.stderr
    assert not (var / "media" / "dinh-kem").exists()

    manage(env, "restore", str(archive))
    assert counts(env) == before
    # Restoring again over data needs --force.
    again = manage(env, "restore", str(archive), check=False)
    assert again.returncode != 0 and "--force" in again.stderr
