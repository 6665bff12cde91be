"""Counters shared by every web process: abuse limits that hold with several workers and no Redis."""

from django.db import models


class RateBucket(models.Model):
    """Bộ đếm giới hạn tần suất: how many requests one key (an address, an API key) made in one window.

    Incremented in the database (UPDATE … count + 1), so parallel requests from one address cannot
    all pass a check made before any of them was counted.
    """

    key = models.CharField("khóa", max_length=200)
    window = models.BigIntegerField("cửa sổ thời gian")
    count = models.PositiveIntegerField("số lần", default=0)

    class Meta:
        verbose_name = "bộ đếm giới hạn tần suất"
        verbose_name_plural = "bộ đếm giới hạn tần suất"
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="rate_bucket_key_window_uniq")]

    def __str__(self):
        return f"{self.key} @ {self.window}: {self.count}"
