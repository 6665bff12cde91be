"""Production refuses to start without SECRET_KEY and ALLOWED_HOSTS."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "TESTING"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_it_refuses_production_without_secret_key(tmp_path):
    result = run_check({"DEBUG": "0", "ALLOWED_HOSTS": "example.vn", "VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY phải được đặt" in result.stderr


def test_it_refuses_production_without_allowed_hosts(tmp_path):
    result = run_check({"DEBUG": "0", "SECRET_KEY": "x" * 50, "VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS phải được đặt" in result.stderr


def test_it_starts_in_production_when_both_are_set(tmp_path):
    result = run_check({"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.vn", "VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
