"""Citizens' e-mails as mail programs write them (and as they get them wrong)."""

import io
import unicodedata
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone
from PIL import Image

TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text):
    """Vietnamese as windows-1258 writes it: base letters with their hats, tones as combining marks."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += base.encode("cp1258") + "".join(c for c in parts if c in TONES).encode("cp1258")
    return bytes(out)


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def mail(
    text="Đường Trần Phú có nhiều ổ gà, xin sửa sớm.",
    subject="Phản ánh đường hư hỏng",
    sender="dan@example.vn",
    name="Nguyễn Văn Dân",
    headers=None,
    attachments=(),
    message_id=None,
):
    message = EmailMessage()
    message["From"] = f"{name} <{sender}>"
    message["To"] = "langnghe@lamdong.gov.vn"
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = message_id or make_msgid(domain="example.vn")
    for key, value in (headers or {}).items():
        message[key] = value
    message.set_content(text)
    for name_, data, maintype, subtype in attachments:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name_)
    return message.as_bytes()
