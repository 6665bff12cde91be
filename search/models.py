"""The search index kept in the database: one row per searchable record."""

from django.db import models


class SearchDocument(models.Model):
    """Tài liệu tìm kiếm: the searchable text and facets of one signal, case or page.

    Built from the record by search.documents; never holds a citizen's name or contacts. The
    database backend searches these rows (SQLite FTS5 table or PostgreSQL tsvector, added by the
    migrations for the database in use); the Elasticsearch backend is fed from them.
    """

    class Kind(models.TextChoices):
        SIGNAL = "signal", "Thông tin dư luận"
        CASE = "case", "Vụ việc"
        PAGE = "page", "Thông tin chính thống"

    kind = models.CharField("loại tài liệu", max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField("mã bản ghi")
    title = models.CharField("tiêu đề", max_length=255, blank=True)
    text = models.TextField("nội dung", blank=True)
    url = models.CharField("đường dẫn", max_length=500, blank=True)
    # normalise(title + text) and fold(...) of it: what the database backend matches.
    norm = models.TextField("văn bản chuẩn hóa", blank=True)
    folded = models.TextField("văn bản bỏ dấu", blank=True)
    is_public = models.BooleanField("công khai", default=False)
    # Facets and access: the handling unit scopes what a unit handler finds.
    unit_id = models.BigIntegerField("đơn vị xử lý", null=True, blank=True)
    field_id = models.BigIntegerField("lĩnh vực", null=True, blank=True)
    area_id = models.BigIntegerField("địa bàn", null=True, blank=True)
    signal_kind = models.CharField("loại ý kiến", max_length=20, blank=True)
    status = models.CharField("trạng thái", max_length=20, blank=True)
    channel = models.CharField("kênh tiếp nhận", max_length=20, blank=True)
    date = models.DateTimeField("thời điểm", null=True, blank=True)
    updated_at = models.DateTimeField("thời điểm cập nhật", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "tài liệu tìm kiếm"
        verbose_name_plural = "tài liệu tìm kiếm"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_doc_kind_object_uniq")]
        indexes = [models.Index(fields=["kind", "-date"], name="search_doc_kind_date_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_id}: {self.title[:60]}"


class PendingUpdate(models.Model):
    """Cập nhật chỉ mục đang chờ: a record whose index update could not be applied yet.

    Written when Elasticsearch does not answer (or a task could not be enqueued); kept until the
    update goes through. The periodic job `search_apply_pending` (or `search_reindex --pending`)
    re-reads the record, so the latest state wins: indexed if it exists, removed if it is gone.
    """

    kind = models.CharField("loại tài liệu", max_length=10)
    object_id = models.BigIntegerField("mã bản ghi")
    attempts = models.PositiveIntegerField("số lần thử", default=0)
    last_error = models.CharField("lỗi gần nhất", max_length=500, blank=True)
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)

    class Meta:
        verbose_name = "cập nhật chỉ mục đang chờ"
        verbose_name_plural = "cập nhật chỉ mục đang chờ"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_pending_kind_object_uniq")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"
