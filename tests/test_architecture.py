"""Architecture checks of CONTRIBUTING.md: import-linter contracts and scripts/check_structure.py
(no import circles, sizes, commented imports inside functions) hold, and each fails when broken."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CODE = ("analysis", "cms", "home", "news", "opinions", "search", "reports", "monitoring", "surveys", "privacy")


def copy_of_the_code(tmp_path):
    for name in CODE:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "check_structure.py", tmp_path / "scripts" / "check_structure.py")
    return tmp_path


def lint_imports(cwd):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
    )


def check_structure(cwd):
    return subprocess.run(
        [sys.executable, "scripts/check_structure.py"], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_the_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_a_django_import_in_analysis_breaks_a_contract(tmp_path):
    copy = copy_of_the_code(tmp_path)
    with open(copy / "analysis" / "normalise.py", "a") as module:
        module.write("\nfrom django.conf import settings  # deliberate violation\n")
    result = lint_imports(copy)
    assert result.returncode == 1
    assert "analysis imports neither Django nor anything of the project BROKEN" in " ".join(result.stdout.split())


def test_the_domain_importing_the_reports_app_breaks_a_contract(tmp_path):
    copy = copy_of_the_code(tmp_path)
    with open(copy / "opinions" / "access.py", "a") as module:
        module.write("\nimport reports.ontime  # deliberate violation\n")
    result = lint_imports(copy)
    assert result.returncode == 1
    assert "BROKEN" in result.stdout


def test_the_structure_holds():
    result = check_structure(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "circles 0, size offenders 0, uncommented imports in functions 0" in result.stdout


def test_an_import_circle_hidden_in_a_function_is_found(tmp_path):
    copy = copy_of_the_code(tmp_path)
    with open(copy / "opinions" / "models" / "base.py", "a") as module:
        module.write(
            "\n\ndef touch():\n    # a reason\n    from opinions.cycle import services\n\n    return services\n"
        )
    result = check_structure(copy)
    assert result.returncode == 1
    assert "circle:" in result.stdout and "opinions.cycle.services" in result.stdout
