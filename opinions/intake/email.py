"""Kênh thư điện tử: the platform's mailbox, polled over IMAP; each citizen's e-mail → one signal.

- Read, never twice: the folder's UIDVALIDITY and the last UID read are kept (MailboxCursor) and
  moved forward in the same transaction as each message's signal; a run that stops midway starts
  again at the first message not stored. Messages are only read (BODY.PEEK), never moved or deleted.
- Threads: a reply (In-Reply-To, References, or the tracking code in the subject) joins its signal
  (a note on the signal and its case, its attachments added) instead of opening a new one.
- Machines: auto-replies, bounces and mailing-list mail are recorded and skipped.
- Never lost: a message that cannot be read is set aside ("Thư không đọc được", the back-office list)
  with the reason and, up to RAW_KEEP_BYTES, the message itself.
- The acknowledgement (mã tra cứu) and the approved answer go back in the citizen's thread through
  the cycle's e-mail queue (opinions/cycle/notify.py).
"""

import hashlib
import imaplib
import logging
import re
import ssl
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from opinions.cycle.notify import queue_email, tracking_url
from opinions.cycle.services import log_event
from opinions.intake.mailparse import Unreadable, parse_message, strip_quoted
from opinions.intake.uploads import MAX_FILES, clean_upload
from opinions.models import (
    Attachment,
    Case,
    CaseEvent,
    Channel,
    InboundEmail,
    MailboxCursor,
    Signal,
    SignalKind,
)
from opinions.services import create_signal

logger = logging.getLogger(__name__)
FETCH_BATCH = 100
RAW_KEEP_BYTES = 10 * 1024 * 1024
UID_RE = re.compile(rb"UID (\d+)")
SIZE_RE = re.compile(rb"RFC822\.SIZE (\d+)")


@dataclass
class MailboxConfig:
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    security: str = "ssl"  # ssl (IMAPS, 993), starttls, none (127.0.0.1 only)
    max_bytes: int = 60 * 1024 * 1024

    @classmethod
    def from_settings(cls):
        if not settings.INTAKE_IMAP_HOST:
            return None
        return cls(
            host=settings.INTAKE_IMAP_HOST,
            port=settings.INTAKE_IMAP_PORT,
            user=settings.INTAKE_IMAP_USER,
            password=settings.INTAKE_IMAP_PASSWORD,
            folder=settings.INTAKE_IMAP_FOLDER,
            security=settings.INTAKE_IMAP_SECURITY,
            max_bytes=settings.INTAKE_EMAIL_MAX_BYTES,
        )

    @property
    def key(self):
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"

    def connect(self):
        if self.security == "ssl":
            imap = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=ssl.create_default_context(), timeout=60)
        else:
            imap = imaplib.IMAP4(self.host, self.port, timeout=60)
            if self.security == "starttls":
                imap.starttls(ssl.create_default_context())
        imap.login(self.user, self.password)
        return imap


def submission_key(parsed, raw):
    """The same message read twice (another UIDVALIDITY, a retried run) gives the same key."""
    basis = parsed.message_id.encode() if parsed and parsed.message_id else raw
    return "email-" + hashlib.sha256(basis).hexdigest()[:56]


def thread_signal(parsed):
    """The signal this message answers: by Message-ID chain, then by a tracking or case code."""
    if parsed.thread_ids:
        earlier = (
            InboundEmail.objects.filter(message_id__in=parsed.thread_ids, signal__isnull=False)
            .order_by("-created_at")
            .first()
        )
        if earlier:
            return earlier.signal
    for code in parsed.codes:
        signal = Signal.objects.filter(tracking_code=code).first()
        if signal:
            return signal
        case = Case.objects.filter(code=code).first()
        if case:
            return case.signals.order_by("received_at").first()
    return None


def keep_attachments(signal, parsed):
    """Checked, metadata-free copies of the attachments; returns the reasons of those refused."""
    refused = []
    for number, part in enumerate(parsed.attachments):
        if number >= MAX_FILES:
            refused.append(f"“{part.name}”: quá {MAX_FILES} tệp")
            continue
        upload = SimpleUploadedFile(part.name, part.data, part.content_type)
        try:
            clean = clean_upload(upload)
        except Exception as error:  # ValidationError with a Vietnamese message
            refused.append("; ".join(getattr(error, "messages", [str(error)])))
            continue
        Attachment.objects.create(
            signal=signal, file=clean, original_name=clean.name, content_type=clean.content_type, size=clean.size
        )
    return refused


