"""Dialogue and citizen-reception sessions (đối thoại, tiếp công dân) and the opinions raised there."""

from django.conf import settings
from django.db import models

from .base import TimeStampedModel
from .cases import Signal
from .units import Unit


class Session(TimeStampedModel):
    """Phiên đối thoại, tiếp công dân: one meeting where leaders hear many opinions at once."""

    class Kind(models.TextChoices):
        DIALOGUE_PEOPLE = "dialogue_people", "Đối thoại với Nhân dân"
        DIALOGUE_BUSINESS = "dialogue_business", "Đối thoại với doanh nghiệp"
        RECEPTION_REGULAR = "reception_regular", "Tiếp công dân định kỳ"
        RECEPTION_AD_HOC = "reception_ad_hoc", "Tiếp công dân đột xuất"

    kind = models.CharField("hình thức", max_length=30, choices=Kind.choices)
    date = models.DateField("ngày")
    place = models.CharField("địa điểm", max_length=255)
    chair = models.CharField("người chủ trì", max_length=255, help_text="Họ tên, chức vụ.")
    units = models.ManyToManyField(Unit, verbose_name="đơn vị tham dự", blank=True, related_name="+")
    participants = models.PositiveIntegerField("số người tham dự", default=0)
    note = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người lập", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "phiên đối thoại, tiếp công dân"
        verbose_name_plural = "phiên đối thoại, tiếp công dân"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y} – {self.place}"

    @property
    def is_reception(self):
        return self.kind.startswith("reception")


class SessionOpinion(models.Model):
    """Ý kiến tại phiên: one opinion raised in a session, its signal, and who answered it there."""

    session = models.ForeignKey(Session, verbose_name="phiên", on_delete=models.CASCADE, related_name="opinions")
    signal = models.OneToOneField(
        Signal, verbose_name="thông tin dư luận", on_delete=models.CASCADE, related_name="session_opinion"
    )
    position = models.PositiveIntegerField("thứ tự", default=0)
    answered_by = models.CharField("người trả lời tại phiên", max_length=255, blank=True)
    answer_at_session = models.TextField("nội dung trả lời tại phiên", blank=True)

    class Meta:
        verbose_name = "ý kiến tại phiên"
        verbose_name_plural = "ý kiến tại phiên"
        ordering = ["session", "position", "pk"]

    def __str__(self):
        return f"{self.session} #{self.position}"
