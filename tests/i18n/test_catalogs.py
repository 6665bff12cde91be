"""Every catalog locale/*/vi/LC_MESSAGES/*.po parses, compiles, keeps the placeholders of its
msgids, is Unicode NFC, and its committed .mo is the compiled form of the .po."""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict

import polib
import pytest
from i18n_lib import (
    LOCALE_ROOT,
    check_entry,
    compile_po,
    entry_key,
    entry_problems,
    expected_mo_catalog,
    header_problems,
    is_translated,
    load,
    mo_catalog,
    mo_problems,
    our_catalogs,
    placeholders,
    translations_of,
)

CATALOGS = our_catalogs()
IDS = [str(p.relative_to(LOCALE_ROOT)) for p in CATALOGS]
MSGFMT = shutil.which("msgfmt")


def _fail(problems, what):
    if problems:
        shown = "\n  ".join(problems[:40])
        more = f"\n  … and {len(problems) - 40} more" if len(problems) > 40 else ""
        pytest.fail(f"{len(problems)} {what}:\n  {shown}{more}", pytrace=False)


def test_there_are_catalogs():
    assert CATALOGS, f"no catalog found under {LOCALE_ROOT}/*/vi/LC_MESSAGES/"


# ---------------------------------------------------------------- placeholders() itself


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Delete %(title)s", {"%(title)s": 1}),
        ("%(count)d pages and %(num)s others, 5%% done", {"%(count)d": 1, "%(num)s": 1, "%%": 1}),
        ("%s through %s", {"%s#1": 1, "%s#2": 1}),
        ("Page %d of %s", {"%d#1": 1, "%s#2": 1}),
        ("Hello {name}, {0} and {}", {"{name}": 1, "{0}": 1, "{}#1": 1}),
        ("{} new, {} updated", {"{}#1": 1, "{}#2": 1}),
        ("literal {{braces}} are not fields", {}),
        ("100% sure, 50 % off", {}),
        ("<b>bold</b> and <br />", {"<b>": 1, "</b>": 1, "<br/>": 1}),
        ('<a href="%(url)s" target="_blank">add</a>', {"<a href=%(url)s target=_blank>": 1, "</a>": 1, "%(url)s": 1}),
        ("{title} by {title}", {"{title}": 1}),  # a name is a set member, saying it once is fine
        ("", {}),
    ],
)
def test_placeholders_extracts(text, expected):
    assert dict(placeholders(text)) == expected


def test_placeholders_ignore_word_order_but_not_names():
    assert placeholders("%(a)s of %(b)s") == placeholders("%(b)s của %(a)s")
    assert placeholders("%(title)s deleted") != placeholders("Đã xóa %(tittle)s")
    assert placeholders("%(count)d items") != placeholders("%(count)s mục")  # conversion changed


def test_placeholders_positional_order_matters():
    # unnamed placeholders are filled in order: swapping %s and %d breaks formatting
    assert placeholders("%s has %d pages") != placeholders("%d trang của %s")


def test_placeholders_html_attributes():
    assert placeholders('<a href="%(url)s">add one</a>') == placeholders('<a href="%(url)s">thêm mới</a>')
    assert placeholders('<a href="%(url)s">x</a>') != placeholders('<a href="%(link)s">x</a>')
    assert placeholders('<a href="%(url)s">x</a>') != placeholders('<a href="%(url)s">x')  # lost </a>
    assert placeholders('<span class="w-sr-only">x</span>') != placeholders("<span>x</span>")
    # human-readable attribute text may be translated
    assert placeholders('<abbr title="Search engine optimisation">SEO</abbr>') == placeholders(
        '<abbr title="Tối ưu hóa công cụ tìm kiếm">SEO</abbr>'
    )


def _entry(msgid, msgstr="", msgid_plural="", msgstr0=""):
    e = polib.POEntry(msgid=msgid, msgid_plural=msgid_plural)
    if msgid_plural:
        e.msgstr_plural = {0: msgstr0}
    else:
        e.msgstr = msgstr
    return e


def test_check_entry_detects_broken_translations():
    ok = _entry("Delete %(title)s", "Xóa %(title)s")
    assert check_entry(ok) == []
    broken = [
        _entry("Delete %(title)s", "Xóa %(tittle)s"),  # renamed
        _entry("Delete %(title)s", "Xóa"),  # dropped
        _entry("Delete", "Xóa %(title)s"),  # added
        _entry('Why not <a href="%(url)s">add one</a>?', 'Hãy <a href="%(url)s">thêm mới.'),  # lost </a>
        _entry("Import finished: {} new, {} updated", "Đã nhập xong: {} mới"),  # lost a {}
        _entry("Hello\n", "Xin chào"),  # lost trailing newline
        # plural: vi has one form, msgstr[0] is used for every n and must carry %(count)d
        _entry("One page deleted.", msgid_plural="%(count)d pages deleted.", msgstr0="Đã xóa một trang."),
    ]
    for e in broken:
        assert check_entry(e), f"not detected: {e.msgid!r} -> {translations_of(e)!r}"
    assert [k for k, _ in check_entry(_entry("Delete", "Xoá"))] == []  # NFC-composed "oá" is fine
    decomposed = "Xo\u0301a"  # o + combining acute: NFD
    assert [k for k, _ in check_entry(_entry("Delete", decomposed))] == ["nfc"]
    plural_ok = _entry("One page deleted.", msgid_plural="%(count)d pages deleted.", msgstr0="Đã xóa %(count)d trang.")
    assert check_entry(plural_ok) == []


