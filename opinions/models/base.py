from django.db import models


class TimeStampedModel(models.Model):
    """Bản ghi có thời điểm tạo và cập nhật (the one timestamp base class)."""

    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)
    updated_at = models.DateTimeField("thời điểm cập nhật", auto_now=True)

    class Meta:
        abstract = True
