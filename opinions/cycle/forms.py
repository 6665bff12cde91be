"""Forms of the back-office screens of the cycle (admin_cycle.py)."""

import datetime
import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from opinions.models import Area, Case, Channel, Field, Signal, SignalKind, Unit, Urgency
from opinions.services import missing_consent

STAFF_CHANNELS = [
    (Channel.HOTLINE, Channel.HOTLINE.label),
    (Channel.RECEPTION, Channel.RECEPTION.label),
    (Channel.DIALOGUE, Channel.DIALOGUE.label),
    (Channel.PRESS, Channel.PRESS.label),
    (Channel.COLLABORATOR, Channel.COLLABORATOR.label),
    (Channel.FOCAL_POINT, Channel.FOCAL_POINT.label),
    (Channel.EMAIL, Channel.EMAIL.label),
    (Channel.ONLINE, Channel.ONLINE.label),
]


def communes():
    return Area.objects.communes().order_by("name")


def _vietnamese_required(form):
    for field in form.fields.values():
        field.error_messages.setdefault("required", "Vui lòng điền mục này.")
        field.error_messages["required"] = "Vui lòng điền mục này."
        field.error_messages["invalid_choice"] = "Lựa chọn không hợp lệ."


class RecordSignalForm(forms.Form):
    """Ghi nhận thông tin từ kênh khác: a call, a reception, a dialogue, a press item…"""

    channel = forms.ChoiceField(label="Kênh tiếp nhận", choices=STAFF_CHANNELS)
    kind = forms.ChoiceField(label="Loại", choices=SignalKind.choices, initial=SignalKind.REPORT)
    received_at = forms.DateTimeField(
        label="Thời điểm tiếp nhận",
        initial=lambda: timezone.localtime().replace(second=0, microsecond=0),
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Thời điểm không hợp lệ (dd/mm/yyyy hh:mm)."},
    )
    field = forms.ModelChoiceField(label="Lĩnh vực", queryset=Field.objects.all(), required=False)
    area = forms.ModelChoiceField(label="Địa bàn", queryset=communes(), required=False)
    urgency = forms.ChoiceField(label="Mức độ", choices=Urgency.choices, initial=Urgency.NORMAL)
    title = forms.CharField(label="Tiêu đề", max_length=200, required=False)
    text = forms.CharField(label="Nội dung", min_length=10, widget=forms.Textarea(attrs={"rows": 6}))
    address = forms.CharField(label="Địa chỉ, nơi xảy ra", max_length=255, required=False)
    source_url = forms.URLField(label="Đường dẫn nguồn (báo chí, mạng xã hội)", required=False, max_length=1000)
    reporter_name = forms.CharField(label="Họ và tên người phản ánh", max_length=200, required=False)
    reporter_phone = forms.CharField(label="Số điện thoại", max_length=30, required=False)
    reporter_email = forms.EmailField(label="Thư điện tử", required=False)
    consent_personal_data = forms.BooleanField(
        label="Người phản ánh đồng ý cho lưu và xử lý thông tin liên hệ (đã hỏi và ghi nhận)", required=False
    )
    allow_public = forms.BooleanField(label="Người phản ánh đồng ý công khai nội dung và kết quả", required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission_key"] = uuid.uuid4().hex
        _vietnamese_required(self)
        self.fields["text"].error_messages["min_length"] = "Nội dung quá ngắn (ít nhất %(limit_value)d ký tự)."
        self.fields["reporter_email"].error_messages["invalid"] = "Địa chỉ thư điện tử không hợp lệ."
        self.fields["source_url"].error_messages["invalid"] = "Đường dẫn không hợp lệ."

    def clean(self):
        data = super().clean()
        if missing_consent(data):
            self.add_error(
                "consent_personal_data",
                "Có thông tin liên hệ: cần ghi nhận sự đồng ý của người phản ánh, hoặc xóa thông tin liên hệ.",
            )
        received = data.get("received_at")
        if received and received > timezone.now() + datetime.timedelta(minutes=5):
            self.add_error("received_at", "Thời điểm tiếp nhận không thể ở tương lai.")
        return data


class ClassifyForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=SignalKind.choices)
    field = forms.ModelChoiceField(label="Lĩnh vực", queryset=Field.objects.all())
    area = forms.ModelChoiceField(label="Địa bàn", queryset=communes())
    urgency = forms.ChoiceField(label="Mức độ", choices=Urgency.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _vietnamese_required(self)


class OpenCaseForm(forms.Form):
    title = forms.CharField(label="Tiêu đề vụ việc", max_length=255, required=False)
    unit = forms.ModelChoiceField(
        label="Chuyển xử lý cho đơn vị",
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        help_text="Để trống nếu chưa chuyển ngay.",
    )


class AttachForm(forms.Form):
    case_code = forms.CharField(label="Mã vụ việc", max_length=20)

    def clean_case_code(self):
        code = self.cleaned_data["case_code"].strip().upper()
        case = Case.objects.filter(code=code).first()
        if case is None:
            raise forms.ValidationError("Không có vụ việc mã này.")
        return case


class DuplicateForm(forms.Form):
    original_code = forms.CharField(label="Mã tra cứu của thông tin gốc", max_length=20)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)

    def clean_original_code(self):
        code = self.cleaned_data["original_code"].strip().upper()
        signal = Signal.objects.filter(tracking_code=code).first()
        if signal is None:
            raise forms.ValidationError("Không có thông tin dư luận mã này.")
        return signal


class RejectForm(forms.Form):
    reason = forms.CharField(label="Lý do từ chối (người dân sẽ đọc)", widget=forms.Textarea(attrs={"rows": 2}))


class UnitForm(forms.Form):
    unit = forms.ModelChoiceField(label="Đơn vị xử lý", queryset=Unit.objects.filter(is_active=True))
    note = forms.CharField(label="Ghi chú, lý do", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    text = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionForm(forms.Form):
    extra_days = forms.IntegerField(label="Số ngày làm việc xin gia hạn", min_value=1, max_value=60)
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))


class ResponseForm(forms.Form):
    text = forms.CharField(label="Nội dung trả lời người dân", widget=forms.Textarea(attrs={"rows": 8}))
    signed_reply = forms.FileField(
        label="Văn bản trả lời đã ký (PDF, không bắt buộc)",
        required=False,
        help_text="Bản quét văn bản trả lời có chữ ký, đóng dấu; tối đa 10 MB. Người dân xem được bằng mã tra cứu.",
    )

    def clean_signed_reply(self):
        upload = self.cleaned_data.get("signed_reply")
        if not upload:
            return None
        if upload.size > SIGNED_REPLY_MAX_BYTES:
            raise forms.ValidationError("Tệp quá lớn: tối đa 10 MB.")
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError("Văn bản trả lời phải là tệp PDF.")
        return upload


SIGNED_REPLY_MAX_BYTES = 10 * 1024 * 1024


class OfficerForm(forms.Form):
    """Giao cán bộ: a handler of the case's unit (the choices are that unit's staff)."""

    officer = forms.ModelChoiceField(
        label="Cán bộ xử lý", queryset=get_user_model().objects.none(), required=False, empty_label="— Chưa giao —"
    )

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["officer"].queryset = staff
        self.fields["officer"].label_from_instance = lambda u: f"{u.last_name} {u.first_name}".strip() or u.username
        self.fields["officer"].error_messages["invalid_choice"] = "Cán bộ đã chọn không thuộc đơn vị xử lý."


class InternalNoteForm(forms.Form):
    text = forms.CharField(
        label="Ghi chú nội bộ (người dân không xem được)", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
