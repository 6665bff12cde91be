"""Forms of the network screens: roster upload and a unit's report."""

from django import forms

from opinions.models import Area, Field, ImportJob, UnitReportItem
from opinions.network.imports import ACCEPTED_EXTENSIONS


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label="Dữ liệu", choices=ImportJob.Kind.choices)
    file = forms.FileField(
        label="Tệp dữ liệu (.xlsx hoặc .csv)",
        help_text="Dùng tệp mẫu: dòng đầu là tiêu đề cột tiếng Việt. Hệ thống kiểm tra trước, chưa ghi gì.",
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        name = uploaded.name.lower()
        if not any(name.endswith(ext) for ext in ACCEPTED_EXTENSIONS):
            raise forms.ValidationError("Chỉ nhận bảng tính Excel (.xlsx) hoặc tệp CSV (UTF-8).")
        return uploaded


class ReportItemForm(forms.ModelForm):
    class Meta:
        model = UnitReportItem
        fields = ["field", "area", "content", "mood", "scale", "urgency", "proposals"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "proposals": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.all()
        self.fields["area"].queryset = Area.objects.communes().order_by("name")


ReportItemFormSet = forms.formset_factory(ReportItemForm, extra=3, min_num=1, validate_min=True)


class ReportSummaryForm(forms.Form):
    summary = forms.CharField(
        label="Tình hình chung",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Tóm tắt tình hình tư tưởng, dư luận trên địa bàn, lĩnh vực của đơn vị trong kỳ.",
    )


class ReportUploadForm(forms.Form):
    file = forms.FileField(label="Tệp mẫu của kỳ đã điền (.xlsx)")
    summary = forms.CharField(label="Tình hình chung", required=False, widget=forms.Textarea(attrs={"rows": 2}))
