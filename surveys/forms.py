"""Forms of the back-office screens of surveys (surveys/admin*.py)."""

from django import forms

from opinions.models import Unit

from .expressions import ExpressionError, parse
from .models import Invitation, Question, Section, Survey

DATETIME = {
    "input_formats": ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    "error_messages": {"invalid": "Thời điểm không hợp lệ (dd/mm/yyyy hh:mm)."},
}


def vietnamese_messages(form):
    for field in form.fields.values():
        field.error_messages["required"] = "Vui lòng điền mục này."
        field.error_messages["invalid_choice"] = "Lựa chọn không hợp lệ."
        field.error_messages["invalid"] = field.error_messages.get("invalid") or "Giá trị không hợp lệ."


class SurveyForm(forms.ModelForm):
    opens_at = forms.DateTimeField(label="Thời điểm mở", required=False, **DATETIME)
    closes_at = forms.DateTimeField(label="Thời điểm đóng", required=False, **DATETIME)

    class Meta:
        model = Survey
        fields = [
            "title",
            "title_en",
            "description",
            "unit",
            "sampling",
            "sampling_note",
            "allow_public_link",
            "identified",
            "opens_at",
            "closes_at",
            "weight_question",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "sampling_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("name")
        vietnamese_messages(self)

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", "Thời điểm đóng phải sau thời điểm mở.")
        return data


class ExpressionFields:
    """Check each XLSForm expression field with the same parser the pages use."""

    expression_fields = ("relevant", "constraint", "choice_filter", "calculation")

    def clean(self):
        data = super().clean()
        for name in self.expression_fields:
            if name in self.fields:
                try:
                    parse(data.get(name) or "")
                except ExpressionError as error:
                    self.add_error(name, str(error))
        return data


class SectionForm(ExpressionFields, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "title_en", "name", "order", "relevant"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vietnamese_messages(self)
        self.fields["name"].error_messages["invalid"] = "Tên chỉ gồm chữ không dấu, số, gạch dưới."


def _lines_to_choices(text):
    """ "mã | nhãn | nhãn tiếng Anh" per line → [{name, label, label_en}]; a line without "|" is a label."""
    choices = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 1:
            parts = [str(number), parts[0]]
        choices.append(
            {"name": parts[0], "label": parts[1] or parts[0], "label_en": parts[2] if len(parts) > 2 else ""}
        )
    return choices


def choices_to_lines(choices):
    return "\n".join(" | ".join(filter(None, [c.name, c.label, c.label_en])) for c in choices)


class QuestionForm(ExpressionFields, forms.ModelForm):
    choices_text = forms.CharField(
        label="Các lựa chọn",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Mỗi dòng một lựa chọn: mã | nhãn | nhãn tiếng Anh (ví dụ: 1 | Rất hài lòng | Very satisfied).",
    )
    rows_text = forms.CharField(
        label="Các dòng của ma trận",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Chỉ với câu hỏi ma trận: mỗi dòng một nội dung, cùng cách viết như các lựa chọn.",
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "order",
            "type",
            "name",
            "label",
            "label_en",
            "hint",
            "required",
            "required_message",
            "relevant",
            "constraint",
            "constraint_message",
            "choice_filter",
            "calculation",
            "appearance",
            "parameters",
            "randomize",
        ]
        widgets = {"label": forms.Textarea(attrs={"rows": 2}), "label_en": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["section"].queryset = survey.sections.all()
        self.fields["section"].empty_label = None
        vietnamese_messages(self)
        self.fields["name"].error_messages["invalid"] = "Tên biến chỉ gồm chữ không dấu, số, gạch dưới."
        if self.instance.pk:
            self.fields["choices_text"].initial = choices_to_lines(self.instance.choices.filter(is_row=False))
            self.fields["rows_text"].initial = choices_to_lines(self.instance.choices.filter(is_row=True))

    def clean_name(self):
        name = self.cleaned_data["name"]
        taken = self.survey.questions.filter(name=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Tên biến này đã có trong phiếu.")
        return name

    def clean(self):
        data = super().clean()
        data["choices"] = _lines_to_choices(data.get("choices_text"))
        data["rows"] = _lines_to_choices(data.get("rows_text"))
        kind = data.get("type")
        if kind in Question.CHOICE_TYPES and not data["choices"]:
            self.add_error("choices_text", "Loại câu hỏi này cần ít nhất một lựa chọn.")
        if kind == Question.Type.MATRIX and not data["rows"]:
            self.add_error("rows_text", "Câu hỏi ma trận cần ít nhất một dòng.")
        names = [c["name"] for c in data["choices"]]
        if len(names) != len(set(names)):
            self.add_error("choices_text", "Mã lựa chọn bị trùng.")
        return data


class InvitationForm(forms.Form):
    panel = forms.ChoiceField(
        label="Nhóm được mời",
        choices=[(k, v) for k, v in Invitation.Panel.choices if k != Invitation.Panel.OTHER],
    )
    unit = forms.ModelChoiceField(
        label="Chỉ đơn vị", queryset=Unit.objects.filter(is_active=True).order_by("name"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vietnamese_messages(self)


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp", error_messages={"required": "Xin chọn một tệp."})
