"""Shared helpers for the project's Vietnamese gettext catalogs under ``locale/``.

Used by ``scripts/compile_messages.py``, ``scripts/i18n_coverage.py``,
``scripts/i18n_sync.py`` and the tests in ``tests/i18n/``. Needs ``polib``
(see ``requirements-dev.txt``) but no Django settings and no GNU gettext.

Layout: ``locale/<label>/vi/LC_MESSAGES/<domain>.po`` (+ ``.mo``), one directory per
upstream app, ``<label>`` being the dotted app label with dots replaced by
underscores (``wagtail.contrib.forms`` -> ``wagtail_contrib_forms``, Wagtail core
``wagtail`` -> ``wagtail_core``). Each directory is one ``LOCALE_PATHS`` entry.
"""

from __future__ import annotations

import ast
import gettext
import importlib.util
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
LOCALE_ROOT = REPO / "locale"
LANG = "vi"

# --------------------------------------------------------------------------------------
# Placeholders
# --------------------------------------------------------------------------------------

# printf-style conversions as Python's ``%`` operator and Django's JS ``interpolate``
# understand them: %(name)s, %s, %d, %5.2f, %%. (No space flag, so that "100% sure"
# in plain prose is not mistaken for "% s".)
_PERCENT = re.compile(
    r"%(?:\((?P<name>[^()]*)\))?[#0+-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsab%])"
)
# str.format fields: {}, {0}, {name}, {name.attr}, {name[0]}, {0!r}, {name:>10}
_BRACE = re.compile(r"\{(?P<field>[A-Za-z0-9_]*(?:[.\[][^{}\s]*)?)(?:![rsa])?(?::[^{}]*)?\}")
# HTML tags with their attributes
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s+[^<>]*?)?\s*/?>")
_ATTR = re.compile(r"""([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
# attribute values that are human text and may (should) be translated
TRANSLATABLE_ATTRS = {"title", "alt", "aria-label", "placeholder", "aria-description"}


def _norm_tag(tag: str) -> str:
    m = re.match(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)(.*?)(/?)>$", tag, re.DOTALL)
    if not m:
        return tag
    slash, name, rest, selfclose = m.groups()
    attrs = []
    for a in _ATTR.finditer(rest):
        key, val = a.group(1), a.group(2)
        if val is None:
            attrs.append(key)
        elif key.lower() in TRANSLATABLE_ATTRS and "%" not in val and "{" not in val:
            attrs.append(f"{key}=…")
        else:
            attrs.append(f"{key}={val.strip(chr(34) + chr(39))}")
    return "<" + slash + name.lower() + "".join(" " + x for x in attrs) + selfclose + ">"


def placeholders(s: str) -> Counter:
    """Return the multiset of interpolation placeholders and HTML tags in ``s``.

    * ``%(name)s``-style and ``{name}``-style placeholders are keyed by their text and
      counted once (word order may change, a repeated name may be said once, but
      the set of names may not change);
    * unnamed ``%s``/``%d`` and ``{}`` carry their position (``%s#1``, ``{}#2``),
      because they are filled in order and may not be reordered;
    * ``%%`` is kept (a literal percent sign in a python-format string);
    * HTML tags are keyed by tag name and attributes (values of ``title``/``alt``/
      ``aria-label``/``placeholder`` are human text and may be translated).
    """
    found: Counter = Counter()
    if not s:
        return found
    pos = 0
    for m in _PERCENT.finditer(s):
        text = m.group(0)
        if m.group("name") is None and m.group("conv") != "%":
            pos += 1
            text = f"{text}#{pos}"
            found[text] += 1
        elif m.group("name") is None:
            found[text] += 1
        else:
            found[text] = 1
    unescaped = s.replace("{{", "").replace("}}", "")
    bpos = 0
    for m in _BRACE.finditer(unescaped):
        text = m.group(0)
        if m.group("field") == "":
            bpos += 1
            found[f"{text}#{bpos}"] += 1
        else:
            found[text] = 1
    for m in _TAG.finditer(s):
        found[_norm_tag(m.group(0))] += 1
    return found


def _fmt(c: Counter) -> str:
    return ", ".join(f"{k}×{v}" if v > 1 else k for k, v in sorted(c.items())) or "∅"


def entry_key(entry) -> tuple:
    return (entry.msgctxt or None, entry.msgid)


def entry_label(entry) -> str:
    ctx = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    text = entry.msgid if len(entry.msgid) < 70 else entry.msgid[:67] + "..."
    return f"{ctx}{text!r}"


def translations_of(entry) -> list[str]:
    if entry.msgid_plural:
        return [v for _, v in sorted(entry.msgstr_plural.items())]
    return [entry.msgstr]


def check_entry(entry) -> list[tuple[str, str]]:
    """Problems of one entry's translation(s) as ``(kind, message)``.

    kinds: ``placeholders`` (set of placeholders/HTML tags differs from the msgid's),
    ``nfc`` (msgstr not Unicode NFC), ``newline`` (msgstr starts/ends with a newline
    and the msgid does not, or the reverse). Empty msgstr are not checked.
    """
    problems = []
    if entry.msgid_plural:
        # nplurals=1 in Vietnamese: msgstr[0] serves every n, so it must carry the
        # placeholders of msgid_plural (or of both forms together).
        wanted = [placeholders(entry.msgid_plural), placeholders(entry.msgid) | placeholders(entry.msgid_plural)]
        source = entry.msgid_plural
    else:
        wanted = [placeholders(entry.msgid)]
        source = entry.msgid
    for i, text in enumerate(translations_of(entry)):
        if not text:
            continue
        got = placeholders(text)
        if got not in wanted:
            problems.append(
                ("placeholders", f"{entry_label(entry)}: msgstr[{i}] has {_fmt(got)}, msgid has {_fmt(wanted[0])}")
            )
        if unicodedata.normalize("NFC", text) != text:
            problems.append(("nfc", f"{entry_label(entry)}: msgstr[{i}] is not Unicode NFC"))
        for side, test in (("starts", str.startswith), ("ends", str.endswith)):
            if test(source, "\n") != test(text, "\n"):
                problems.append(
                    ("newline", f"{entry_label(entry)}: msgstr[{i}] {side} with a newline unlike its msgid")
                )
    return problems


def is_translated(entry) -> bool:
    return entry.translated() and "fuzzy" not in entry.flags and not entry.obsolete


# --------------------------------------------------------------------------------------
# Our catalogs
# --------------------------------------------------------------------------------------


def our_catalogs(root: Path = LOCALE_ROOT, lang: str = LANG) -> list[Path]:
    return sorted(root.glob(f"*/{lang}/LC_MESSAGES/*.po"))


def load(path) -> polib.POFile:
    return polib.pofile(str(path), wrapwidth=79)


def compile_po(po_path: Path, mo_path: Path | None = None) -> Path:
    po = load(po_path)
    mo_path = mo_path or Path(po_path).with_suffix(".mo")
    po.save_as_mofile(str(mo_path))
    return mo_path


def expected_mo_catalog(po: polib.POFile) -> dict:
    """The catalog (as ``gettext.GNUTranslations._catalog`` has it) a .mo of ``po`` holds."""
    cat = {}
    for e in po:
        if not is_translated(e) or not e.msgid:
            continue
        key = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid
        if e.msgid_plural:
            for i, v in e.msgstr_plural.items():
                cat[(key, int(i))] = v
        else:
            cat[key] = e.msgstr
    return cat


def mo_catalog(mo_path: Path) -> dict:
    with open(mo_path, "rb") as fp:
        trans = gettext.GNUTranslations(fp)
    cat = dict(trans._catalog)
    cat.pop("", None)
    return {k: v for k, v in cat.items() if not (isinstance(k, tuple) and k[0] == "")}


def header_problems(po: polib.POFile, lang: str = LANG) -> list[str]:
    meta = po.metadata
    problems = []
    if meta.get("Language") != lang:
        problems.append(f"header Language is {meta.get('Language')!r}, expected {lang!r}")
    if "charset=utf-8" not in meta.get("Content-Type", "").lower().replace(" ", ""):
        problems.append(f"header Content-Type is {meta.get('Content-Type')!r}, expected charset=UTF-8")
    if meta.get("Plural-Forms", "").replace(" ", "") != "nplurals=1;plural=0;":
        problems.append(f"header Plural-Forms is {meta.get('Plural-Forms')!r}, expected 'nplurals=1; plural=0;'")
    if po.metadata_is_fuzzy:
        problems.append("header is marked fuzzy")
    return problems


def entry_problems(po: polib.POFile, kinds=None) -> list[str]:
    """Problems of the translated (non-fuzzy) entries, filtered by kind."""
    out = []
    for e in po:
        if not is_translated(e):
            continue
        for kind, msg in check_entry(e):
            if kinds is None or kind in kinds:
                out.append(msg)
    return out


def mo_problems(po_path: Path) -> list[str]:
    """Is the committed .mo next to ``po_path`` the compiled form of the .po?"""
    mo_path = Path(po_path).with_suffix(".mo")
    if not mo_path.exists():
        return [f"{mo_path.name} missing: run scripts/compile_messages.py"]
    want, got = expected_mo_catalog(load(po_path)), mo_catalog(mo_path)
    if want == got:
        return []
    stale = sorted(str(k) for k in set(want) ^ set(got)) + sorted(
        str(k) for k in set(want) & set(got) if want[k] != got[k]
    )
    return [
        (
            f"{mo_path.name} is out of date with the .po ({len(stale)} differing entries, e.g. {stale[:3]}):"
            " run scripts/compile_messages.py"
        )
    ]


# --------------------------------------------------------------------------------------
# Upstream catalogs
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upstream:
    label: str  # our directory under locale/
    package: str  # importable top-level package
    subdir: str  # path of the app inside the package ("" = package root)
    domain: str = "django"
    source: str = "en"  # "en": <app>/locale/en template; "union": all languages' msgids; "py": extract from .py
    required: bool = True  # screens users reach: untranslated strings fail the coverage test

    @property
    def name(self) -> str:
        return f"{self.label}/{self.domain}"

    def app_dir(self) -> Path | None:
        spec = importlib.util.find_spec(self.package)
        if spec is None or not spec.submodule_search_locations:
            return None
        base = Path(next(iter(spec.submodule_search_locations)))
        return base / self.subdir if self.subdir else base

    def our_po(self, root: Path = LOCALE_ROOT, lang: str = LANG) -> Path:
        return root / self.label / lang / "LC_MESSAGES" / f"{self.domain}.po"


W = "wagtail"
# Every upstream catalog of the apps in use. ``required=False``: shown in the table,
# not enforced (developer-only screens, or apps not switched on yet).
UPSTREAMS: list[Upstream] = [
    Upstream("wagtail_admin", W, "admin"),
    Upstream("wagtail_admin", W, "admin", domain="djangojs"),
    Upstream("wagtail_core", W, ""),
    Upstream("wagtail_users", W, "users"),
    Upstream("wagtail_images", W, "images"),
    Upstream("wagtail_documents", W, "documents"),
    Upstream("wagtail_snippets", W, "snippets"),
    Upstream("wagtail_sites", W, "sites"),
    Upstream("wagtail_locales", W, "locales"),
    Upstream("wagtail_embeds", W, "embeds"),
    Upstream("wagtail_search", W, "search"),
    Upstream("wagtail_contrib_forms", W, "contrib/forms"),
    Upstream("wagtail_contrib_redirects", W, "contrib/redirects"),
    Upstream("wagtail_contrib_settings", W, "contrib/settings"),
    Upstream("wagtail_contrib_table_block", W, "contrib/table_block"),
    Upstream("wagtail_contrib_typed_table_block", W, "contrib/typed_table_block"),
    Upstream("wagtail_contrib_search_promotions", W, "contrib/search_promotions", required=False),
    Upstream("wagtail_contrib_simple_translation", W, "contrib/simple_translation", required=False),
    Upstream("wagtail_contrib_styleguide", W, "contrib/styleguide", required=False),
    Upstream("import_export", "import_export", "", source="union"),
    Upstream("django_filters", "django_filters", "", source="union"),
    Upstream("taggit", "taggit", ""),
    Upstream("django_tasks", "django_tasks", "", source="py", required=False),
    Upstream("django_tasks_db", "django_tasks_db", "", source="py", required=False),
    # Django's own catalogs: its shipped ``vi`` misses timesince ("5 minutes" ago), naturaltime,
    # validators, form and password messages that the Wagtail admin shows.
    Upstream("django_core", "django", "conf"),
    Upstream("django_contrib_auth", "django", "contrib/auth"),
    Upstream("django_contrib_humanize", "django", "contrib/humanize"),
    Upstream("django_contrib_contenttypes", "django", "contrib/contenttypes"),
]


def upstream_template(up: Upstream) -> polib.POFile | None:
    """A catalog holding every upstream msgid (msgctxt, plural) of ``up``, msgstr empty.

    None when the package is not installed.
    """
    app = up.app_dir()
    if app is None or not app.exists():
        return None
    if up.source == "en":
        path = app / "locale" / "en" / "LC_MESSAGES" / f"{up.domain}.po"
        if not path.exists():
            return None
        po = load(path)
        for e in po:
            _blank(e)
        return po
    if up.source == "union":
        merged = polib.POFile(wrapwidth=79)
        seen = {}
        for path in sorted((app / "locale").glob(f"*/LC_MESSAGES/{up.domain}.po")):
            cat = load(path)
            if not merged.metadata:
                merged.metadata = {
                    k: v for k, v in cat.metadata.items() if k in ("POT-Creation-Date", "Report-Msgid-Bugs-To")
                }
            for e in cat:
                if e.obsolete or not e.msgid:
                    continue
                k = entry_key(e)
                if k not in seen:
                    new = polib.POEntry(
                        msgid=e.msgid,
                        msgctxt=e.msgctxt,
                        msgid_plural=e.msgid_plural,
                        occurrences=list(e.occurrences),
                        comment=e.comment,
                        flags=[f for f in e.flags if f != "fuzzy"],
                    )
                    _blank(new)
                    seen[k] = new
                    merged.append(new)
        return merged
    if up.source == "py":
        return extract_py(app)
    raise ValueError(up.source)


def _blank(e) -> None:
    if "fuzzy" in e.flags:
        e.flags.remove("fuzzy")
    e.previous_msgid = e.previous_msgid_plural = e.previous_msgctxt = None
    if e.msgid_plural:
        e.msgstr_plural = {0: ""}
        e.msgstr = ""
    else:
        e.msgstr = ""


_GETTEXT_FUNCS = {
    # name: (context arg index or None, msgid index, plural index or None)
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


def _literal_arg(node: ast.Call, i: int | None):
    """The string literal at position ``i`` of a call; None if ``i`` is None, False if not a literal."""
    if i is None:
        return None
    if i < len(node.args) and isinstance(node.args[i], ast.Constant) and isinstance(node.args[i].value, str):
        return node.args[i].value
    return False


def extract_py(app: Path) -> polib.POFile:
    """Minimal xgettext for packages that ship no catalog: string-literal gettext calls in .py files."""
    po = polib.POFile(wrapwidth=79)
    seen = {}
    for path in sorted(app.rglob("*.py")):
        parts = set(path.relative_to(app).parts)
        if parts & {"tests", "migrations"}:
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name not in _GETTEXT_FUNCS:
                continue
            ci, mi, pi = _GETTEXT_FUNCS[name]

            ctx, msgid, plural = (_literal_arg(node, i) for i in (ci, mi, pi))
            if msgid in (None, False, "") or ctx is False or plural is False:
                continue
            occ = (f"{path.relative_to(app.parent).as_posix()}", str(node.lineno))
            k = (ctx, msgid)
            if k in seen:
                seen[k].occurrences.append(occ)
                continue
            e = polib.POEntry(msgid=msgid, msgctxt=ctx, msgid_plural=plural or "", occurrences=[occ])
            if _PERCENT.search(msgid):
                e.flags.append("python-format")
            _blank(e)
            seen[k] = e
            po.append(e)
    return po


@dataclass
class CoverageRow:
    upstream: Upstream
    total: int
    translated: int
    missing: list  # keys (msgctxt, msgid) untranslated in our catalog
    installed: bool = True
    catalog_exists: bool = True

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def coverage(root: Path = LOCALE_ROOT, lang: str = LANG, upstreams=None) -> list[CoverageRow]:
    rows = []
    for up in upstreams or UPSTREAMS:
        tmpl = upstream_template(up)
        if tmpl is None:
            rows.append(CoverageRow(up, 0, 0, [], installed=False, catalog_exists=up.our_po(root, lang).exists()))
            continue
        keys = [entry_key(e) for e in tmpl if e.msgid and not e.obsolete]
        ours = {}
        po_path = up.our_po(root, lang)
        if po_path.exists():
            for e in load(po_path):
                if is_translated(e):
                    ours[entry_key(e)] = e
        missing = [k for k in keys if k not in ours]
        rows.append(CoverageRow(up, len(keys), len(keys) - len(missing), missing, catalog_exists=po_path.exists()))
    return rows


def coverage_table(rows: list[CoverageRow]) -> str:
    out = io.StringIO()
    head = f"{'catalog':45} {'total':>6} {'transl.':>7} {'%':>6}  enforced"
    out.write(head + "\n" + "-" * len(head) + "\n")
    tot = tr = 0
    for r in rows:
        if not r.installed:
            out.write(f"{r.upstream.name:45} {'-':>6} {'-':>7} {'-':>6}  (package not installed)\n")
            continue
        tot += r.total
        tr += r.translated
        flag = "yes" if r.upstream.required else "no"
        note = "" if r.catalog_exists else "  (no catalog yet)"
        out.write(f"{r.upstream.name:45} {r.total:6d} {r.translated:7d} {r.percent:6.1f}  {flag}{note}\n")
    pct = 100.0 * tr / tot if tot else 100.0
    out.write("-" * len(head) + "\n" + f"{'TOTAL':45} {tot:6d} {tr:7d} {pct:6.1f}\n")
    return out.getvalue()
