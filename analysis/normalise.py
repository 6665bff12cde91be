"""Vietnamese text normalisation shared by every analysis step.

Citizens type the same word in many ways: decomposed or precomposed Unicode, old or new tone
placement ("hoà" / "hòa"), without diacritics, in teencode ("ko dc"), or as administrative
abbreviations ("UBND", "GPMB"). Every comparison in this package goes through `normalise` so that
these spellings meet, and through `fold` when diacritics may be missing altogether.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise", "normalise_tokens", "fold", "fix_tone_placement", "ABBREVIATIONS"]

# Diphthongs "oa", "oe", "uy" written with the tone on the second vowel ("hoà", "thuỷ") are the
# "new" placement; the official documents and our gazetteer use the first vowel ("hòa", "thủy").
# Only open syllables move: "hoàn", "khuyến" are identical in both styles; "qu" is a consonant.
_TONE_MOVES = {}
for _base, _first in (("a", "o"), ("e", "o"), ("y", "u")):
    for _mark in "\u0300\u0301\u0309\u0303\u0323":
        for _case in (str.lower, str.upper):
            _second = unicodedata.normalize("NFC", _case(_base) + _mark)
            for _fcase in (str.lower, str.upper):
                _moved = unicodedata.normalize("NFC", _fcase(_first) + _mark) + _case(_base)
                _TONE_MOVES[_fcase(_first) + _second] = _moved
_TONE_RE = re.compile("(?<![qQ])[oOuU][" + "".join(sorted({k[1] for k in _TONE_MOVES})) + "](?!\\w)")

_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
_DOMAIN_RE = re.compile(r"[\w.-]+\.(?:vn|com|net|org)\b(?:/\S*)?")
_DOMAIN_GATE = re.compile(r"\.(?:vn|com|net|org)\b")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_PHONE_RE = re.compile(r"(?:\+84|0)\d(?:[ .]?\d){7,9}(?!\d)")
_REPEAT_RE = re.compile(r"(\w)\1{2,}")
_WORD_RE = re.compile(r"\w+")

# Emoji carry sentiment in comments; map the common ones to words, drop the rest.
_EMOJI_WORDS = {
    "emojivui": "😀😁😂🤣😃😄😅😆😊☺🙂😍🥰😘👍👏❤💯🎉🌹💕",
    "emojibuon": "😢😭😞😔🙁☹😟😥😩😫💔",
    "emojigian": "😡😠🤬👎💢😤🖕",
}
_EMOJI_MAP = {ch: f" {word} " for word, chars in _EMOJI_WORDS.items() for ch in chars}
_EMOJI_RE = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\U0001f1e6-\U0001f1ff]")

# Whole-token expansions, applied after lower-casing. Teencode and administrative abbreviations
# most often met in citizens' messages to the province.
ABBREVIATIONS: dict[str, str] = {
    # teencode
    "ko": "không",
    "k": "không",
    "kh": "không",
    "khg": "không",
    "kg": "không",
    "hok": "không",
    "hông": "không",
    "kô": "không",
    "khong": "không",
    "hem": "không",
    "dc": "được",
    "đc": "được",
    "dk": "được",
    "đk": "được",
    "duoc": "được",
    "j": "gì",
    "vs": "với",
    "ng": "người",
    "mn": "mọi người",
    "mng": "mọi người",
    "r": "rồi",
    "bn": "bao nhiêu",
    "bh": "bao giờ",
    "bjo": "bây giờ",
    "bgio": "bây giờ",
    "trc": "trước",
    "ntn": "như thế nào",
    "nc": "nước",
    "cx": "cũng",
    "cg": "cũng",
    "vk": "vợ",
    "ck": "chồng",
    "oke": "ok",
    "thik": "thích",
    "bít": "biết",
    "bik": "biết",
    "wá": "quá",
    "qá": "quá",
    "lm": "làm",
    "mk": "mình",
    "mik": "mình",
    "sđt": "sdt",
    # administration
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "hdnd": "hội đồng nhân dân",
    "gpmb": "giải phóng mặt bằng",
    "cchc": "cải cách hành chính",
    "tđc": "tái định cư",
    "tdc": "tái định cư",
    "mttq": "mặt trận tổ quốc",
    "csgt": "cảnh sát giao thông",
    "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội",
    "qsdđ": "quyền sử dụng đất",
    "qsdd": "quyền sử dụng đất",
    "gcn": "giấy chứng nhận",
    "gcnqsdđ": "giấy chứng nhận quyền sử dụng đất",
    "tthc": "thủ tục hành chính",
    "dvc": "dịch vụ công",
    "btg": "ban tuyên giáo",
    "dlxh": "dư luận xã hội",
    "pakn": "phản ánh kiến nghị",
    "ctv": "cộng tác viên",
    "tp": "thành phố",
    "tx": "thị xã",
    "qđ": "quyết định",
    "cđs": "chuyển đổi số",
    "cds": "chuyển đổi số",
    "đtc": "đầu tư công",
    "ttyt": "trung tâm y tế",
    "bv": "bệnh viện",
    "thpt": "trung học phổ thông",
    "thcs": "trung học cơ sở",
    "cbcc": "cán bộ công chức",
}


def fix_tone_placement(text: str) -> str:
    """Move tone marks of open "oa/oe/uy" syllables to the first vowel ("hoà" -> "hòa")."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _TONE_RE.sub(lambda m: _TONE_MOVES.get(m.group(0), m.group(0)), text)


