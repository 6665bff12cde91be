"""Small text helpers with no domain knowledge."""

import re
import unicodedata


def nfc(value):
    """Vietnamese text in one Unicode form (NFC), trimmed, whatever the keyboard sent; a value that
    is not text (None, a number, a record) is returned as it is."""
    if not isinstance(value, str):
        return value
    return value.strip() if value.isascii() else unicodedata.normalize("NFC", value).strip()


def as_text(value):
    """A cell of a spreadsheet or CSV as text: None → "", 12.0 → "12", anything else NFC text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def fold_accents(text):
    """Remove Vietnamese diacritics: 'Đất đai' -> 'Dat dai' (đ is not decomposable, so mapped first)."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))


def slugify_vi(text, max_length=60):
    """ASCII slug of a Vietnamese title: 'Bồi thường, GPMB' -> 'boi-thuong-gpmb'."""
    return re.sub(r"[^a-z0-9]+", "-", fold_accents(text).lower()).strip("-")[:max_length].rstrip("-")


def number_or_none(value, maximum=2**62):
    """A query parameter that should be a record id: the number, or None for anything else
    ("abc", "1e9", "²", a 30-digit number), so a typed-in URL never reaches the database as a 500."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 19):
        return None
    number = int(text)
    return number if 0 < number <= maximum else None
