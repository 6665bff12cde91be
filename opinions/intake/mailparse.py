"""Reading one citizen's e-mail: headers, text, attachments, and whether a person wrote it.

Everything here is plain parsing of bytes (no database): malformed MIME, missing or wrong charsets
(Vietnamese in windows-1258, quoted-printable, encoded-word headers) are read as well as they can
be; what cannot be read raises Unreadable with the reason in Vietnamese.
"""

import email
import email.policy
import email.utils
import html
import re
from dataclasses import dataclass, field
from email.header import decode_header
from html.parser import HTMLParser

# Mã tra cứu or mã vụ việc in a subject ("Re: … [LD-7K3M9QXA]").
CODE_RE = re.compile(r"\bLD-[0-9A-HJKMNP-TV-Z]{8}\b")
MESSAGE_ID_RE = re.compile(r"<[^<>\s]+>")
AUTO_SUBJECT_RE = re.compile(
    r"^(auto(matic)?[ _-]?(reply|response)|auto:|out of (the )?office|vắng mặt|trả lời tự động|"
    r"undeliver|undelivered|delivery (status notification|failure|has failed)|mail delivery failed|"
    r"returned mail|failure notice|thư không gửi được)",
    re.IGNORECASE,
)
FALLBACK_CHARSETS = ("utf-8", "cp1258", "cp1252")


class Unreadable(Exception):
    """The message cannot become a signal; the argument is the reason shown to staff."""


@dataclass
class Part:
    name: str
    content_type: str
    data: bytes


@dataclass
class ParsedMail:
    message_id: str = ""
    sender_name: str = ""
    sender_address: str = ""
    subject: str = ""
    text: str = ""
    thread_ids: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    automatic: str = ""  # why it is an auto-reply, a bounce or list mail; "" for a person's mail
    notes: list = field(default_factory=list)  # what was read with difficulty

    @property
    def codes(self):
        return CODE_RE.findall(self.subject.upper())


def header_text(message, name):
    """A header as text, whatever encoded-words or raw 8-bit bytes it holds; "" when absent."""
    try:
        raw = message.get(name)
    except Exception:  # a header the parser cannot even split
        return ""
    if raw is None:
        return ""
    try:
        chunks = decode_header(raw)
    except Exception:  # a broken encoded word: keep the text as written
        chunks = [(str(raw), None)]
    values = []
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            chunk = decode_bytes(chunk, None if charset in (None, "unknown-8bit") else charset)
        values.append(chunk)
    value = "".join(values)
    if any("\udc80" <= c <= "\udcff" for c in value):  # raw 8-bit bytes kept as surrogates
        value = decode_bytes(value.encode("utf-8", "surrogateescape"), None)
    return " ".join(value.split())


def decode_bytes(data, charset):
    """Text from bytes in the charset they claim, else UTF-8, else windows-1258."""
    candidates = ([charset] if charset else []) + [c for c in FALLBACK_CHARSETS if c != charset]
    for name in candidates:
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", "replace")


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("br", "p", "div", "li", "tr", "h1", "h2", "h3"):
            self.chunks.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.chunks.append(data)


def html_to_text(markup):
    parser = _TextOnly()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # broken markup: keep what was read
        pass
    text = html.unescape("".join(parser.chunks))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def part_payload(part):
    try:
        return part.get_payload(decode=True) or b""
    except Exception:  # broken base64 or quoted-printable
        payload = part.get_payload()
        return payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""


def strip_quoted(text):
    """The new text of a reply: without the quoted message below "On … wrote:" / "> " lines."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(">"):
            continue
        if re.match(r"^(On .+ wrote:|Vào .+ đã viết:|-----\s*Original Message|-----\s*Thư gốc)", stripped):
            break
        lines.append(line)
    return "\n".join(lines).strip()


def automatic_reason(message, sender_address, subject):
    """Why this message was written by a machine (auto-reply, bounce, mailing list), or ""."""
    auto = header_text(message, "Auto-Submitted").lower()
    if auto and auto != "no":
        return f"Thư tự động (Auto-Submitted: {auto})"
    if header_text(message, "X-Autoreply") or header_text(message, "X-Autorespond"):
        return "Thư trả lời tự động (X-Autoreply)"
    precedence = header_text(message, "Precedence").lower()
    if precedence in ("bulk", "junk", "list", "auto_reply"):
        return f"Thư hàng loạt (Precedence: {precedence})"
    if header_text(message, "List-Id") or header_text(message, "List-Unsubscribe"):
        return "Thư của danh sách thư (List-Id)"
    content_type = message.get_content_type()
    if content_type == "multipart/report" or header_text(message, "X-Failed-Recipients"):
        return "Thư báo lỗi gửi thư (bounce)"
    local = sender_address.split("@")[0].lower()
    if local in ("mailer-daemon", "postmaster") or header_text(message, "Return-Path") == "<>":
        return "Thư báo lỗi gửi thư (MAILER-DAEMON)"
    if AUTO_SUBJECT_RE.match(subject):
        return f"Thư trả lời tự động (tiêu đề “{subject[:60]}”)"
    return ""


def walk_parts(message, parsed):
    """Fill parsed.text (plain preferred, else HTML) and parsed.attachments."""
    plain, markup = [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        try:
            filename = part.get_filename()
        except Exception:  # a broken parameter
            filename = None
        disposition = (part.get("Content-Disposition") or "").lower()
        if filename or "attachment" in disposition or not content_type.startswith("text/"):
            if content_type in ("message/delivery-status", "message/rfc822"):
                continue
            name = header_text(email.message_from_string(f"X: {filename}\n\n"), "X") if filename else "tep"
            parsed.attachments.append(Part(name or "tep", content_type, part_payload(part)))
            continue
        text = decode_bytes(part_payload(part), part.get_content_charset())
        (markup if content_type == "text/html" else plain).append(text)
    body = "\n\n".join(t.strip() for t in plain if t.strip())
    if not body and markup:
        body = html_to_text("\n".join(markup))
    parsed.text = body.replace("\r\n", "\n").strip()


def parse_message(raw):
    """ParsedMail from the raw bytes of one message; raises Unreadable when nothing can be read."""
    if not raw or not raw.strip():
        raise Unreadable("Thư rỗng")
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception as error:  # the parser itself gave up
        raise Unreadable(f"Cấu trúc MIME hỏng: {error}") from None
    parsed = ParsedMail()
    parsed.subject = header_text(message, "Subject")[:255]
    name, address = email.utils.parseaddr(header_text(message, "From"))
    parsed.sender_name, parsed.sender_address = name[:200], address.strip().lower()[:254]
    parsed.message_id = (MESSAGE_ID_RE.findall(header_text(message, "Message-ID")) or [""])[0][:255]
    for header in ("References", "In-Reply-To"):
        parsed.thread_ids += MESSAGE_ID_RE.findall(header_text(message, header))
    parsed.automatic = automatic_reason(message, parsed.sender_address, parsed.subject)
    try:
        walk_parts(message, parsed)
    except Exception as error:  # a part the library cannot walk
        raise Unreadable(f"Không đọc được nội dung thư: {error}") from None
    if message.defects:
        parsed.notes.append("Thư có lỗi cấu trúc MIME: " + ", ".join(type(d).__name__ for d in message.defects[:3]))
    if not parsed.sender_address or "@" not in parsed.sender_address:
        raise Unreadable("Không xác định được địa chỉ người gửi")
    return parsed
