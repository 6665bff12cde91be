"""Khảo sát, điều tra dư luận xã hội: questionnaires with XLSForm semantics, responses, invitations.

A survey holds sections (XLSForm groups) and questions (XLSForm rows: type, name, label::vi/en,
required, relevant, constraint + message, choice_filter, calculation, appearance). Answers of one
respondent are one Response row (a JSON object name → value): no IP address and no account are
stored with them. Contacts given in an identified survey go to RespondentContact, which has no link
to the answers.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from opinions.models import Unit
from opinions.models.base import TimeStampedModel


def new_key():
    return secrets.token_urlsafe(16)


class Survey(TimeStampedModel):
    """Cuộc khảo sát, điều tra dư luận xã hội: a questionnaire, its audience and its fieldwork."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Đang soạn"
        OPEN = "open", "Đang mở"
        CLOSED = "closed", "Đã đóng"

    class Sampling(models.TextChoices):
        OPT_IN = "opt_in", "Tự nguyện tham gia qua đường dẫn công khai (không phải mẫu xác suất)"
        PROBABILITY = "probability", "Mẫu xác suất (chọn ngẫu nhiên, có trọng số thiết kế)"
        PANEL = "panel", "Mời theo danh sách (cộng tác viên, đầu mối, cán bộ)"

    title = models.CharField("tên cuộc khảo sát", max_length=255)
    title_en = models.CharField("tên tiếng Anh", max_length=255, blank=True)
    description = models.TextField("lời giới thiệu", blank=True)
    form_id = models.SlugField("mã biểu mẫu (form_id)", max_length=80, blank=True)
    version = models.CharField("phiên bản", max_length=40, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField("thời điểm mở", null=True, blank=True)
    closes_at = models.DateTimeField("thời điểm đóng", null=True, blank=True)
    public_key = models.CharField("mã đường dẫn công khai", max_length=40, unique=True, default=new_key)
    allow_public_link = models.BooleanField("cho trả lời qua đường dẫn công khai", default=True)
    identified = models.BooleanField(
        "xin thông tin liên hệ của người trả lời", default=False, help_text="Phải có sự đồng ý (Luật 91/2025/QH15)."
    )
    sampling = models.CharField("cách chọn mẫu", max_length=20, choices=Sampling.choices, default=Sampling.OPT_IN)
    sampling_note = models.TextField("mô tả cách chọn mẫu", blank=True)
    weight_question = models.CharField("câu hỏi chứa trọng số thiết kế", max_length=80, blank=True)
    calibration = models.JSONField("cân chỉnh trọng số", default=dict, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị thực hiện", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người tạo", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = "cuộc khảo sát"
        verbose_name_plural = "cuộc khảo sát"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def is_accepting(self, now=None):
        """Open and within its times: the only state in which answers are taken."""
        now = now or timezone.now()
        if self.status != self.Status.OPEN:
            return False
        return (self.opens_at is None or self.opens_at <= now) and (self.closes_at is None or now < self.closes_at)

    @property
    def is_probability(self):
        return self.sampling == self.Sampling.PROBABILITY


class Section(models.Model):
    """Phần của phiếu khảo sát: one page for the respondent (an XLSForm group)."""

    survey = models.ForeignKey(Survey, verbose_name="cuộc khảo sát", on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField("thứ tự", default=0)
    name = models.SlugField("tên (name)", max_length=80)
    title = models.CharField("tiêu đề", max_length=255)
    title_en = models.CharField("tiêu đề tiếng Anh", max_length=255, blank=True)
    relevant = models.CharField("điều kiện hiển thị (relevant)", max_length=500, blank=True)

    class Meta:
        verbose_name = "phần của phiếu"
        verbose_name_plural = "phần của phiếu"
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "name"], name="survey_section_name_uniq")]

    def __str__(self):
        return self.title


