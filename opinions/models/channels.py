"""The intake channels' bookkeeping: the polled mailbox, each e-mail read, messages sent back."""

from django.db import models

from .base import TimeStampedModel
from .cases import Signal


class MailboxCursor(models.Model):
    """Hộp thư tiếp nhận: how far the platform has read one IMAP folder (UIDVALIDITY, last UID).

    A folder whose UIDVALIDITY changes has been rebuilt by the server: reading starts again from
    UID 1 and the Message-ID of each message already stored keeps it from being read twice.
    """

    mailbox = models.CharField("hộp thư", max_length=255, unique=True)
    uidvalidity = models.BigIntegerField("UIDVALIDITY", default=0)
    last_uid = models.BigIntegerField("UID đã đọc đến", default=0)
    polled_at = models.DateTimeField("lần đọc gần nhất", null=True, blank=True)
    last_error = models.CharField("lỗi gần nhất", max_length=500, blank=True)

    class Meta:
        verbose_name = "hộp thư tiếp nhận"
        verbose_name_plural = "hộp thư tiếp nhận"

    def __str__(self):
        return self.mailbox


class InboundEmail(TimeStampedModel):
    """Thư đến: one message read from the mailbox and what became of it (a signal, a reply joined
    to its signal, skipped as an auto-reply, or set aside as unreadable with the reason)."""

    class Outcome(models.TextChoices):
        SIGNAL = "signal", "Tạo thông tin dư luận"
        JOINED = "joined", "Gộp vào thông tin đã có (thư trả lời)"
        SKIPPED = "skipped", "Bỏ qua (thư tự động, thư báo lỗi, danh sách thư)"
        UNREADABLE = "unreadable", "Không đọc được"
        RESOLVED = "resolved", "Đã xử lý thủ công"

    mailbox = models.CharField("hộp thư", max_length=255)
    uidvalidity = models.BigIntegerField("UIDVALIDITY")
    uid = models.BigIntegerField("UID")
    message_id = models.CharField("Message-ID", max_length=255, blank=True, db_index=True)
    sender = models.CharField("người gửi", max_length=255, blank=True)
    subject = models.CharField("tiêu đề", max_length=255, blank=True)
    outcome = models.CharField("kết quả", max_length=20, choices=Outcome.choices)
    reason = models.CharField("lý do", max_length=500, blank=True)
    size = models.PositiveBigIntegerField("dung lượng (byte)", default=0)
    raw = models.FileField("thư gốc", upload_to="thu-den/%Y/%m/", max_length=255, blank=True)
    signal = models.ForeignKey(
        Signal,
        verbose_name="thông tin dư luận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )

    class Meta:
        verbose_name = "thư đến"
        verbose_name_plural = "thư đến"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["mailbox", "uidvalidity", "uid"], name="inbound_email_uid_uniq")]
        indexes = [models.Index(fields=["outcome", "-created_at"], name="inbound_email_outcome_idx")]

    def __str__(self):
        return f"{self.sender} – {self.subject or '(không tiêu đề)'}"

    @classmethod
    def reply_headers(cls, signal):
        """The headers that put an e-mail to the citizen in the thread they started, or {}."""
        ids = list(
            cls.objects.filter(signal=signal)
            .exclude(message_id="")
            .order_by("created_at")
            .values_list("message_id", flat=True)
        )
        if not ids:
            return {}
        return {"In-Reply-To": ids[-1], "References": " ".join(ids[-10:])}


class OutgoingMessage(TimeStampedModel):
    """Tin nhắn gửi đi: a Zalo OA message or an SMS to a citizen (mã tra cứu, câu trả lời), kept
    until sent and retried like the e-mails."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ gửi"
        SENT = "sent", "Đã gửi"
        FAILED = "failed", "Gửi không được"

    channel = models.CharField("kênh", max_length=20)
    to = models.CharField("gửi đến", max_length=100)
    text = models.TextField("nội dung")
    key = models.CharField("khóa (chống gửi trùng)", max_length=100, unique=True)
    signal = models.ForeignKey(
        Signal, verbose_name="thông tin dư luận", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    last_error = models.CharField("lỗi gần nhất", max_length=500, blank=True)
    sent_at = models.DateTimeField("thời điểm gửi", null=True, blank=True)

    class Meta:
        verbose_name = "tin nhắn gửi đi"
        verbose_name_plural = "tin nhắn gửi đi"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.channel} → {self.to}"