def test_checks_catch_a_deliberately_broken_catalog(tmp_path):
    """A broken copy of a real catalog must fail the same checks the catalogs pass."""
    src = CATALOGS[0]
    po = load(src)
    victims = [e for e in po if is_translated(e) and not e.msgid_plural and "%(" in e.msgid]
    if not victims:
        victims = [e for e in po if is_translated(e) and not e.msgid_plural]
    victim = victims[0]
    victim.msgstr = victim.msgstr.replace("%(", "%(broken_") if "%(" in victim.msgstr else victim.msgstr + " %(oops)s"
    other = next(e for e in po if is_translated(e) and not e.msgid_plural and e is not victim)
    other.msgstr = "Xo\u0301a " + other.msgstr  # not NFC
    broken = tmp_path / src.name
    po.save(str(broken))
    shutil.copy(src.with_suffix(".mo"), broken.with_suffix(".mo"))  # .mo of the unbroken .po: now stale
    assert entry_problems(load(broken), {"placeholders"})
    assert entry_problems(load(broken), {"nfc"})
    assert mo_problems(broken)
    compile_po(broken)
    assert not mo_problems(broken)
    if MSGFMT:
        res = subprocess.run(
            [MSGFMT, "--check", "-o", "/dev/null", str(broken)], capture_output=True, text=True, check=False
        )
        if "%(" in victim.msgid:
            assert res.returncode != 0, "msgfmt did not notice the renamed placeholder"


# ---------------------------------------------------------------- the catalogs


@pytest.mark.parametrize("path", CATALOGS, ids=IDS)
def test_parses_with_vietnamese_header(path):
    po = load(path)
    _fail(header_problems(po), "header problems")
    keys = [entry_key(e) for e in po if not e.obsolete]
    dupes = sorted({k for k in keys if keys.count(k) > 1}, key=str)
    _fail([f"duplicate msgid {k}" for k in dupes], "duplicate entries")
    bad_plural = [
        f"{e.msgid!r}: msgstr_plural keys {sorted(e.msgstr_plural)}"
        for e in po
        if e.msgid_plural and not e.obsolete and set(map(int, e.msgstr_plural)) - {0}
    ]
    _fail(bad_plural, "plural entries with forms other than msgstr[0] (vi has nplurals=1)")


@pytest.mark.parametrize("path", CATALOGS, ids=IDS)
def test_compiles_with_polib(path, tmp_path):
    mo = compile_po(path, tmp_path / "out.mo")
    assert mo_catalog(mo) == expected_mo_catalog(load(path))


@pytest.mark.parametrize("path", CATALOGS, ids=IDS)
def test_compiles_with_msgfmt(path):
    if not MSGFMT:
        pytest.skip("GNU gettext msgfmt not installed (optional; polib compile is tested above)")
    res = subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr


@pytest.mark.parametrize("path", CATALOGS, ids=IDS)
def test_placeholders_kept(path):
    _fail(entry_problems(load(path), {"placeholders", "newline"}), "translations that change placeholders/HTML")


@pytest.mark.parametrize("path", CATALOGS, ids=IDS)
def test_msgstr_is_nfc(path):
    _fail(entry_problems(load(path), {"nfc"}), "msgstr not in Unicode NFC")


@pytest.mark.parametrize("path", CATALOGS, ids=IDS)
def test_committed_mo_is_up_to_date(path):
    _fail(mo_problems(path), "compiled-catalog problems")


def test_same_msgid_same_translation_across_catalogs():
    """Django merges every LOCALE_PATHS catalog of a domain into one: for a msgid present in
    two of our catalogs only one translation can ever be shown (the first LOCALE_PATHS entry
    wins). Different translations of the same (msgctxt, msgid) are therefore bugs."""
    seen = defaultdict(dict)
    for path in CATALOGS:
        for e in load(path):
            if is_translated(e):
                seen[(path.stem, *entry_key(e))][str(path.relative_to(LOCALE_ROOT).parts[0])] = translations_of(e)[0]
    conflicts = [
        f"{(f'[{ctx}] ' if ctx else '')}{msgid!r} ({domain}): "
        + "; ".join(f"{lab}={txt!r}" for lab, txt in sorted(per.items()))
        for (domain, ctx, msgid), per in sorted(seen.items(), key=str)
        if len(set(per.values())) > 1
    ]
    _fail(conflicts, "msgids translated differently in different catalogs")
