"""Wagtail admin templates that hard-code English, overridden under templates/ with the fix.

Wagtail 8.0.1 writes a few interface words straight into its templates instead of through
gettext (``value="Search"``, ``aria-label="Actions"``) and prints Python's ``None`` for empty
values. The project's ``templates/`` directory comes before the apps' templates, so a copy there
wins. Each copy is the upstream template with the replacements below and nothing else:

    python scripts/i18n_templates.py          # (re)writes templates/wagtailadmin/... from upstream
    python scripts/i18n_templates.py --check  # exit 1 if a copy differs from upstream + replacements

After a Wagtail upgrade run it again (tests/i18n/test_template_overrides.py fails until then); a
replacement whose text is gone upstream is reported, so it can be dropped or adapted.
"""

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OVERRIDES = {
    "wagtailadmin/shared/headers/_actions.html": [
        ("{# Actions divider #}", "{% load i18n %}{# Actions divider #}"),
        ('aria-label="Actions"', 'aria-label="{% trans "Actions" %}"'),
    ],
    "wagtailadmin/shared/header.html": [
        ('value="Search"', 'value="{% trans "Search" %}"'),
    ],
    "wagtailadmin/home.html": [
        ('value="Search"', 'value="{% trans "Search" %}"'),
    ],
    # Empty values (no deadline yet, a page published by a script) printed as "None"; and the
    # |localize filter turned datetimes into text before Django's template engine could convert
    # them to the current time zone, so the inspect view showed UTC (05:20 instead of 12:20).
    "wagtailadmin/generic/inspect.html": [
        ("{{ field.value|localize }}", '{{ field.value|default_if_none:"—" }}'),
    ],
    "wagtailadmin/shared/user_avatar.html": [
        ("{% if not username %}{{ user }}", '{% if not username %}{{ user|default_if_none:"—" }}'),
    ],
}


def upstream(name):
    base = Path(next(iter(importlib.util.find_spec("wagtail").submodule_search_locations)))
    return (base / "admin" / "templates" / name).read_text(encoding="utf-8")


def expected(name):
    """The override's text, and the replacements whose old text upstream no longer has."""
    text, stale = upstream(name), []
    for old, new in OVERRIDES[name]:
        if old not in text:
            stale.append(old)
        text = text.replace(old, new)
    return text, stale


def problems(root=REPO / "templates"):
    out = []
    for name in OVERRIDES:
        text, stale = expected(name)
        out += [f"{name}: upstream no longer contains {old!r}" for old in stale]
        ours = root / name
        if not ours.exists() or ours.read_text(encoding="utf-8") != text:
            out.append(f"{name}: differs from Wagtail's template + replacements (run scripts/i18n_templates.py)")
    return out


def main(argv):
    if "--check" in argv:
        found = problems()
        print("\n".join(found) or "template overrides up to date")
        return 1 if found else 0
    for name in OVERRIDES:
        path = REPO / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(expected(name)[0], encoding="utf-8")
        print("wrote", path.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
