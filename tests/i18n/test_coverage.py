"""Coverage of the Vietnamese catalogs against the upstream catalogs of the apps in use.

For each upstream catalog (scripts/i18n_lib.py:UPSTREAMS: the `en` django.po/djangojs.po of
each Wagtail app, django-taggit's `en`, the union of django-import-export's and django-filter's
language catalogs, gettext calls of django-tasks) count the msgids (with msgctxt) that are not
translated (missing, empty or fuzzy) in locale/<label>/vi/LC_MESSAGES/<domain>.po.
`pytest -s` shows the table. Enforced catalogs (screens users reach) fail above zero.
"""

from __future__ import annotations

import pytest
from i18n_lib import (
    LOCALE_ROOT,
    UPSTREAMS,
    Upstream,
    coverage,
    coverage_table,
    extract_py,
    our_catalogs,
    upstream_template,
)


@pytest.fixture(scope="module")
def rows():
    return {r.upstream: r for r in coverage()}


def test_the_coverage_table_lists_every_upstream_catalog(rows):
    """The table scripts/i18n_sync.py prints has one line per upstream catalog, with its counts."""
    table = coverage_table(list(rows.values()))
    for up, row in rows.items():
        assert up.name in table
        if row.installed:
            assert str(row.total) in table


@pytest.mark.parametrize("up", [u for u in UPSTREAMS if u.required], ids=lambda u: u.name)
def test_enforced_catalog_fully_translated(rows, up: Upstream):
    row = rows[up]
    if not row.installed:
        pytest.skip(f"{up.package} is not installed in this environment")
    assert row.total > 0, f"no msgids found upstream for {up.name}"
    if row.missing:
        shown = "\n  ".join((f"[{c}] " if c else "") + repr(m) for c, m in row.missing[:30])
        more = f"\n  … and {len(row.missing) - 30} more" if len(row.missing) > 30 else ""
        where = up.our_po().relative_to(LOCALE_ROOT.parent)
        pytest.fail(
            f"{up.name}: {len(row.missing)} of {row.total} msgids untranslated or fuzzy in {where}"
            f" (scripts/i18n_sync.py adds new upstream msgids):\n  {shown}{more}",
            pytrace=False,
        )


def test_every_catalog_is_counted():
    """A catalog under locale/ that no UPSTREAMS row covers would escape the coverage test."""
    known = {(u.label, u.domain) for u in UPSTREAMS}
    stray = [str(p) for p in our_catalogs() if (p.parts[-4], p.stem) not in known]
    assert not stray, f"add these to UPSTREAMS in scripts/i18n_lib.py: {stray}"


def test_union_msgid_lists_match_the_source():
    """import_export and django_filters ship no `en` template; our msgid list is the union of their
    language catalogs. Cross-check it with the gettext calls in their Python source."""
    for up in UPSTREAMS:
        if up.source != "union" or up.app_dir() is None:
            continue
        listed = {(e.msgctxt or None, e.msgid) for e in upstream_template(up)}
        in_source = {(e.msgctxt or None, e.msgid) for e in extract_py(up.app_dir())}
        assert in_source <= listed, (
            f"{up.name}: strings in the source but in no catalog: {sorted(in_source - listed, key=str)}"
        )
