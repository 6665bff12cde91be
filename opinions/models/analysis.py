"""Analysis in the platform (issue 7): suggestions, confirmed labels and trained models.

A suggestion is what a model proposed for one signal (field, kind, sentiment, urgency, commune,
similar open case), with its confidence and the model version. It never changes the signal by
itself: the opinion office accepts or corrects it on the intake queue, and that decision is a
ConfirmedLabel (who, when, which value). Only confirmed labels train the next model.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Attribute(models.TextChoices):
    FIELD = "field", "Lĩnh vực"
    KIND = "kind", "Loại"
    SENTIMENT = "sentiment", "Sắc thái"
    URGENCY = "urgency", "Mức độ"
    AREA = "area", "Địa bàn"
    CASE = "case", "Vụ việc tương tự"


# The attributes a model is trained for (analysis_train --task).
TRAINABLE = [Attribute.FIELD, Attribute.KIND, Attribute.URGENCY, Attribute.SENTIMENT]


class Suggestion(models.Model):
    """Gợi ý phân tích: one value proposed by a model for one signal, kept apart from the signal."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ xác nhận"
        ACCEPTED = "accepted", "Đã chấp nhận"
        CORRECTED = "corrected", "Đã sửa"

    signal = models.ForeignKey(
        "opinions.Signal", verbose_name="thông tin dư luận", on_delete=models.CASCADE, related_name="suggestions"
    )
    attribute = models.CharField("thuộc tính", max_length=20, choices=Attribute.choices)
    value = models.CharField("giá trị gợi ý", max_length=100)
    confidence = models.FloatField("độ tin cậy")
    model_version = models.CharField("phiên bản mô hình", max_length=120)
    created_at = models.DateTimeField("thời điểm gợi ý", default=timezone.now)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.PENDING)

    class Meta:
        verbose_name = "gợi ý phân tích"
        verbose_name_plural = "gợi ý phân tích"
        ordering = ["signal", "attribute", "-confidence"]
        indexes = [models.Index(fields=["signal", "status"], name="suggestion_signal_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["signal", "attribute", "value"], name="suggestion_signal_attr_value_uniq")
        ]

    def __str__(self):
        return f"{self.get_attribute_display()}: {self.value} ({self.confidence:.0%})"


class ConfirmedLabel(models.Model):
    """Nhãn đã xác nhận: the value a person confirmed for one attribute of one signal.

    `suggestion` is the model's proposal it answers (None when a person classified without one);
    `accepted` tells whether the proposal was taken as it was.
    """

    signal = models.ForeignKey(
        "opinions.Signal", verbose_name="thông tin dư luận", on_delete=models.CASCADE, related_name="labels"
    )
    attribute = models.CharField("thuộc tính", max_length=20, choices=Attribute.choices)
    value = models.CharField("giá trị xác nhận", max_length=100)
    suggestion = models.ForeignKey(
        Suggestion, verbose_name="gợi ý", null=True, blank=True, on_delete=models.SET_NULL, related_name="labels"
    )
    accepted = models.BooleanField("chấp nhận gợi ý không sửa", null=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người xác nhận", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField("thời điểm xác nhận", default=timezone.now)

    class Meta:
        verbose_name = "nhãn đã xác nhận"
        verbose_name_plural = "nhãn đã xác nhận"
        ordering = ["-confirmed_at"]
        constraints = [models.UniqueConstraint(fields=["signal", "attribute"], name="label_signal_attribute_uniq")]

    def __str__(self):
        return f"{self.get_attribute_display()}: {self.value}"


class SignalAnalysis(models.Model):
    """Kết quả phân tích ý kiến: when a signal was analysed and how unsure the least certain
    suggestion was (the intake queue's order)."""

    signal = models.OneToOneField(
        "opinions.Signal",
        verbose_name="thông tin dư luận",
        on_delete=models.CASCADE,
        related_name="analysis",
        primary_key=True,
    )
    analysed_at = models.DateTimeField("thời điểm phân tích", default=timezone.now)
    min_confidence = models.FloatField("độ tin cậy thấp nhất", null=True, blank=True)
    versions = models.JSONField("phiên bản mô hình", default=dict, blank=True)

    class Meta:
        verbose_name = "kết quả phân tích"
        verbose_name_plural = "kết quả phân tích"

    def __str__(self):
        return f"Phân tích {self.signal_id} lúc {self.analysed_at:%d/%m/%Y %H:%M}"


class AnalysisModel(models.Model):
    """Mô hình phân tích: one trained classifier file and how well it did on held-out labels."""

    task = models.CharField("nhiệm vụ", max_length=20, choices=Attribute.choices)
    version = models.CharField("phiên bản", max_length=120, unique=True)
    file = models.CharField("tệp mô hình", max_length=500)
    metrics = models.JSONField("chất lượng", default=dict, blank=True)
    n_train = models.PositiveIntegerField("số mẫu huấn luyện", default=0)
    n_test = models.PositiveIntegerField("số mẫu đánh giá", default=0)
    source = models.CharField("nguồn dữ liệu", max_length=255, blank=True)
    created_at = models.DateTimeField("thời điểm tạo", default=timezone.now)
    active = models.BooleanField("đang dùng", default=False)
    note = models.CharField("ghi chú", max_length=500, blank=True)

    class Meta:
        verbose_name = "mô hình phân tích"
        verbose_name_plural = "mô hình phân tích"
        ordering = ["task", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=models.Q(active=True), name="analysis_model_one_active_per_task"
            )
        ]

    def __str__(self):
        return f"{self.get_task_display()} {self.version}"
