"""Forms of the citizen's side of the cycle: tracking code, rating, review request."""

from django import forms

from opinions.models import Rating


class TrackForm(forms.Form):
    """Tra cứu kết quả bằng mã tra cứu."""

    ma = forms.RegexField(
        label="Mã tra cứu",
        regex=r"^\s*[Ll][Dd]-?[0-9A-Za-z]{8}\s*$",
        error_messages={"invalid": "Mã tra cứu có dạng LD-XXXXXXXX.", "required": "Xin nhập mã tra cứu."},
    )

    def clean_ma(self):
        code = self.cleaned_data["ma"].strip().upper().replace("LD", "", 1).lstrip("-")
        return "LD-" + code


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label="Anh, chị đánh giá câu trả lời",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Xin chọn một mức đánh giá.", "invalid_choice": "Mức đánh giá không hợp lệ."},
    )
    comment = forms.CharField(
        label="Ý kiến thêm (không bắt buộc)", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Lý do đề nghị xem xét lại",
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Xin nêu lý do.",
            "min_length": "Xin nêu rõ lý do (ít nhất %(limit_value)d ký tự).",
        },
    )
