"""Deduplication keys (Media Cloud's, plus a content hash) and the author hash.

- url_key: SHA-256 of the lossy-normalised URL (lower-case host, no "www."/"m." prefix, no port 80/443,
  no fragment, no tracking parameters, sorted query, no trailing slash): one item per article whatever
  feed lists it, so a re-ingest is a no-op.
- title_key: MD5 of the normalised title (tags, punctuation, case and spacing removed); a source
  publishing the same title again within TITLE_DAYS is a duplicate.
- text_key: SHA-256 of the normalised body text; the same text at another address is an exact copy.
"""

import hashlib
import hmac
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings

from analysis.normalise import fold
from cms.lib.text import nfc

TITLE_DAYS = 7
_TRACKING = re.compile(r"^(utm_|ga_|fbclid$|gclid$|zarsrc$|mc_|_ga$|ref$|source$|from$|cmpid$|icid$)")
_SUBDOMAINS = ("www.", "m.", "mobile.", "amp.")
_TAGS = re.compile(r"<[^>]+>")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_MEDIA_SUFFIX = re.compile(r"\s+[-|–—:]\s+[^-|–—:]{2,40}$")


def normalise_url(url):
    url = (url or "").strip()
    if url.startswith("//"):
        url = "http:" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    for prefix in _SUBDOMAINS:
        if host.startswith(prefix):
            host = host[len(prefix) :]
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k.lower()))
    return urlunsplit(("http", netloc, path, urlencode(query), ""))


def url_key(url):
    return hashlib.sha256(normalise_url(url).encode("utf-8")).hexdigest()


def normalise_title(title):
    title = _TAGS.sub(" ", nfc(title or ""))
    title = _MEDIA_SUFFIX.sub("", title)
    return " ".join(_NON_WORD.sub(" ", title.lower()).split())


def title_key(title):
    return hashlib.md5(normalise_title(title).encode("utf-8"), usedforsecurity=False).hexdigest()


def normalise_text(text):
    return " ".join(_NON_WORD.sub(" ", fold(nfc(text or "")).lower()).split())


def text_key(text):
    clean = normalise_text(text)
    return hashlib.sha256(clean.encode("utf-8")).hexdigest() if clean else ""


def author_key(author):
    """A salted hash of an author's name or handle, to count distinct voices; never the name itself."""
    author = " ".join(nfc(author or "").lower().split())
    if not author:
        return ""
    salt = (settings.MONITORING_AUTHOR_SALT or settings.SECRET_KEY).encode("utf-8")
    return hmac.new(salt, author.encode("utf-8"), hashlib.sha256).hexdigest()