def _replace_emoji(text: str) -> str:
    return _EMOJI_RE.sub(lambda m: _EMOJI_MAP.get(m.group(0), " "), text)


def _phone(match: re.Match) -> str:
    start = match.start()
    if start and match.string[start - 1].isdigit():
        return match.group(0)
    return " sdt "


def _collapse(match: re.Match) -> str:
    char = match.group(1)
    return match.group(0) if char.isdigit() else char


_TOKEN_CACHE: dict[bool, dict[str, str]] = {True: {}, False: {}}


def _canonical_token(word: str) -> str:
    """Tone style, repeated letters, "50k" and abbreviations of one lower-case token (cached)."""
    out = _TONE_RE.sub(lambda m: _TONE_MOVES.get(m.group(0), m.group(0)), word)
    out = _REPEAT_RE.sub(_collapse, out)
    if out[-1] == "k" and out[:-1].isdigit():
        return out[:-1] + " nghìn"  # "50k" is fifty thousand, not "không"
    return out


# The last texts seen, per `expand`: one signal goes through several steps of the pipeline
# (classifiers, locate, group), and each would otherwise normalise it again.
_RECENT: dict[bool, dict[str, tuple[str, ...]]] = {True: {}, False: {}}
_RECENT_SIZE = 64


def normalise_tokens(text: str | None, *, expand: bool = True) -> list[str]:
    """Syllables of the canonical form; see `normalise`. The hot path of every classifier.

    Per-token work is cached: the vocabulary of real text is small next to its length.
    """
    if not text:
        return []
    text = str(text)
    recent = _RECENT[expand]
    found = recent.get(text)
    if found is not None:
        return list(found)
    tokens = _normalise_tokens(text, expand)
    if len(recent) >= _RECENT_SIZE:
        recent.clear()
    recent[text] = tuple(tokens)
    return tokens


def _normalise_tokens(text: str, expand: bool) -> list[str]:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.lower().replace("ð", "đ")
    if "http" in text or "www." in text:
        text = _URL_RE.sub(" url ", text)
    if "@" in text:
        text = _EMAIL_RE.sub(" email ", text)
    if _DOMAIN_GATE.search(text):
        text = _DOMAIN_RE.sub(" url ", text)
    text = _PHONE_RE.sub(_phone, text)
    text = _replace_emoji(text)
    cache = _TOKEN_CACHE[expand]
    if len(cache) > 1_000_000:
        cache.clear()
    words = _WORD_RE.findall(text)
    out = list(map(cache.get, words))  # C-level loop; misses are filled below
    if None in out:
        for i, canon in enumerate(out):
            if canon is None:
                canon = _canonical_token(words[i])
                if expand:
                    canon = ABBREVIATIONS.get(canon, canon)
                out[i] = cache[words[i]] = canon
    return " ".join(out).split()


def normalise(text: str | None, *, expand: bool = True) -> str:
    """The canonical form of a text: NFC, one tone style, lower case, words separated by spaces.

    URLs, e-mails and phone numbers become the words "url", "email", "sdt" so they count as
    features without identifying anyone; emoji become "emojivui"/"emojibuon"/"emojigian";
    punctuation becomes space; letters repeated three times or more collapse ("điiii" -> "đi");
    with `expand`, teencode and abbreviations are written out ("ko dc" -> "không được").
    """
    return " ".join(normalise_tokens(text, expand=expand))


def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def _fold_table() -> dict[int, str | None]:
    """Latin letters with diacritics -> ASCII letter, combining marks -> nothing."""
    table: dict[int, str | None] = {cp: None for cp in range(0x300, 0x370) if unicodedata.combining(chr(cp))}
    for cp in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        folded = _fold_slow(chr(cp))
        if folded != chr(cp) and folded.isascii():
            table[cp] = folded
    return table


_FOLD_TABLE = _fold_table()


def fold(text: str | None) -> str:
    """Strip all diacritics, including đ -> d, for matching text typed without accents."""
    if not text:
        return ""
    if text.isascii():
        return text
    quick = text.translate(_FOLD_TABLE)
    if quick.isascii():  # Vietnamese and other Latin text: one C-level pass
        return quick
    return _fold_slow(text)  # other scripts: the exact Unicode route
