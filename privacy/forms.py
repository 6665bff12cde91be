"""Forms of the privacy app: the public request form, and the back-office decisions."""

from django import forms

from privacy.models import Breach, RefusalGround, RequestKind, RetentionRule

REQUIRED = {"required": "Vui lòng điền mục này."}


class RequestForm(forms.Form):
    """Yêu cầu về dữ liệu cá nhân (public): the kind, the tracking code and the contact on record."""

    kind = forms.ChoiceField(label="Anh, chị yêu cầu", choices=RequestKind.choices, error_messages=REQUIRED)
    tracking_code = forms.CharField(
        label="Mã tra cứu của ý kiến đã gửi", max_length=20, error_messages=REQUIRED, help_text="Ví dụ: LD-7K2M9QXD"
    )
    contact = forms.CharField(
        label="Thư điện tử hoặc số điện thoại đã ghi khi gửi ý kiến",
        max_length=200,
        error_messages=REQUIRED,
        help_text="Mã xác minh sẽ được gửi tới đây.",
    )
    details = forms.CharField(
        label="Nội dung yêu cầu (ví dụ: thông tin cần sửa)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    website = forms.CharField(label="Để trống ô này", required=False)


class CodeForm(forms.Form):
    code = forms.CharField(label="Mã xác minh (6 chữ số)", max_length=6, error_messages=REQUIRED)


class ResendForm(forms.Form):
    contact = forms.CharField(label="Thư điện tử hoặc số điện thoại đã ghi", max_length=200, error_messages=REQUIRED)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="Số ngày gia hạn", min_value=1, max_value=20, error_messages=REQUIRED)
    reason = forms.CharField(label="Lý do gia hạn", max_length=500, error_messages=REQUIRED)


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label="Căn cứ từ chối", choices=RefusalGround.choices, error_messages=REQUIRED)
    note = forms.CharField(label="Giải thích cho người yêu cầu", max_length=1000, required=False)


class CorrectForm(forms.Form):
    old = forms.CharField(label="Giá trị đang lưu", max_length=200, required=False)
    new = forms.CharField(label="Giá trị đúng", max_length=200, required=False)


class LiftForm(forms.Form):
    reason = forms.CharField(
        label="Lý do gỡ hạn chế",
        max_length=500,
        help_text="Người dân đề nghị gỡ, hoặc căn cứ hạn chế đã hết; được ghi vào diễn biến.",
    )


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ["days", "is_active", "note"]


class BreachForm(forms.ModelForm):
    class Meta:
        model = Breach
        fields = [
            "title",
            "discovered_at",
            "description",
            "data_categories",
            "people_affected",
            "consequences",
            "measures",
            "notified_at",
            "notification_ref",
            "closed_at",
        ]
