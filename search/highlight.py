"""Marks the words of a document that match the query (with or without diacritics)."""

import re
from functools import lru_cache
from html import escape

from django.utils.safestring import mark_safe

from .text import fold

_TOKEN = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=100_000)
def _folded_parts(word):
    return tuple(fold(word).split())


def _matches(word, folded_terms):
    parts = _folded_parts(word)
    return bool(parts) and all(p in folded_terms for p in parts)


def highlight(text, folded_terms, *, window=40):
    """HTML-safe text with <mark> around matching words; cut to about `window` words around the
    first match when longer (… at the cuts)."""
    text = text or ""
    tokens = list(_TOKEN.finditer(text))
    first_hit = 0
    if folded_terms:
        first_hit = next((i for i, m in enumerate(tokens) if _matches(m.group(0), folded_terms)), 0)
    first, last = 0, len(tokens) - 1
    prefix = suffix = ""
    if window and len(tokens) > window:
        first = max(0, first_hit - window // 4)
        last = min(len(tokens) - 1, first + window - 1)
        prefix = "… " if first > 0 else ""
        suffix = " …" if last < len(tokens) - 1 else ""
    if not tokens:
        return mark_safe(escape(text))
    start = 0 if not prefix else tokens[first].start()
    end = len(text) if not suffix else tokens[last].end()
    out, position = [], start
    for m in tokens[first : last + 1]:
        if folded_terms and _matches(m.group(0), folded_terms):
            out.append(escape(text[position : m.start()]))
            out.append(f"<mark>{escape(m.group(0))}</mark>")
            position = m.end()
    out.append(escape(text[position:end]))
    return mark_safe(prefix + "".join(out) + suffix)
