"""scripts/i18n_sync.py on a copy of locale/ that plays the catalog of an older upstream version."""

from __future__ import annotations

import shutil

import i18n_sync
import polib
import pytest
from i18n_lib import LOCALE_ROOT, UPSTREAMS, entry_problems, is_translated, load, mo_problems

LABEL = "wagtail_contrib_redirects"
UP = next(u for u in UPSTREAMS if u.label == LABEL)


@pytest.fixture
def old_copy(tmp_path):
    if UP.app_dir() is None or not UP.our_po().exists():
        pytest.skip("wagtail or our redirects catalog not available")
    root = tmp_path / "locale"
    for label in (LABEL, "wagtail_admin", "wagtail_contrib_forms"):
        if (LOCALE_ROOT / label).exists():
            shutil.copytree(LOCALE_ROOT / label, root / label)
    po_path = UP.our_po(root)
    po = load(po_path)
    # "older upstream": a msgid that was worded differently, one msgid that did not exist yet,
    # one that upstream has since removed
    po.find("Delete redirect %(title)s").msgid = "Delete the redirect %(title)s"
    po.remove(po.find("Add redirect"))
    po.remove(po.find("Cancel"))
    po.append(polib.POEntry(msgid="A string upstream removed", msgstr="Một chuỗi đã bị bỏ"))
    po.save(str(po_path))
    return root


def test_sync_merges_new_upstream_msgids_keeping_translations(old_copy):
    before = {e.msgid: e.msgstr for e in load(UP.our_po(old_copy)) if is_translated(e)}
    stats = i18n_sync.sync(UP, root=old_copy)
    po = load(UP.our_po(old_copy))
    by_id = {e.msgid: e for e in po if not e.obsolete}

    # every upstream msgid is present, in upstream order, translations kept
    upstream = [e.msgid for e in load(UP.app_dir() / "locale/en/LC_MESSAGES/django.po") if e.msgid]
    assert [e.msgid for e in po if not e.obsolete] == upstream
    assert by_id["Redirects"].msgstr == before["Redirects"]
    # reworded msgid: old translation proposed as fuzzy, with the previous msgid
    e = by_id["Delete redirect %(title)s"]
    assert "fuzzy" in e.flags and e.previous_msgid == "Delete the redirect %(title)s"
    assert e.msgstr == before["Delete the redirect %(title)s"]
    # new msgid translated identically in another catalog of the domain: reused
    assert by_id["Cancel"].msgstr and "fuzzy" not in by_id["Cancel"].flags
    # new msgid with no match: left empty for a translator
    assert by_id["Add redirect"].msgstr == ""
    # removed upstream: kept as obsolete
    assert [e.msgid for e in po if e.obsolete] == ["A string upstream removed"]
    assert stats["fuzzy"] == 1 and stats["empty"] == 1 and stats["reused"] == 1 and stats["obsolete"] == 1
    # header, placeholders and the compiled .mo are in order
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;" and not po.metadata_is_fuzzy
    assert not entry_problems(po)
    assert not mo_problems(UP.our_po(old_copy))


def test_sync_is_idempotent(old_copy):
    i18n_sync.sync(UP, root=old_copy)
    text = UP.our_po(old_copy).read_text(encoding="utf-8")
    stats = i18n_sync.sync(UP, root=old_copy)
    assert stats["changed"] is False
    assert UP.our_po(old_copy).read_text(encoding="utf-8") == text
