"""The back-office side of the cycle: the notification inbox and the answer templates per field."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .base import TimeStampedModel
from .cases import Case
from .reference import Field


class Notification(models.Model):
    """Thông báo: one notice in a staff member's inbox (new case for my unit, answer sent back,
    reopened by the citizen, due soon); read once opened, kept for the record."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "Vụ việc mới giao cho đơn vị"
        OFFICER = "officer", "Vụ việc giao cho anh, chị"
        SUBMITTED = "submitted", "Dự thảo trả lời chờ phê duyệt"
        RETURNED = "returned", "Dự thảo bị trả lại để sửa"
        APPROVED = "approved", "Câu trả lời đã được phê duyệt"
        REOPENED = "reopened", "Người dân đề nghị xem xét lại"
        RATED = "rated", "Người dân đánh giá câu trả lời"
        DUE_SOON = "due_soon", "Sắp đến hạn"
        OVERDUE = "overdue", "Quá hạn"
        EXTENSION = "extension", "Đề nghị gia hạn"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người nhận", on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(
        Case, verbose_name="vụ việc", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("loại thông báo", max_length=20, choices=Kind.choices)
    text = models.CharField("nội dung", max_length=500)
    created_at = models.DateTimeField("thời điểm", default=timezone.now)
    read_at = models.DateTimeField("thời điểm đọc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class AnswerTemplate(TimeStampedModel):
    """Mẫu trả lời: a reusable answer text for a field (or any field) that a unit starts its draft from."""

    field = models.ForeignKey(
        Field,
        verbose_name="lĩnh vực",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answer_templates",
        help_text="Để trống: dùng cho mọi lĩnh vực.",
    )
    title = models.CharField("tên mẫu", max_length=200)
    text = models.TextField(
        "nội dung mẫu", help_text="Có thể dùng {ma_vu_viec}, {tieu_de}, {don_vi}: được thay khi chọn mẫu."
    )
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "mẫu trả lời"
        verbose_name_plural = "mẫu trả lời"
        ordering = ["field__name", "title"]

    def __str__(self):
        return f"{self.title} ({self.field or 'mọi lĩnh vực'})"

    def render(self, case):
        """The text with the case's code, title and unit put in."""
        values = {"ma_vu_viec": case.code, "tieu_de": case.title, "don_vi": str(case.assigned_unit or "")}
        text = self.text
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        return text
