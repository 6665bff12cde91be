"""Small text helpers with no domain knowledge."""

import re
import unicodedata


def fold_accents(text):
    """Remove Vietnamese diacritics: 'Đất đai' -> 'Dat dai' (đ is not decomposable, so mapped first)."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))


def slugify_vi(text, max_length=60):
    """ASCII slug of a Vietnamese title: 'Bồi thường, GPMB' -> 'boi-thuong-gpmb'."""
    return re.sub(r"[^a-z0-9]+", "-", fold_accents(text).lower()).strip("-")[:max_length].rstrip("-")