def acknowledge(signal, parsed):
    """Mã tra cứu in the citizen's own thread; replies to it join the signal."""
    subject = parsed.subject or "Ý kiến gửi Cổng Lắng Nghe"
    if not subject.lower().startswith(("re:", "tl:")):
        subject = "Re: " + subject
    body = (
        f"Kính gửi anh, chị,\n\nCổng Lắng Nghe đã tiếp nhận thư của anh, chị lúc "
        f"{timezone.localtime(signal.received_at):%H:%M ngày %d/%m/%Y}.\n\n"
        f"Mã tra cứu: {signal.tracking_code}\nTheo dõi kết quả xử lý: {tracking_url(signal)}\n\n"
        "Anh, chị có thể trả lời thư này để bổ sung thông tin, tài liệu: thư trả lời được gộp vào ý kiến đã gửi."
    )
    headers = {"In-Reply-To": parsed.message_id, "References": parsed.message_id} if parsed.message_id else {}
    headers["Auto-Submitted"] = "auto-replied"
    return queue_email([signal.reporter_email], f"{subject} [{signal.tracking_code}]", body, headers)


def join_thread(signal, parsed):
    """A citizen's reply in a thread: a note on the signal (and its case), and its attachments."""
    text = strip_quoted(parsed.text) or parsed.text or "(thư không có nội dung)"
    log_event(
        CaseEvent.Action.NOTE,
        case=signal.case,
        signal=signal,
        note=f"Thư bổ sung của người dân ({parsed.sender_address}): {text}"[:4000],
    )
    return keep_attachments(signal, parsed)


def new_signal(parsed, raw):
    text = parsed.text or (parsed.subject if parsed.attachments else "")
    if not text.strip() and not parsed.attachments:
        raise Unreadable("Thư không có nội dung")
    signal, created = create_signal(
        channel=Channel.EMAIL,
        kind=SignalKind.REPORT,
        text=text or "(Thư chỉ có tệp đính kèm)",
        submission_key=submission_key(parsed, raw),
        title=parsed.subject[:255],
        reporter_name=parsed.sender_name,
        reporter_email=parsed.sender_address,
        # Writing to the platform's published mailbox to be answered: the address is kept to answer
        # (the mailbox's notice, docs/channels.md), as the web form keeps an address given with consent.
        consent_personal_data=True,
    )
    refused = []
    if created:
        refused = keep_attachments(signal, parsed)
        acknowledge(signal, parsed)
    return signal, created, refused


def store_message(config, cursor, uid, raw):
    """One message, one transaction: its record, its signal (or note), and the cursor moved on."""
    record = InboundEmail(mailbox=config.key, uidvalidity=cursor.uidvalidity, uid=uid, size=len(raw))
    done = InboundEmail.objects.filter(mailbox=config.key, uidvalidity=cursor.uidvalidity, uid=uid).first()
    if done:  # stored by a run that stopped before moving the cursor: read already
        advance(cursor, uid)
        return done
    try:
        with transaction.atomic():
            parsed = parse_message(raw)
            record.message_id, record.sender, record.subject = (
                parsed.message_id,
                parsed.sender_address,
                parsed.subject,
            )
            notes = list(parsed.notes)
            if parsed.message_id and InboundEmail.objects.filter(message_id=parsed.message_id).exists():
                record.outcome, notes = InboundEmail.Outcome.SKIPPED, ["Thư đã đọc trước đây (cùng Message-ID)"]
            elif parsed.automatic:
                record.outcome, notes = InboundEmail.Outcome.SKIPPED, [parsed.automatic]
            elif earlier := thread_signal(parsed):
                record.outcome, record.signal = InboundEmail.Outcome.JOINED, earlier
                notes += join_thread(earlier, parsed)
            else:
                record.signal, _created, refused = new_signal(parsed, raw)
                record.outcome = InboundEmail.Outcome.SIGNAL
                notes += refused
            record.reason = "; ".join(notes)[:500]
            if notes and record.outcome != InboundEmail.Outcome.SKIPPED and len(raw) <= RAW_KEEP_BYTES:
                record.raw.save(f"uid-{uid}.eml", ContentFile(raw), save=False)
            record.save()
            advance(cursor, uid)
    except Exception as error:  # Unreadable, or anything the message made fail: set it aside
        set_aside(cursor, record, raw, error)
    return record


