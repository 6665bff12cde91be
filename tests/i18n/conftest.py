"""tests/i18n: checks of the Vietnamese catalogs under locale/. Plain pytest, no Django settings.

The helpers live in scripts/i18n_lib.py (shared with scripts/compile_messages.py,
scripts/i18n_coverage.py and scripts/i18n_sync.py). They need polib
(requirements-dev.txt).
"""

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

try:
    import polib  # noqa: F401
except ImportError as exc:  # pragma: no cover - an environment problem, not a test result
    raise ImportError("tests/i18n need polib: pip install -r requirements-dev.txt") from exc
