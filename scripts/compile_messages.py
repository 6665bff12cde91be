#!/usr/bin/env python3
"""Compile every ``locale/**/*.po`` of the project to ``.mo`` with polib (no GNU gettext needed).

    python scripts/compile_messages.py           # (re)write every .mo
    python scripts/compile_messages.py --check   # only report .mo files that are missing/out of date (exit 1)

The project commits the .mo files; ``make run`` may call this before starting.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from i18n_lib import LOCALE_ROOT, compile_po, mo_problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if a .mo is missing or stale")
    ap.add_argument("--root", type=Path, default=LOCALE_ROOT, help="locale directory (default: %(default)s)")
    args = ap.parse_args(argv)
    pos = sorted(args.root.glob("**/*.po"))
    bad = 0
    for po in pos:
        rel = po.relative_to(args.root)
        if args.check:
            problems = mo_problems(po)
            if problems:
                bad += 1
                print(f"{rel}: {'; '.join(problems)}")
        else:
            compile_po(po)
            print(f"compiled {rel.with_suffix('.mo')}")
    if args.check:
        print(f"{len(pos) - bad}/{len(pos)} .mo files up to date")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
