from django import forms

from opinions.models import Area, Case, Channel, Field, Signal, SignalKind, Unit

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
STATUS_CHOICES = [("", "Tất cả")] + [
    (value, label) for value, label in {**dict(Case.Status.choices), **dict(Signal.Status.choices)}.items()
]


class PublicSearchForm(forms.Form):
    q = forms.CharField(label="Từ khóa", max_length=200, required=False)
    trang = forms.IntegerField(min_value=1, required=False)


class RecordSearchForm(forms.Form):
    """Tìm kiếm hồ sơ: words and facets over the signals and cases the user may see."""

    q = forms.CharField(label="Từ khóa", max_length=200, required=False)
    field = forms.ModelChoiceField(Field.objects.all(), label="Lĩnh vực", required=False, empty_label="Tất cả")
    area = forms.ModelChoiceField(Area.objects.all(), label="Địa bàn", required=False, empty_label="Tất cả")
    kind = forms.ChoiceField(label="Loại", choices=[("", "Tất cả")] + SignalKind.choices, required=False)
    status = forms.ChoiceField(label="Trạng thái", choices=STATUS_CHOICES, required=False)
    channel = forms.ChoiceField(label="Kênh tiếp nhận", choices=[("", "Tất cả")] + Channel.choices, required=False)
    unit = forms.ModelChoiceField(Unit.objects.all(), label="Đơn vị xử lý", required=False, empty_label="Tất cả")
    date_from = forms.DateField(
        label="Từ ngày",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."},
    )
    date_to = forms.DateField(
        label="Đến ngày",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."},
    )
    trang = forms.IntegerField(min_value=1, required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("“Từ ngày” phải trước hoặc bằng “Đến ngày”.")
        return data

    def facet_filters(self):
        data = self.cleaned_data
        return {
            name: (data[name].pk if hasattr(data.get(name), "pk") else data.get(name))
            for name in ("field", "area", "kind", "status", "channel", "unit")
            if data.get(name)
        }
