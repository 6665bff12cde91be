#!/usr/bin/env python3
"""Print the translation coverage of our Vietnamese catalogs against the installed upstream packages.

    python scripts/i18n_coverage.py [--missing]

One row per upstream catalog (``scripts/i18n_lib.py:UPSTREAMS``): total msgids (with msgctxt),
translated (non-fuzzy) in ``locale/<label>/vi/LC_MESSAGES/<domain>.po``, percentage and whether
``tests/i18n/test_coverage.py`` enforces 100 %. The last line is JSON for machines.
Exit status 1 when an enforced catalog is below 100 %.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from i18n_lib import coverage, coverage_table


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--missing", action="store_true", help="also list the untranslated msgids")
    args = ap.parse_args(argv)
    rows = coverage()
    print(coverage_table(rows), end="")
    if args.missing:
        for r in rows:
            for ctx, msgid in r.missing:
                print(f"  {r.upstream.name}: " + (f"[{ctx}] " if ctx else "") + repr(msgid))
    data = [
        {
            "catalog": r.upstream.name,
            "installed": r.installed,
            "total": r.total,
            "translated": r.translated,
            "percent": round(r.percent, 1),
            "enforced": r.upstream.required,
        }
        for r in rows
    ]
    total = sum(r.total for r in rows)
    translated = sum(r.translated for r in rows)
    failing = [r.upstream.name for r in rows if r.installed and r.upstream.required and r.missing]
    print(
        json.dumps(
            {
                "catalogs": data,
                "total": total,
                "translated": translated,
                "percent": round(100.0 * translated / total, 1) if total else 100.0,
                "failing": failing,
            },
            ensure_ascii=False,
        )
    )
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