def set_aside(cursor, record, raw, error):
    reason = str(error) if isinstance(error, Unreadable) else f"Lỗi khi đọc thư: {type(error).__name__}: {error}"
    logger.warning("Thư không đọc được (%s UID %s): %s", record.mailbox, record.uid, reason)
    with transaction.atomic():
        record.pk, record.signal, record.outcome = None, None, InboundEmail.Outcome.UNREADABLE
        record.reason = reason[:500]
        if len(raw) <= RAW_KEEP_BYTES:
            record.raw.save(f"uid-{record.uid}.eml", ContentFile(raw), save=False)
        else:
            record.reason = (record.reason + f" (thư gốc còn trong hộp thư, UID {record.uid})")[:500]
        InboundEmail.objects.filter(mailbox=record.mailbox, uidvalidity=record.uidvalidity, uid=record.uid).delete()
        record.save()
        advance(cursor, record.uid)


def advance(cursor, uid):
    cursor.last_uid = uid
    MailboxCursor.objects.filter(pk=cursor.pk).update(last_uid=uid, polled_at=timezone.now(), last_error="")


def too_large(config, cursor, uid, size):
    record = InboundEmail(mailbox=config.key, uidvalidity=cursor.uidvalidity, uid=uid, size=size)
    set_aside(cursor, record, b"", Unreadable(f"Thư quá lớn ({size // (1024 * 1024)} MB)"))


def open_cursor(config, imap):
    status, _ = imap.select(_quoted(config.folder), readonly=True)
    if status != "OK":
        raise imaplib.IMAP4.error(f"Không mở được thư mục {config.folder}")
    uidvalidity = int(imap.response("UIDVALIDITY")[1][0])
    cursor, _ = MailboxCursor.objects.get_or_create(mailbox=config.key)
    if cursor.uidvalidity != uidvalidity:
        # The server rebuilt the folder: read it again; Message-IDs keep old messages from repeating.
        cursor.uidvalidity, cursor.last_uid = uidvalidity, 0
        cursor.save(update_fields=["uidvalidity", "last_uid"])
    return cursor


def _quoted(folder):
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_uids(imap, cursor):
    status, data = imap.uid("SEARCH", None, f"UID {cursor.last_uid + 1}:*")
    if status != "OK":
        raise imaplib.IMAP4.error("Không tìm được thư mới")
    return sorted(uid for uid in map(int, (data[0] or b"").split()) if uid > cursor.last_uid)


def fetch_batch(imap, uids, max_bytes):
    """{uid: raw bytes, or the size when over max_bytes}, in one round trip for the small ones."""
    status, data = imap.uid("FETCH", ",".join(map(str, uids)), "(UID RFC822.SIZE)")
    sizes = {}
    for item in data if status == "OK" else []:
        line = item[0] if isinstance(item, tuple) else item
        if line and (uid := UID_RE.search(line)) and (size := SIZE_RE.search(line)):
            sizes[int(uid.group(1))] = int(size.group(1))
    small = [uid for uid in uids if sizes.get(uid, 0) <= max_bytes]
    found = {uid: sizes[uid] for uid in uids if uid in sizes and uid not in small}
    if small:
        status, data = imap.uid("FETCH", ",".join(map(str, small)), "(UID BODY.PEEK[])")
        for item in data if status == "OK" else []:
            if isinstance(item, tuple) and (uid := UID_RE.search(item[0])):
                found[int(uid.group(1))] = item[1]
    return found


def poll(config=None, limit=None):
    """Read every new message of the mailbox once; returns {outcome: count}."""
    config = config or MailboxConfig.from_settings()
    if config is None:
        return {}
    counts = {}
    imap = config.connect()
    try:
        cursor = open_cursor(config, imap)
        uids = new_uids(imap, cursor)[:limit]
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            messages = fetch_batch(imap, batch, config.max_bytes)
            for uid in batch:
                if uid not in messages:
                    continue  # expunged meanwhile: nothing to read
                message = messages[uid]
                if isinstance(message, int):
                    too_large(config, cursor, uid, message)
                    outcome = InboundEmail.Outcome.UNREADABLE
                else:
                    outcome = store_message(config, cursor, uid, message).outcome
                counts[outcome] = counts.get(outcome, 0) + 1
    finally:
        try:
            imap.logout()
        except Exception:  # the connection is already gone
            pass
    return counts
