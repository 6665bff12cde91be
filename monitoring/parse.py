"""Turn fetched documents into entries (feeds, news sitemaps, listing pages) and articles (pages).

An entry is a dict: url, title, summary, published (aware datetime or None), author (used only to
make a hash, never stored). Broken XML that feedparser or lxml's recovering parser can still read is
read; a document with nothing readable is a FetchError (shown on the source's health screen).
"""

import datetime
import re
from urllib.parse import urljoin

import feedparser
import lxml.etree
import lxml.html
import trafilatura
from charset_normalizer import from_bytes
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cms.lib.text import nfc

from .fetch import SOFT, FetchError

_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.I)
_SPACES = re.compile(r"\s+")


def decode(content, declared=None):
    """Text of a page whatever its charset claims: UTF-8 first (most pages, and the usual lie of a
    wrong header), then the declared charset, then detection."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    found = _META_CHARSET.search(content[:4096])
    for charset in (declared, found.group(1).decode("ascii", "ignore") if found else None):
        if charset:
            try:
                return content.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    best = from_bytes(content).best()
    return str(best) if best is not None else content.decode("utf-8", "replace")


def _clean(text):
    return nfc(_SPACES.sub(" ", text or "")).strip()


def _aware(value):
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def _struct_time(value):
    if not value:
        return None
    return datetime.datetime(*value[:6], tzinfo=datetime.UTC)


def parse_feed(content, base_url):
    """RSS 0.9x/1.0/2.0 or Atom, broken XML included (feedparser's lenient parser)."""
    feed = feedparser.parse(content)
    if not feed.entries:
        if feed.bozo:
            raise FetchError("Nguồn tin hỏng, không đọc được bài nào.", SOFT)
        return []
    entries = []
    for entry in feed.entries:
        link = entry.get("link") or ""
        if not link:
            continue
        summary = entry.get("summary") or ""
        if entry.get("content"):
            summary = max((c.get("value") or "" for c in entry.content), key=len) or summary
        entries.append(
            {
                "url": urljoin(base_url, link.strip()),
                "title": _clean(entry.get("title")),
                "summary": _clean(lxml.html.fromstring(summary).text_content()) if summary.strip() else "",
                "published": _struct_time(entry.get("published_parsed") or entry.get("updated_parsed")),
                "author": entry.get("author") or "",
            }
        )
    return entries


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_sitemap(content, base_url):
    """A (Google News) sitemap: <url><loc>, <news:title>, <news:publication_date>."""
    try:
        root = lxml.etree.fromstring(
            content, lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
        )
    except lxml.etree.XMLSyntaxError as error:
        raise FetchError("Sơ đồ tin hỏng, không đọc được.", SOFT) from error
    if root is None:
        raise FetchError("Sơ đồ tin hỏng, không đọc được.", SOFT)
    entries = []
    for node in root.iter():
        if _local(node.tag) != "url":
            continue
        values = {_local(child.tag): (child.text or "").strip() for child in node.iter()}
        if not values.get("loc"):
            continue
        published = parse_datetime(values.get("publication_date") or values.get("lastmod") or "")
        entries.append(
            {
                "url": urljoin(base_url, values["loc"]),
                "title": _clean(values.get("title")),
                "summary": "",
                "published": _aware(published),
                "author": "",
            }
        )
    return entries


def parse_listing(content, base_url, selector, declared=None):
    """A portal's list page: the links the CSS selector picks (an <a>, or the first <a> inside)."""
    try:
        tree = lxml.html.fromstring(decode(content, declared), base_url=base_url)
        nodes = tree.cssselect(selector or "a")
    except (lxml.etree.ParserError, ValueError) as error:
        raise FetchError(f"Không đọc được trang danh sách hoặc bộ chọn CSS “{selector}”.", SOFT) from error
    entries, seen = [], set()
    for node in nodes:
        anchor = node if node.tag == "a" else next(iter(node.iter("a")), None)
        href = anchor.get("href") if anchor is not None else None
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = urljoin(base_url, href.strip())
        if url in seen:
            continue
        seen.add(url)
        entries.append(
            {"url": url, "title": _clean(anchor.text_content()), "summary": "", "published": None, "author": ""}
        )
    return entries


def extract_article(content, url, declared=None):
    """(title, text, published, canonical url, author) of an article page, by trafilatura."""
    html = decode(content, declared)
    try:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True, fast=True, include_tables=False)
    except Exception as error:  # trafilatura raises many kinds on broken pages
        raise FetchError("Không trích xuất được nội dung bài.", SOFT) from error
    if document is None:
        return "", "", None, url, ""
    published = None
    if document.date:
        published = _aware(parse_datetime(document.date) or _date_only(document.date))
    return (
        _clean(document.title),
        nfc(document.text or "").strip(),
        published,
        document.url or url,
        document.author or "",
    )


def _date_only(value):
    try:
        return datetime.datetime.fromisoformat(value[:10])
    except ValueError:
        return None
