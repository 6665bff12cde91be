import uuid
from decimal import Decimal

from django import forms

from opinions import geo
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


DENUNCIATION_RULE = (
    "Tố cáo phải ghi rõ họ tên, địa chỉ của người tố cáo và có chữ ký hoặc xác nhận danh tính "
    "(Luật Tố cáo 2018, Điều 23); tố cáo nặc danh, mạo danh không được xử lý như một tố cáo. Danh tính "
    "người tố cáo được giữ bí mật. Nếu muốn gửi ẩn danh, xin chọn loại “Phản ánh”."
)
DENUNCIATION_MISSING = (
    "Tố cáo cần họ tên và số điện thoại hoặc thư điện tử của người tố cáo (Luật Tố cáo 2018): "
    "xin điền đủ, đánh dấu đồng ý xử lý dữ liệu cá nhân, hoặc chọn loại “Phản ánh” để gửi ẩn danh."
)
PUBLICATION_CHOICES = [
    ("on", "Có: cho phép công khai nội dung ý kiến và kết quả trả lời (không kèm thông tin cá nhân)"),
    ("off", "Không công khai"),
]
TEXT_MAX = 5000
TEXT_MIN = 20


class FeedbackForm(forms.Form):
    """Phiếu phản ánh, kiến nghị trên cổng thông tin."""

    kind = forms.ChoiceField(label="Loại ý kiến", choices=PUBLIC_KINDS, initial=SignalKind.REPORT)
    field = forms.ModelChoiceField(label="Lĩnh vực", queryset=Field.objects.all(), empty_label="— Chọn lĩnh vực —")
    area = forms.ModelChoiceField(
        label="Xã, phường, đặc khu nơi xảy ra",
        queryset=Area.objects.communes().order_by("name"),
        empty_label="— Chọn xã, phường, đặc khu —",
        required=False,
    )
    # A point chosen on the map or the phone's location (feedback.js); the commune follows from it.
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
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
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
        help_text=f"Từ {TEXT_MIN} đến {TEXT_MAX:,} ký tự.".replace(",", "."),
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
    # The citizen's own choice, nothing pre-selected; no choice means not published.
    allow_public = forms.TypedChoiceField(
        label="Công khai ý kiến này?",
        choices=PUBLICATION_CHOICES,
        widget=forms.RadioSelect,
        coerce=lambda value: value == "on",
        empty_value=False,
        required=False,
        help_text="Nếu không chọn, ý kiến không được công khai.",
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
        self.fields["allow_public"].error_messages["invalid_choice"] = "Lựa chọn công khai không hợp lệ."
        for name in ("latitude", "longitude"):
            self.fields[name].error_messages["invalid"] = "Vị trí trên bản đồ không hợp lệ."

    def clean(self):
        data = super().clean()
        self._place(data)
        if data.get("kind") == SignalKind.DENUNCIATION and not (
            (data.get("reporter_name") or "").strip() and (data.get("reporter_phone") or data.get("reporter_email"))
        ):
            self.add_error("reporter_name", DENUNCIATION_MISSING)
        if missing_consent(data):
            self.add_error(
                "consent_personal_data",
                "Anh, chị đã nhập thông tin liên hệ: xin đánh dấu đồng ý xử lý dữ liệu cá nhân, "
                "hoặc xóa thông tin liên hệ để gửi ẩn danh.",
            )
        return data

    def _place(self, data):
        """The commune of the point on the map (as Open311 places one), else the commune chosen."""
        lat, long = data.get("latitude"), data.get("longitude")
        if (lat is None) != (long is None) or "latitude" in self.errors or "longitude" in self.errors:
            self.add_error("area", "Vị trí trên bản đồ không hợp lệ: xin chọn lại điểm hoặc chọn xã, phường.")
            return
        if lat is not None:
            try:
                pk = geo.locate_area_id(Decimal(lat), Decimal(long))
            except geo.OutsideProvince:
                self.add_error("area", "Điểm đã chọn nằm ngoài tỉnh Lâm Đồng: xin chọn lại trên bản đồ.")
                return
            data["area"] = Area.objects.get(pk=pk)
        elif data.get("area") is None and "area" not in self.errors:
            self.add_error("area", "Vui lòng chọn xã, phường, đặc khu hoặc chọn một điểm trên bản đồ.")
