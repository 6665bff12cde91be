"""An installation of the previous round upgrades with a plain `migrate` (the structure issue).

The code of commit UPGRADE_FROM (the last landing before this round's restructure) prepares a
database with its demo data; today's code migrates that database and renders every case page and
the lists for the office and a unit handler. Runs on SQLite, and on PostgreSQL when the suite does.
"""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
UPGRADE_FROM = "d1a66c4"

RENDER = """
from django.test import Client
from django.contrib.auth import get_user_model
from opinions.models import Case, Signal
User = get_user_model()
bad = []
for username in ("bantuyengiao", "canbo.xuanhuong", "lanhdao"):
    client = Client()
    client.force_login(User.objects.get(username=username))
    urls = ["/admin/", "/admin/dlxh/xu-ly/", "/admin/dlxh/tiep-nhan/", "/admin/dlxh/canh-bao/"]
    urls += [f"/admin/dlxh/xu-ly/{pk}/" for pk in Case.objects.values_list("pk", flat=True)]
    urls += [f"/admin/dlxh/tiep-nhan/{pk}/" for pk in Signal.objects.filter(case=None).values_list("pk", flat=True)]
    for url in urls:
        status = client.get(url, HTTP_HOST="localhost").status_code
        if status >= 500 or (username == "bantuyengiao" and status not in (200, 302)):
            bad.append((username, url, status))
print("CASES", Case.objects.count())
print("BAD", bad)
"""


def _git(*args):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)


def _database_url(tmp_path):
    """A fresh database of the same engine as the suite's."""
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{tmp_path / 'upgrade.sqlite3'}", None
    import psycopg  # only on PostgreSQL runs

    db = settings.DATABASES["default"]
    name = f"ln_upgrade_{uuid.uuid4().hex[:8]}"
    base = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}", (base, name)


def _drop(pg):
    import psycopg  # only on PostgreSQL runs

    base, name = pg
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(cwd, env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, f"{cwd} manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.django_db
def test_previous_round_upgrades_with_plain_migrate(tmp_path):
    if _git("cat-file", "-t", UPGRADE_FROM).stdout.strip() != "commit":
        pytest.skip(f"lịch sử git không có commit {UPGRADE_FROM} (bản sao nông)")
    old = tmp_path / "old"
    added = _git("worktree", "add", "--detach", str(old), UPGRADE_FROM)
    assert added.returncode == 0, added.stderr
    url, pg = _database_url(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "1",
        "DEMO": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    try:
        _manage(old, env, "prepare")
        _manage(ROOT, env, "migrate", "--noinput")
        out = _manage(ROOT, env, "shell", "-c", RENDER)
    finally:
        _git("worktree", "remove", "--force", str(old))
        shutil.rmtree(old, ignore_errors=True)
        if pg:
            _drop(pg)
    cases = int(out.split("CASES", 1)[1].split()[0])
    assert cases > 0, out
    assert "BAD []" in out, out
