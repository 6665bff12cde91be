#!/usr/bin/env python3
"""Merge the msgids of the installed upstream packages into our catalogs, keeping translations.

Run after upgrading Wagtail / django-import-export / django-filter / django-taggit / django-tasks:

    python scripts/i18n_sync.py                 # every catalog of scripts/i18n_lib.py:UPSTREAMS
    python scripts/i18n_sync.py wagtail_admin   # only some labels
    python scripts/i18n_sync.py --dry-run       # report, write nothing

For each upstream catalog (its ``en`` template, or the union of its language catalogs, or the
gettext calls of its .py files - see ``Upstream.source``) the script rewrites
``locale/<label>/vi/LC_MESSAGES/<domain>.po`` in upstream order (like ``msgmerge``):

* unchanged (msgctxt, msgid): translation, translator comments and flags kept; references,
  extracted comments and msgid_plural refreshed from upstream;
* new msgid whose exact (msgctxt, msgid) is translated in another of our catalogs of the same
  domain: that translation is reused (Django merges all catalogs of a domain, so it is the
  translation that would be shown anyway) - not fuzzy;
* other new msgids: if a removed/changed old msgid is similar (difflib ratio >= 0.8) its
  translation is proposed with ``#, fuzzy`` and ``#| msgid`` (previous msgid) for review;
  otherwise the entry is left empty;
* msgids gone upstream (and not used for a fuzzy proposal): kept at the end as obsolete
  ``#~`` entries (ignored by gettext).

Fuzzy and empty entries count as untranslated in tests/i18n/test_coverage.py: translate them,
remove the fuzzy flag, then run scripts/compile_messages.py. The .mo is rewritten here too.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import polib
from i18n_lib import (
    LANG,
    LOCALE_ROOT,
    UPSTREAMS,
    compile_po,
    entry_key,
    is_translated,
    load,
    our_catalogs,
    upstream_template,
)

FUZZY_RATIO = 0.8


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, packages_distributions, version

    dists = packages_distributions().get(package, [package])
    for d in dists:
        try:
            return f"{d} {version(d)}"
        except PackageNotFoundError:
            continue
    return package


def _new_header(po: polib.POFile, tmpl: polib.POFile, package: str) -> None:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M+0000")
    meta = dict(po.metadata)
    meta.setdefault("Last-Translator", "Lắng Nghe project")
    meta.setdefault("Language-Team", "Vietnamese")
    pid = _version(package)
    if meta.get("Project-Id-Version", "").split(" ")[-1] == pid.split(" ")[-1]:
        pid = meta["Project-Id-Version"]
    meta.update(
        {
            "Project-Id-Version": pid,
            "POT-Creation-Date": (tmpl.metadata or {}).get("POT-Creation-Date", meta.get("POT-Creation-Date", now)),
            "PO-Revision-Date": now,
            "Language": LANG,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": "nplurals=1; plural=0;",
        }
    )
    order = [
        "Project-Id-Version",
        "Report-Msgid-Bugs-To",
        "POT-Creation-Date",
        "PO-Revision-Date",
        "Last-Translator",
        "Language-Team",
        "Language",
        "MIME-Version",
        "Content-Type",
        "Content-Transfer-Encoding",
        "Plural-Forms",
    ]
    po.metadata = {k: meta[k] for k in order if k in meta} | {k: v for k, v in meta.items() if k not in order}
    po.metadata_is_fuzzy = False


def _content(po: polib.POFile) -> list:
    """What matters in a catalog, independent of line wrapping and header dates."""
    return [
        (
            e.msgctxt,
            e.msgid,
            e.msgid_plural,
            e.msgstr,
            sorted(e.msgstr_plural.items()),
            sorted(e.flags),
            e.occurrences,
            " ".join((e.comment or "").split()),
            " ".join((e.tcomment or "").split()),
            bool(e.obsolete),
        )
        for e in po
    ]


def _copy_translation(dst: polib.POEntry, src: polib.POEntry) -> None:
    text = src.msgstr_plural.get(0, "") if src.msgid_plural else src.msgstr
    if dst.msgid_plural:
        dst.msgstr_plural = {0: text}
    else:
        dst.msgstr = text


def _translation_index(domain: str, exclude: Path, root: Path) -> dict:
    idx = {}
    for p in our_catalogs(root):
        if p.stem != domain or p == exclude:
            continue
        for e in load(p):
            if is_translated(e):
                idx.setdefault(entry_key(e), e)
    return idx


def sync(up, root: Path = LOCALE_ROOT, dry_run: bool = False) -> dict | None:
    """Merge upstream ``up`` into ``root/<label>/vi/LC_MESSAGES/<domain>.po``; return counts."""
    tmpl = upstream_template(up)
    if tmpl is None:
        return None
    path = up.our_po(root)
    old = load(path) if path.exists() else polib.POFile(wrapwidth=79)
    old_by_key = {entry_key(e): e for e in old if e.msgid and not e.obsolete}
    others = _translation_index(up.domain, path, root)
    new = polib.POFile(wrapwidth=79)
    new.header = old.header or (
        f"Vietnamese translation of {_version(up.package)}.\n"
        "This file is distributed under the same license as the upstream package."
    )
    new.metadata = dict(old.metadata)
    stats = {"kept": 0, "reused": 0, "fuzzy": 0, "empty": 0, "obsolete": 0}
    used = set()
    fresh = []
    for t in tmpl:
        if not t.msgid:
            continue
        k = entry_key(t)
        e = polib.POEntry(
            msgid=t.msgid,
            msgctxt=t.msgctxt,
            msgid_plural=t.msgid_plural,
            occurrences=list(t.occurrences),
            comment=t.comment,
            flags=[f for f in t.flags if f != "fuzzy"],
        )
        if e.msgid_plural:
            e.msgstr_plural = {0: ""}
        o = old_by_key.get(k)
        if o is not None and bool(o.msgid_plural) == bool(t.msgid_plural):
            used.add(k)
            _copy_translation(e, o)
            e.tcomment = o.tcomment
            if "fuzzy" in o.flags:
                e.flags.append("fuzzy")
                e.previous_msgid, e.previous_msgctxt = o.previous_msgid, o.previous_msgctxt
            stats["kept"] += 1
        elif k in others:
            _copy_translation(e, others[k])
            stats["reused"] += 1
        else:
            fresh.append(e)
        new.append(e)
    leftovers = [o for k, o in old_by_key.items() if k not in used and is_translated(o)]
    for e in fresh:
        best, ratio = None, 0.0
        for o in leftovers:
            r = difflib.SequenceMatcher(None, e.msgid, o.msgid).ratio()
            if r > ratio:
                best, ratio = o, r
        if best is not None and ratio >= FUZZY_RATIO:
            _copy_translation(e, best)
            used.add(entry_key(best))
            e.flags.append("fuzzy")
            e.previous_msgid = best.msgid
            if best.msgctxt:
                e.previous_msgctxt = best.msgctxt
            stats["fuzzy"] += 1
        else:
            stats["empty"] += 1
    upstream_keys = {entry_key(t) for t in tmpl}
    for o in old:
        if o.msgid and (o.obsolete or (entry_key(o) not in upstream_keys | used and o.translated())):
            o.obsolete = True
            new.append(o)
            stats["obsolete"] += 1
    stats["changed"] = not path.exists() or _content(new) != _content(old)
    if stats["changed"] and not dry_run:
        _new_header(new, tmpl, up.package)
        path.parent.mkdir(parents=True, exist_ok=True)
        new.save(str(path))
        compile_po(path)
    return stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("labels", nargs="*", help="catalog labels (directories under locale/); default: all")
    ap.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    ap.add_argument("--root", type=Path, default=LOCALE_ROOT, help="locale directory (default: %(default)s)")
    args = ap.parse_args(argv)
    ups = [u for u in UPSTREAMS if not args.labels or u.label in args.labels]
    if args.labels and not ups:
        ap.error(f"unknown label(s) {args.labels}; see UPSTREAMS in scripts/i18n_lib.py")
    todo = 0
    for up in ups:
        stats = sync(up, root=args.root, dry_run=args.dry_run)
        if stats is None:
            print(f"{up.name:45} skipped: {up.package} not installed")
            continue
        todo += stats["fuzzy"] + stats["empty"]
        changed = stats.pop("changed")
        verb = ("would be updated" if args.dry_run else "updated") if changed else "unchanged"
        print(f"{up.name:45} {verb}: " + ", ".join(f"{k} {v}" for k, v in stats.items()))
    if todo:
        print(f"{todo} entries need a translator (fuzzy or empty); see docs/i18n.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
