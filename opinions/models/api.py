"""API keys and the requests that arrive through the Open311 GeoReport v2 API."""

import hashlib
import secrets
import time

from django.conf import settings
from django.db import models
from django.utils import timezone

from .base import TimeStampedModel
from .cases import Signal

KEY_PREFIX_LENGTH = 8
# Each web process remembers a valid key for this long, so a POST does not look it up every time.
# A revocation therefore reaches the other processes within these seconds (docs/open311.md).
KEY_CACHE_SECONDS = 10
_key_cache = {}


def hash_key(raw_key):
    """Keys are 32 random bytes, so one SHA-256 is enough (no slow hash needed) and keeps POSTs fast."""
    return hashlib.sha256(raw_key.encode("utf-8")).hexdigest()


def new_submission_token():
    return secrets.token_urlsafe(16)


class ApiKey(TimeStampedModel):
    """Khóa API: lets one partner application submit reports through Open311.

    Only a hash is stored; the key itself is shown once, when it is issued. A revoked key is kept
    (the reports it brought in still point to it) but is refused from then on.
    """

    name = models.CharField("tên ứng dụng, đối tác", max_length=200)
    prefix = models.CharField("tiền tố khóa", max_length=KEY_PREFIX_LENGTH, editable=False)
    key_hash = models.CharField("mã băm của khóa", max_length=64, unique=True, editable=False)
    collects_consent = models.BooleanField(
        "ứng dụng thu thập sự đồng ý xử lý dữ liệu cá nhân",
        default=False,
        help_text="Chỉ khi đối tác cam kết đã hỏi ý kiến người dân, họ tên, điện thoại, thư điện tử gửi kèm "
        "mới được lưu; nếu không, các thông tin đó bị bỏ đi.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cấp",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField("thời điểm thu hồi", null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField("lần dùng gần nhất", null=True, blank=True, editable=False)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "khóa API Open311"
        verbose_name_plural = "khóa API Open311"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, name, created_by=None, collects_consent=False):
        """Cấp khóa mới: returns (api_key, raw_key); the raw key is never stored."""
        raw_key = secrets.token_urlsafe(32)
        api_key = cls.objects.create(
            name=name.strip(),
            prefix=raw_key[:KEY_PREFIX_LENGTH],
            key_hash=hash_key(raw_key),
            created_by=created_by,
            collects_consent=collects_consent,
        )
        return api_key, raw_key

    @classmethod
    def find_active(cls, raw_key):
        """The active key matching raw_key, or None. Only found keys are remembered, briefly."""
        if not raw_key:
            return None
        digest = hash_key(raw_key)
        cached = _key_cache.get(digest)
        if cached and time.monotonic() - cached[1] < KEY_CACHE_SECONDS:
            return cached[0]
        found = list(cls.objects.filter(key_hash=digest, revoked_at__isnull=True)[:1])
        if not found:
            _key_cache.pop(digest, None)
            return None
        _key_cache[digest] = (found[0], time.monotonic())
        return found[0]

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at", "updated_at"])
        _key_cache.pop(self.key_hash, None)

    def touch(self, now=None):
        """Record use at most once a minute: every POST writing the same row would serialise them."""
        now = now or timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            type(self).objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


class ApiSubmission(models.Model):
    """Yêu cầu gửi qua API: what an Open311 POST brought besides the signal itself."""

    signal = models.OneToOneField(
        Signal,
        verbose_name="thông tin dư luận",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="api_submission",
    )
    api_key = models.ForeignKey(ApiKey, verbose_name="khóa API", on_delete=models.PROTECT, related_name="submissions")
    token = models.CharField("token", max_length=32, unique=True, default=new_submission_token, editable=False)
    media_url = models.URLField("đường dẫn ảnh, tệp", max_length=1000, blank=True)
    # SHA-256 of (key, service, description, point, e-mail): finds a retried POST without its own key.
    fingerprint = models.CharField("dấu vân tay nội dung", max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField("thời điểm nhận", default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "yêu cầu gửi qua API"
        verbose_name_plural = "yêu cầu gửi qua API"

    def __str__(self):
        return f"{self.signal_id} ← {self.api_key}"
