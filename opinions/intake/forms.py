import uuid

from django import forms

from opinions.intake.uploads import MAX_FILE_BYTES, MAX_FILES, AttachmentsField
from opinions.models import Area, Field, SignalKind
from opinions.services import missing_consent

PUBLIC_KINDS = [
    (SignalKind.REPORT, "Phản ánh (báo một vấn đề, sự việc)"),
    (SignalKind.PROPOSAL, "Kiến nghị (đề xuất cách giải quyết)"),
    (SignalKind.SUGGESTION, "Góp ý (về chủ trương, dự thảo văn bản)"),
    (SignalKind.COMPLAINT, "Khiếu nại"),
    (SignalKind.DENUNCIATION, "Tố cáo"),
]

LEGAL_NOTICE = {
    SignalKind.COMPLAINT: (
        "Khiếu nại được giải quyết theo Luật Khiếu nại 2011: thời hạn giải quyết lần đầu không quá 30 "
        "ngày (vụ việc phức tạp không quá 45 ngày) kể từ ngày thụ lý. Đơn khiếu nại cần ghi rõ họ tên, "
        "địa chỉ và có chữ ký của người khiếu nại; ý kiến gửi qua cổng được ghi nhận và hướng dẫn "
        "anh, chị nộp đơn đến đúng cơ quan có thẩm quyền."
    ),
    SignalKind.DENUNCIATION: (
        "Tố cáo được giải quyết theo Luật Tố cáo 2018: thời hạn giải quyết không quá 30 ngày kể từ ngày "
        "thụ lý (có thể gia hạn). Người tố cáo phải cung cấp họ tên, địa chỉ; danh tính người tố cáo "
        "được giữ bí mật. Thông tin gửi qua cổng được ghi nhận và chuyển cơ quan có thẩm quyền."
    ),
}


class FeedbackForm(forms.Form):
    """Phiếu phản ánh, kiến nghị trên cổng thông tin."""

    kind = forms.ChoiceField(label="Loại ý kiến", choices=PUBLIC_KINDS, initial=SignalKind.REPORT)
    field = forms.ModelChoiceField(label="Lĩnh vực", queryset=Field.objects.all(), empty_label="— Chọn lĩnh vực —")
    area = forms.ModelChoiceField(
        label="Xã, phường, đặc khu nơi xảy ra",
        queryset=Area.objects.communes().order_by("name"),
        empty_label="— Chọn xã, phường, đặc khu —",
    )
    address = forms.CharField(label="Địa chỉ cụ thể", max_length=255, required=False)
    attachments = AttachmentsField(
        label="Ảnh, tệp đính kèm",
        help_text=(
            f"Tối đa {MAX_FILES} tệp ảnh (JPEG, PNG, WebP) hoặc PDF, mỗi tệp không quá "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB. Vị trí GPS và thông tin máy ảnh được xóa khỏi ảnh."
        ),
    )
    title = forms.CharField(label="Tiêu đề", max_length=200, required=False)
    text = forms.CharField(
        label="Nội dung",
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={
            "min_length": "Nội dung quá ngắn: xin mô tả rõ sự việc (ít nhất %(limit_value)d ký tự).",
            "max_length": "Nội dung quá dài: tối đa %(limit_value)d ký tự.",
        },
    )
    reporter_name = forms.CharField(label="Họ và tên", max_length=200, required=False)
    reporter_phone = forms.RegexField(
        label="Số điện thoại",
        regex=r"^\+?[0-9 .\-]{8,15}$",
        required=False,
        error_messages={"invalid": "Số điện thoại không hợp lệ."},
    )
    reporter_email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    consent_personal_data = forms.BooleanField(
        label=(
            "Tôi đồng ý để cơ quan tiếp nhận xử lý họ tên và thông tin liên hệ của tôi chỉ nhằm "
            "giải quyết và trả lời ý kiến này (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15)."
        ),
        required=False,
    )
    allow_public = forms.BooleanField(
        label="Cho phép công khai nội dung ý kiến và kết quả trả lời (không kèm thông tin cá nhân).",
        required=False,
        initial=True,
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # Honeypot: hidden from people by CSS; bots fill it in.
    website = forms.CharField(label="Để trống ô này", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission_key"] = uuid.uuid4().hex
        for name in ("field", "area", "text", "kind"):
            self.fields[name].error_messages["required"] = "Vui lòng điền mục này."
        self.fields["field"].error_messages["invalid_choice"] = "Lĩnh vực đã chọn không hợp lệ."
        self.fields["area"].error_messages["invalid_choice"] = "Địa bàn đã chọn không hợp lệ."
        self.fields["kind"].error_messages["invalid_choice"] = "Loại ý kiến không hợp lệ."

    def clean(self):
        data = super().clean()
        if missing_consent(data):
            self.add_error(
                "consent_personal_data",
                "Anh, chị đã nhập thông tin liên hệ: xin đánh dấu đồng ý xử lý dữ liệu cá nhân, "
                "hoặc xóa thông tin liên hệ để gửi ẩn danh.",
            )
        return data
