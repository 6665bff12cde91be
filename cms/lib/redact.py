"""Hide contacts written into free text before it is shown to the public.

One function, `redact(text, names=())`, used by every public surface (case pages, Open311, public
search, rebuttals drafted from a case). It hides:
- Vietnamese phone numbers in their usual spellings: 0987654321, 0987 654 321, 0987.654.321,
  0987-654-321, +84 987 654 321, (+84) 987654321, 84987654321, landlines 0263 3822 123;
- e-mail addresses, also spelled "ten (at) mien.vn" or "ten [a] mien.vn";
- identity numbers: CCCD (12 digits), CMND (9 digits), and any other run of 9 or more digits;
- the names given (the reporter's own), with or without diacritics, in any letter case.
Over-hiding a number is the safe side: amounts written with separators (150.000.000 đồng) stay.
"""

import re
import unicodedata

PHONE_MARK = "[số điện thoại đã ẩn]"
EMAIL_MARK = "[thư điện tử đã ẩn]"
ID_MARK = "[số giấy tờ đã ẩn]"
NAME_MARK = "[họ tên đã ẩn]"

_SEP = r"[ \t.\-–·/]?"
# 0 or +84/84 (maybe in brackets), then 8–10 more digits with at most one separator between digits.
PHONE = re.compile(
    r"(?<![\w+])(?:\(?\+?\s?84\)?" + _SEP + r"|\(?0)\d\)?(?:" + _SEP + r"\d){7,9}(?![\w])",
)
DIGIT_RUN = re.compile(r"(?<!\w)\d(?:[ .]?\d){8,}(?!\w)")
EMAIL = re.compile(
    r"[\w.+\-]+\s*(?:@|＠|\(\s*(?:at|a|@)\s*\)|\[\s*(?:at|a|@)\s*\])\s*[\w\-]+(?:\s*(?:\.|\(\s*dot\s*\))\s*[\w\-]+)+",
    re.IGNORECASE,
)


def _fold_char(char):
    if char in "Đđ":
        return "d"
    return unicodedata.normalize("NFD", char)[0].lower()


def fold_same_length(text):
    """Lower case without diacritics, one character for one character (so spans map back)."""
    return "".join(_fold_char(c) for c in text)


def _phone(match):
    digits = re.sub(r"\D", "", match.group(0))
    national = digits[2:] if digits.startswith("84") and not match.group(0).lstrip("( ").startswith("0") else digits[1:]
    return PHONE_MARK if 9 <= len(national) <= 10 else match.group(0)


MONEY = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")


def _id_number(match):
    return match.group(0) if MONEY.fullmatch(match.group(0)) else ID_MARK


def _name_spans(text, names):
    folded = fold_same_length(text)
    spans = []
    for name in names:
        words = fold_same_length(unicodedata.normalize("NFC", name or "")).split()
        if len(words) < 2:  # a single word ("Lan") is too common to hide everywhere
            continue
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")
        spans += [m.span() for m in pattern.finditer(folded)]
    return sorted(spans, reverse=True)


def redact(text, names=()):
    """The text with contacts hidden (see the module's docstring); None and "" come back as they are."""
    if not text:
        return text
    text = unicodedata.normalize("NFC", str(text))
    for start, end in _name_spans(text, names):
        text = text[:start] + NAME_MARK + text[end:]
    text = EMAIL.sub(EMAIL_MARK, text)
    text = PHONE.sub(_phone, text)
    text = DIGIT_RUN.sub(_id_number, text)
    return text
