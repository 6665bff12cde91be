"""Marks the words of a document that match the query (with or without diacritics)."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import fold

_TOKEN = re.compile(r"\w+", re.UNICODE)


def _matches(word, folded_terms):
    parts = fold(word).split()
    return bool(parts) and all(p in folded_terms for p in parts)


def highlight(text, folded_terms, *, window=40):
    """HTML-safe text with <mark> around matching words; cut to about `window` words around the
    first match when longer (… at the cuts)."""
    text = text or ""
    tokens = list(_TOKEN.finditer(text))
    hits = [i for i, m in enumerate(tokens) if folded_terms and _matches(m.group(0), folded_terms)]
    start, end = 0, len(text)
    prefix = suffix = ""
    if window and len(tokens) > window:
        first = max(0, (hits[0] if hits else 0) - window // 4)
        last = min(len(tokens) - 1, first + window - 1)
        start, end = tokens[first].start(), tokens[last].end()
        prefix = "… " if first > 0 else ""
        suffix = " …" if last < len(tokens) - 1 else ""
    out, position = [], start
    hit_set = set(hits)
    for i, m in enumerate(tokens):
        if m.start() < start or m.end() > end:
            continue
        out.append(escape(text[position : m.start()]))
        word = escape(m.group(0))
        out.append(f"<mark>{word}</mark>" if i in hit_set else word)
        position = m.end()
    out.append(escape(text[position:end]))
    return mark_safe(prefix + "".join(out) + suffix)
