"""Theo dõi trên môi trường mạng: the sources followed, the items read from them, the stories they tell.

A source is polled by the task worker (monitoring/fetch.py, monitoring/services.py); each new item is
deduplicated with Media Cloud's keys (normalised URL, title per source within 7 days) plus a content
hash, then joins a story (near-duplicates and rewordings of one event). A story that concerns the
province becomes ONE signal of channel "online" (or "press" for the press), kept up to date as it grows.
No author is stored by name or profile: a salted hash only, to count distinct voices.
"""

import datetime
import uuid

from django.db import models
from django.utils import timezone

from opinions.models import Area, Field, Signal
from opinions.models.base import TimeStampedModel

MIN_INTERVAL = datetime.timedelta(minutes=10)
MAX_INTERVAL = datetime.timedelta(hours=24)


class Trust(models.TextChoices):
    OFFICIAL = "official", "Chính thống (cơ quan nhà nước)"
    PRESS = "press", "Báo chí"
    SOCIAL = "social", "Diễn đàn, mạng xã hội"


class Sentiment(models.TextChoices):
    NEGATIVE = "negative", "Tiêu cực"
    NEUTRAL = "neutral", "Trung tính"
    POSITIVE = "positive", "Tích cực"


class MatchState(models.TextChoices):
    NONE = "", "Chưa khớp"
    SUGGESTED = "suggested", "Gợi ý, chờ xem xét"
    MATCHED = "matched", "Đã có thông tin phản bác"
    REJECTED = "rejected", "Không khớp (đã xem xét)"


class Source(TimeStampedModel):
    """Nguồn theo dõi: a feed, news sitemap, portal listing page or imported export the platform follows."""

    class Kind(models.TextChoices):
        RSS = "rss", "RSS/Atom"
        SITEMAP = "sitemap", "Sơ đồ tin (news sitemap)"
        HTML = "html", "Trang danh sách tin (HTML)"
        IMPORT = "import", "Tệp xuất từ công cụ theo dõi"

    name = models.CharField("tên nguồn", max_length=200)
    kind = models.CharField("loại nguồn", max_length=20, choices=Kind.choices, default=Kind.RSS)
    url = models.URLField("địa chỉ", max_length=1000, blank=True)
    selector = models.CharField(
        "bộ chọn CSS của liên kết bài", max_length=300, blank=True, help_text="Chỉ cho trang danh sách tin."
    )
    trust = models.CharField("mức tin cậy", max_length=20, choices=Trust.choices, default=Trust.PRESS)
    is_local = models.BooleanField(
        "nguồn của tỉnh", default=True, help_text="Tin của nguồn này được coi là liên quan đến tỉnh."
    )
    field_hint = models.ForeignKey(
        Field, verbose_name="lĩnh vực mặc định", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    area_hint = models.ForeignKey(
        Area, verbose_name="địa bàn mặc định", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField("ngôn ngữ", max_length=10, default="vi")
    interval = models.DurationField("chu kỳ lấy tin", default=datetime.timedelta(hours=1))
    active = models.BooleanField("đang theo dõi", default=True)
    # Health of the fetcher (conditional GET, failures, claim by one worker at a time).
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    document_hash = models.CharField(max_length=64, blank=True, editable=False)
    next_fetch_at = models.DateTimeField("lần lấy tin tới", default=timezone.now)
    last_fetch_at = models.DateTimeField("lần lấy tin gần nhất", null=True, blank=True)
    last_success_at = models.DateTimeField("lần lấy tin thành công gần nhất", null=True, blank=True)
    last_status = models.CharField("kết quả gần nhất", max_length=300, blank=True)
    last_error = models.CharField("lỗi gần nhất", max_length=500, blank=True)
    failure_score = models.FloatField("điểm lỗi", default=0)
    disabled_reason = models.CharField("lý do tạm dừng", max_length=300, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    fetch_count = models.PositiveIntegerField("số lần lấy tin", default=0)
    item_total = models.PositiveIntegerField("số tin đã lưu", default=0)

    class Meta:
        verbose_name = "nguồn theo dõi"
        verbose_name_plural = "nguồn theo dõi"
        ordering = ["name"]
        indexes = [models.Index(fields=["active", "next_fetch_at"], name="mon_source_due_idx")]

    def __str__(self):
        return self.name


class Story(TimeStampedModel):
    """Dòng sự kiện, câu chuyện: one event as told by many items (copies, re-posts, rewordings)."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField("tiêu đề", max_length=500)
    first_seen = models.DateTimeField("xuất hiện lần đầu", db_index=True)
    last_seen = models.DateTimeField("xuất hiện gần nhất", db_index=True)
    item_count = models.PositiveIntegerField("số tin, bài", default=0)
    source_count = models.PositiveIntegerField("số nguồn", default=0)
    voice_count = models.PositiveIntegerField("số người đăng khác nhau", default=0)
    field = models.ForeignKey(
        Field, verbose_name="lĩnh vực", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    area = models.ForeignKey(
        Area, verbose_name="địa bàn", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sentiment = models.CharField("sắc thái", max_length=20, choices=Sentiment.choices, default=Sentiment.NEUTRAL)
    concerns_province = models.BooleanField("liên quan đến tỉnh", default=False)
    signal = models.OneToOneField(
        Signal,
        verbose_name="thông tin dư luận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_story",
    )
    rebuttal = models.ForeignKey(
        "news.RebuttalPage",
        verbose_name="thông tin phản bác",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rebuttal_score = models.FloatField("độ khớp phản bác", null=True, blank=True)
    rebuttal_state = models.CharField(
        "khớp thông tin phản bác", max_length=20, choices=MatchState.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = "dòng sự kiện"
        verbose_name_plural = "dòng sự kiện"
        ordering = ["-last_seen"]

    def __str__(self):
        return self.title


class Item(TimeStampedModel):
    """Tin, bài: one article or post read from a source; never its author's name (a salted hash only)."""

    source = models.ForeignKey(Source, verbose_name="nguồn", on_delete=models.CASCADE, related_name="items")
    story = models.ForeignKey(
        Story, verbose_name="dòng sự kiện", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    url = models.URLField("đường dẫn", max_length=1000)
    url_hash = models.CharField("khóa đường dẫn", max_length=64, unique=True)
    title = models.CharField("tiêu đề", max_length=500)
    title_hash = models.CharField("khóa tiêu đề", max_length=32, db_index=True)
    text = models.TextField("nội dung", blank=True)
    text_hash = models.CharField("khóa nội dung", max_length=64, db_index=True, blank=True)
    copy_of = models.ForeignKey(
        "self", verbose_name="bản sao của", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField("thời điểm đăng", null=True, blank=True)
    first_seen = models.DateTimeField("thời điểm ghi nhận", default=timezone.now, db_index=True)
    author_hash = models.CharField("mã người đăng (băm)", max_length=64, blank=True)
    area = models.ForeignKey(
        Area, verbose_name="địa bàn", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    field = models.ForeignKey(
        Field, verbose_name="lĩnh vực", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sentiment = models.CharField("sắc thái", max_length=20, choices=Sentiment.choices, default=Sentiment.NEUTRAL)
    text_pruned = models.BooleanField("đã xóa toàn văn", default=False)

    class Meta:
        verbose_name = "tin, bài"
        verbose_name_plural = "tin, bài"
        ordering = ["-first_seen"]
        indexes = [models.Index(fields=["source", "title_hash"], name="mon_item_title_idx")]

    def __str__(self):
        return self.title