class Question(models.Model):
    """Câu hỏi: one row of the XLSForm survey sheet, with its type, labels and rules."""

    class Type(models.TextChoices):
        SELECT_ONE = "select_one", "Chọn một"
        SELECT_MULTIPLE = "select_multiple", "Chọn nhiều"
        DROPDOWN = "dropdown", "Danh sách thả xuống"
        LIKERT = "likert", "Thang đo Likert"
        RATING = "rating", "Thang điểm"
        MATRIX = "matrix", "Ma trận (dòng × thang đo)"
        RANK = "rank", "Xếp hạng"
        INTEGER = "integer", "Số nguyên"
        DECIMAL = "decimal", "Số thập phân"
        DATE = "date", "Ngày"
        TEXT = "text", "Câu trả lời ngắn"
        LONG_TEXT = "long_text", "Câu trả lời dài"
        COMMUNE = "commune", "Chọn xã, phường, đặc khu"
        CONSENT = "consent", "Lời đồng ý"
        NOTE = "note", "Ghi chú (không cần trả lời)"
        CALCULATE = "calculate", "Giá trị tính toán"

    CHOICE_TYPES = {"select_one", "select_multiple", "dropdown", "likert", "matrix", "rank"}
    NO_ANSWER = {"note"}

    survey = models.ForeignKey(Survey, verbose_name="cuộc khảo sát", on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, verbose_name="phần", on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField("thứ tự", default=0)
    type = models.CharField("loại câu hỏi", max_length=20, choices=Type.choices)
    name = models.SlugField("tên biến (name)", max_length=80)
    label = models.TextField("nội dung câu hỏi")
    label_en = models.TextField("nội dung tiếng Anh", blank=True)
    hint = models.CharField("gợi ý", max_length=500, blank=True)
    required = models.BooleanField("bắt buộc", default=False)
    required_message = models.CharField("thông báo khi bỏ trống", max_length=255, blank=True)
    relevant = models.CharField("điều kiện hiển thị (relevant)", max_length=500, blank=True)
    constraint = models.CharField("ràng buộc (constraint)", max_length=500, blank=True)
    constraint_message = models.CharField("thông báo khi sai ràng buộc", max_length=255, blank=True)
    choice_filter = models.CharField("lọc lựa chọn (choice_filter)", max_length=500, blank=True)
    calculation = models.CharField("công thức (calculation)", max_length=500, blank=True)
    appearance = models.CharField("hiển thị (appearance)", max_length=80, blank=True)
    parameters = models.CharField("tham số (parameters)", max_length=120, blank=True)
    randomize = models.BooleanField("xáo trộn thứ tự lựa chọn", default=False)
    list_name = models.SlugField("tên danh sách lựa chọn", max_length=80, blank=True)

    class Meta:
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"
        ordering = ["section__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "name"], name="survey_question_name_uniq")]

    def __str__(self):
        return f"{self.name}: {self.label[:60]}"

    @property
    def has_choices(self):
        return self.type in self.CHOICE_TYPES

    def scale(self):
        """Rating scale bounds from parameters "start=1 end=5 step=1" (XLSForm range)."""
        values = dict(part.split("=", 1) for part in self.parameters.split() if "=" in part)
        try:
            return int(values.get("start", 1)), int(values.get("end", 5)), int(values.get("step", 1)) or 1
        except ValueError:
            return 1, 5, 1


class Choice(models.Model):
    """Lựa chọn trả lời: one row of the XLSForm choices sheet (or a row of a matrix question)."""

    question = models.ForeignKey(Question, verbose_name="câu hỏi", on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveIntegerField("thứ tự", default=0)
    name = models.CharField("mã (name)", max_length=80)
    label = models.CharField("nhãn", max_length=500)
    label_en = models.CharField("nhãn tiếng Anh", max_length=500, blank=True)
    is_row = models.BooleanField("là dòng của ma trận", default=False)
    filters = models.JSONField("cột lọc", default=dict, blank=True)

    class Meta:
        verbose_name = "lựa chọn trả lời"
        verbose_name_plural = "lựa chọn trả lời"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label


class Response(models.Model):
    """Phiếu trả lời: one respondent's answers (name → value), without IP address or account."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "Đang trả lời"
        COMPLETE = "complete", "Đã nộp"

    class Source(models.TextChoices):
        WEB = "web", "Trang trả lời"
        INVITATION = "invitation", "Thư mời"
        IMPORT = "import", "Nhập từ tệp"

    survey = models.ForeignKey(Survey, verbose_name="cuộc khảo sát", on_delete=models.CASCADE, related_name="responses")
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    source = models.CharField("nguồn", max_length=12, choices=Source.choices, default=Source.WEB)
    answers = models.JSONField("câu trả lời", default=dict, blank=True)
    page = models.PositiveIntegerField("phần đang trả lời", default=0)
    resume_key = models.CharField("mã làm tiếp", max_length=40, unique=True, default=new_key)
    language = models.CharField("ngôn ngữ", max_length=5, default="vi")
    possible_duplicate = models.BooleanField("có thể trùng lặp", default=False)
    submission_key = models.CharField(
        "mã lần gửi",
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text="Một lần dùng: gửi lại cùng phiếu (bấm hai lần, mạng chập chờn) không tạo phiếu thứ hai.",
    )
    started_at = models.DateTimeField("bắt đầu lúc", default=timezone.now)
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)

    class Meta:
        verbose_name = "phiếu trả lời"
        verbose_name_plural = "phiếu trả lời"
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["survey", "status"], name="survey_response_status_idx")]

    def __str__(self):
        return f"Phiếu {self.pk} – {self.survey}"


class Invitation(TimeStampedModel):
    """Thư mời trả lời khảo sát: a one-use token sent to one member of a panel."""

    class Panel(models.TextChoices):
        COLLABORATORS = "collaborators", "Cộng tác viên DLXH"
        FOCAL_POINTS = "focal_points", "Đầu mối DLXH"
        UNIT_STAFF = "unit_staff", "Cán bộ đơn vị"
        OTHER = "other", "Khác"

    survey = models.ForeignKey(
        Survey, verbose_name="cuộc khảo sát", on_delete=models.CASCADE, related_name="invitations"
    )
    token = models.CharField("mã mời", max_length=40, unique=True, default=new_key)
    email = models.EmailField("thư điện tử", blank=True)
    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    panel = models.CharField("nhóm", max_length=20, choices=Panel.choices, default=Panel.OTHER)
    unit = models.ForeignKey(Unit, verbose_name="đơn vị", null=True, blank=True, on_delete=models.SET_NULL)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    reminders = models.PositiveSmallIntegerField("số lần nhắc", default=0)
    reminded_at = models.DateTimeField("nhắc lần cuối", null=True, blank=True)
    used_at = models.DateTimeField("đã trả lời lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thư mời khảo sát"
        verbose_name_plural = "thư mời khảo sát"
        ordering = ["survey", "unit__name", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email"], condition=~models.Q(email=""), name="invitation_survey_email_uniq"
            )
        ]

    def __str__(self):
        return f"{self.full_name or self.email} – {self.survey}"


class RespondentContact(models.Model):
    """Thông tin liên hệ người trả lời khảo sát: kept apart from the answers, with consent only."""

    survey = models.ForeignKey(Survey, verbose_name="cuộc khảo sát", on_delete=models.CASCADE, related_name="contacts")
    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    consent_at = models.DateTimeField("đồng ý lúc")
    notice_version = models.CharField("phiên bản thông báo", max_length=40, blank=True)

    class Meta:
        verbose_name = "thông tin liên hệ người trả lời"
        verbose_name_plural = "thông tin liên hệ người trả lời"
        ordering = ["-consent_at"]

    def __str__(self):
        return self.full_name or self.email or self.phone
