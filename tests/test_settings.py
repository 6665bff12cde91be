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


def test_it_stops_on_a_yes_no_variable_that_is_neither(tmp_path):
    result = run_check({"DEBUG": "1", "DEMO": "yess", "VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DEMO='yess' không hợp lệ" in result.stderr


def test_it_reads_every_spelling_of_yes_and_no(tmp_path):
    for word in ("1", "true", "Yes", "ON", "0", "false", "No", "off"):
        assert run_check({"DEBUG": "1", "DEMO": word, "VAR_DIR": str(tmp_path)}).returncode == 0, word


def settings_variables():
    """Every environment variable that cms/settings.py reads, found in its source."""
    import re

    source = (ROOT / "cms" / "settings.py").read_text()
    pattern = r'(?:env_bool|env_list|env_int|os\.environ\.get)\(\s*"([A-Z][A-Z0-9_]*)"'
    return set(re.findall(pattern, source))


def test_every_settings_variable_is_in_env_example_and_documented():
    variables = settings_variables()
    assert len(variables) > 30
    example = (ROOT / ".env.example").read_text()
    documentation = (ROOT / "docs" / "configuration.md").read_text()
    assert not {v for v in variables if f"{v}=" not in example}, "missing in .env.example"
    assert not {v for v in variables if f"`{v}`" not in documentation}, "missing in docs/configuration.md"
