"""Helpers of the admin language crawl (tests/i18n/test_admin_personas.py).

``english_msgids()`` builds, from the upstream catalogs of every app in use (the ``UPSTREAMS`` of
scripts/i18n_lib.py), a matcher of the English interface strings: a visible text that equals one
of them is a string the Vietnamese catalogs did not reach. ``crawl()`` logs in nowhere: it visits
admin URLs in a logged-in Playwright page, follows the admin links it finds there (bounded) and
returns what it saw.
"""

import re
from functools import cache
from urllib.parse import urlsplit

import i18n_lib
from django.conf import settings
from django.contrib.staticfiles import finders
from playwright.sync_api import Error as PlaywrightError

# Same in both languages, or names: never a finding.
NAMES = {"Wagtail", "Draftail", "Django", "Lắng Nghe", "Lâm Đồng", "Tiếng Việt", "English", "Transifex"}
# Whole-page actions and downloads that a crawl must not trigger (GET requests only, but these
# end the session or return a file instead of a screen).
SKIP = re.compile(r"/logout/|/bulk/|/preview/|[?&]export=|/export/|[?&]format=(csv|xlsx|json)|/download/|/serve/")
# Collect what a person sees: visible text nodes, innerText lines, the document title, and the
# human-text attributes (placeholder, title, aria-label) and button values of visible elements.
COLLECT_JS = """() => {
  const out = [["title", document.title]];
  const seen = el => el && el.checkVisibility({visibilityProperty: true});
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (!p || ["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"].includes(p.tagName) || !seen(p)) continue;
    out.push(["text", n.nodeValue]);
  }
  for (const line of document.body.innerText.split("\\n")) out.push(["line", line]);
  const labelled = "[placeholder], [title], [aria-label], input[type=submit], input[type=button]";
  for (const el of document.querySelectorAll(labelled)) {
    if (!seen(el)) continue;
    for (const a of ["placeholder", "title", "aria-label"]) if (el.getAttribute(a)) out.push([a, el.getAttribute(a)]);
    if (el.tagName === "INPUT" && ["submit", "button"].includes(el.type) && el.value) out.push(["value", el.value]);
  }
  return out;
}"""
LINKS_JS = """() => [...document.querySelectorAll("#main a[href], header a[href], nav a[href]")]
  .map(a => a.getAttribute("href"))"""


WORD = re.compile(r"[A-Za-z]{3,}")


def norm(text):
    return " ".join(text.split())


def _pattern(msgid):
    """A regex for a msgid whose placeholders are filled in, or None when it is all placeholder."""
    parts, pos = [], 0
    for m in re.finditer(i18n_lib._PERCENT.pattern + r"|\{[A-Za-z0-9_]*\}", msgid):
        parts.append(re.escape(norm(msgid[pos : m.start()])))
        parts.append(".+?" if m.group(0) != "%%" else "%")
        pos = m.end()
    parts.append(re.escape(norm(msgid[pos:])))
    words = WORD.findall(re.sub(i18n_lib._PERCENT.pattern + r"|\{\w*\}", " ", msgid))
    if not words:
        return None
    return r"\s*".join(p for p in parts if p), words[0]


@cache
def english_msgids():
    """(exact set, {word: [regex]}) of the upstream English msgids; the msgids with placeholders
    become regexes, indexed by the first word of their literal text so that a text is tried only
    against the few that can match."""
    same = set()  # msgids our catalogs leave as they are ("URL", "PDF", "Wagtail"): not English
    for path in i18n_lib.our_catalogs():
        for e in i18n_lib.load(path):
            if e.msgstr and norm(e.msgstr) == norm(e.msgid):
                same.add(norm(e.msgid))
    exact, patterns = set(), {}
    for up in i18n_lib.UPSTREAMS:
        for e in i18n_lib.upstream_template(up) or ():
            for msgid in filter(None, (e.msgid, e.msgid_plural)):
                text = norm(re.sub(r"<[^>]+>", "", msgid))
                if text in same or text in NAMES or not re.search(r"[A-Za-z]{2,}", text):
                    continue
                if not any(not k.startswith("<") for k in i18n_lib.placeholders(msgid)):
                    exact.add(text)
                elif found := _pattern(text):
                    patterns.setdefault(found[1], set()).add(found[0])
    return exact, {word: [re.compile(p) for p in sorted(ps)] for word, ps in patterns.items()}


def english_in(items, user_data=frozenset()):
    """The (kind, text) items whose text equals an English msgid."""
    exact, patterns = english_msgids()
    found = set()
    for kind, raw in set(map(tuple, items)):
        text = norm(raw)
        if not text or text in user_data or text in NAMES or text.isdigit():
            continue
        for candidate in {text, text.rstrip(":…. "), text.rstrip("*").strip()}:
            regexes = (r for word in set(WORD.findall(candidate)) for r in patterns.get(word, ()))
            if candidate in exact or any(r.fullmatch(candidate) for r in regexes):
                found.add((kind, text))
                break
    return found


def url_pattern(url):
    """/admin/pages/12/edit/ and /admin/pages/7/edit/ are the same screen."""
    return re.sub(r"/\d+(?=/)", "/N", urlsplit(url).path)


def crawl(page, base_url, start, limit, user_data=frozenset(), seen=None, depth=2):
    """Visit the ``start`` paths, then the admin links found on them (up to ``depth`` clicks away),
    at most ``limit`` screens. A link whose URL pattern is in ``seen`` (shared between personas) is
    not followed again. Returns {path: sorted English findings}."""
    seen = set() if seen is None else seen
    queue, done, report = [(path, 0) for path in start], set(), {}
    while queue and len(report) < limit:
        path, level = queue.pop(0)
        key = url_pattern(path)
        if key in done or (level and key in seen) or SKIP.search(path):
            continue
        done.add(key)
        seen.add(key)
        try:
            response = page.goto(base_url + path)
        except PlaywrightError as exc:
            # A file download (XLSX/CSV template or export) is not a screen: nothing to read.
            if "Download is starting" in str(exc):
                continue
            raise
        assert response.ok, f"{path}: HTTP {response.status}"
        report[path] = sorted(english_in(page.evaluate(COLLECT_JS), user_data))
        if level < depth:
            queue += [(href.split("#")[0], level + 1) for href in page.evaluate(LINKS_JS) if href.startswith("/admin/")]
    return report


def serve_static_offline(context, base_url):
    """Static files straight from the finders (the live server then only renders admin views) and
    any request off the live server refused: the admin must work offline."""

    def static(route):
        path = finders.find(urlsplit(route.request.url).path.removeprefix(settings.STATIC_URL))
        if path is None:
            route.fulfill(status=404)
        else:
            route.fulfill(path=path, headers={"Cache-Control": "max-age=3600"})

    context.route(base_url + settings.STATIC_URL + "**", static)
    context.route(re.compile(r"^(?!" + re.escape(base_url) + ").*"), lambda route: route.abort())


def menu_paths(page):
    """Every admin URL of the sidebar menu the logged-in user sees (its JSON props)."""
    props = page.locator("#wagtail-sidebar-props").text_content()
    return sorted(set(re.findall(r'"(/admin/[^"]*)"', props)))
