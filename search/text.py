"""Vietnamese text for search: one written form per word, with and without diacritics.

Three functions, no Django imports:
- normalise(text): NFC, lower case, one tone placement ("hoà" -> "hòa", "thuỷ" -> "thủy"),
  abbreviations expanded ("GPMB" -> "giải phóng mặt bằng");
- fold(text): normalise, then drop the diacritics and write đ as d ("đất đai" -> "dat dai");
- expand_abbreviations(text): the abbreviations of public administration replaced by their words.

Tone placement follows the traditional rule (Chính tả tiếng Việt, tone on the main vowel): in an
open syllable ending in oa, oe, uy the mark sits on the first vowel (hòa, khỏe, thủy); the "new"
placement (hoà, khoẻ, thuỷ) is read as the same word.
"""

import re
import unicodedata

# Abbreviations common in the province's documents, with their expansion (in normalised form).
ABBREVIATIONS = {
    "gpmb": "giải phóng mặt bằng",
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "cchc": "cải cách hành chính",
    "tđc": "tái định cư",
    "mttq": "mặt trận tổ quốc",
    "qsdđ": "quyền sử dụng đất",
    "bhxh": "bảo hiểm xã hội",
    "bhyt": "bảo hiểm y tế",
    "csgt": "cảnh sát giao thông",
    "dlxh": "dư luận xã hội",
    "attp": "an toàn thực phẩm",
    "thpt": "trung học phổ thông",
}

TONES = {"\u0300": "grave", "\u0301": "acute", "\u0303": "tilde", "\u0309": "hook", "\u0323": "dot"}
VOWELS = set("aăâeêioôơuưy")
# Vowels with a shape mark take the tone before the others; in ươ the tone goes on ơ.
MARKED = set("ăâêôơư")
_WORD = re.compile(r"\w+", re.UNICODE)
_ABBR = re.compile(r"\b(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _split_tone(word):
    """('hoa', '\u0300') for 'hoà': the word without its tone mark, and the mark (or '')."""
    decomposed = unicodedata.normalize("NFD", word)
    tone = ""
    kept = []
    for ch in decomposed:
        if ch in TONES:
            tone = ch
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _tone_position(word):
    """Index of the letter of a lower-case, toneless syllable that carries the tone, or None."""
    start = 0
    if word.startswith("qu") and len(word) > 2 and word[2] in VOWELS:
        start = 2
    elif word.startswith("gi") and len(word) > 2 and word[2] in VOWELS:
        start = 2
    positions = [i for i in range(start, len(word)) if word[i] in VOWELS]
    if not positions:
        # "gì", "gìn": the i of gi is the only vowel.
        positions = [i for i in range(len(word)) if word[i] in VOWELS]
        return positions[-1] if positions else None
    # The vowel cluster is the first run of vowels.
    cluster = [positions[0]]
    for i in positions[1:]:
        if i == cluster[-1] + 1:
            cluster.append(i)
        else:
            break
    marked = [i for i in cluster if word[i] in MARKED]
    if marked:
        return marked[-1]
    if len(cluster) == 1:
        return cluster[0]
    closed = cluster[-1] < len(word) - 1
    if closed:
        return cluster[-1]
    if len(cluster) == 3:
        return cluster[1]
    return cluster[0]


def _place_tone_word(word):
    if word.isascii():
        return word
    base, tone = _split_tone(word)
    if not tone or not base.isalpha() or len(base) > 7:
        return word
    position = _tone_position(base)
    if position is None:
        return word
    letter = unicodedata.normalize("NFC", unicodedata.normalize("NFD", base[position]) + tone)
    return base[:position] + letter + base[position + 1 :]


def _fold_table():
    table = {"đ": "d", "Đ": "D"}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch and len(base) == 1:
            table[ch] = base
    return str.maketrans(table)


_FOLD = _fold_table()


def strip_diacritics(text):
    """Letters without their marks (a table lookup per character: fast on millions of texts)."""
    folded = text.translate(_FOLD)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFD", folded)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def expand_abbreviations(text):
    """'Tiến độ GPMB' -> 'Tiến độ giải phóng mặt bằng' (whole words only, any case)."""
    text = unicodedata.normalize("NFC", text or "")
    return _ABBR.sub(lambda m: ABBREVIATIONS[m.group(0).lower()], text)


_FORMS = {}


def _forms(word):
    """(normalised, folded) of one lower-case word, cached: a text has few distinct words."""
    forms = _FORMS.get(word)
    if forms is None:
        norm = ABBREVIATIONS.get(word) or _place_tone_word(word)
        forms = (norm, strip_diacritics(norm))
        if len(_FORMS) < 500_000:
            _FORMS[word] = forms
    return forms


def normalise(text):
    """NFC, lower case, one tone placement, abbreviations expanded, spaces collapsed."""
    text = unicodedata.normalize("NFC", text or "").lower()
    return " ".join(_WORD.sub(lambda m: _forms(m.group(0))[0], text).split())


def fold(text):
    """normalise() without diacritics: 'Đất đai, GPMB' -> 'dat dai, giai phong mat bang'."""
    text = unicodedata.normalize("NFC", text or "").lower()
    return " ".join(_WORD.sub(lambda m: _forms(m.group(0))[1], text).split())


def index_forms(text):
    """(normalised words, folded words) of a text, punctuation dropped: what the index stores.

    The fast path for indexing many documents (one cached lookup per word)."""
    found = _WORD.findall(unicodedata.normalize("NFC", text or "").lower())
    forms = [_FORMS.get(w) or _forms(w) for w in found]
    return " ".join(f[0] for f in forms), " ".join(f[1] for f in forms)


def words(text):
    """The words of a text, in order (letters and digits)."""
    return _WORD.findall(text or "")
