"""Columns of the roster files: the widgets that read and write each cell, in Vietnamese.

Every bad value raises a ValueError (Missing for an empty required cell) whose message is the
Vietnamese explanation shown to the user with its row and column. Used by resources.py (the
rosters) and unit_reports.py (the units' report files).
"""

import datetime
import re

from import_export import widgets
from import_export.fields import Field as Column

from cms.lib.text import as_text

CODE_SEPARATOR = ";"


class Missing(ValueError):
    pass


class TextWidget(widgets.Widget):
    """Text in NFC; ``required`` columns refuse an empty cell."""

    def __init__(self, required=False, max_length=None, **kwargs):
        self.required = required
        self.max_length = max_length
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if not text and self.required:
            raise Missing("Thiếu giá trị bắt buộc.")
        if self.max_length and len(text) > self.max_length:
            raise ValueError(f"Dài quá {self.max_length} ký tự.")
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NullableTextWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or None


class PhoneWidget(NullableTextWidget):
    """Vietnamese phone numbers; a number typed into Excel as a number loses its leading 0."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not text:
            return None
        digits = re.sub(r"[\s.\-()]", "", text)
        if digits.startswith("+84"):
            digits = "0" + digits[3:]
        if digits.isdigit() and len(digits) == 9 and not digits.startswith("0"):
            digits = "0" + digits
        if not re.fullmatch(r"0\d{9,10}", digits):
            raise ValueError(f"Số điện thoại không hợp lệ: «{text}» (cần 10 chữ số, bắt đầu bằng 0).")
        return digits


class IdNumberWidget(NullableTextWidget):
    """Số CCCD: 12 digits (Excel drops the leading 0 of a number, so 11 digits get it back)."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not text:
            return None
        digits = text.replace(" ", "")
        if digits.isdigit() and len(digits) == 11:
            digits = "0" + digits
        if not re.fullmatch(r"\d{12}", digits):
            raise ValueError(f"Số CCCD không hợp lệ: «{text}» (cần đủ 12 chữ số).")
        return digits


class DateWidget(widgets.Widget):
    """Dates as dd/mm/yyyy (also yyyy-mm-dd and real Excel dates)."""

    def __init__(self, required=False, **kwargs):
        self.required = required
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = as_text(value)
        if not text:
            if self.required:
                raise Missing("Thiếu giá trị bắt buộc.")
            return None
        for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%y", "%Y-%m-%d %H:%M:%S"):
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"Ngày không hợp lệ: «{text}» (cần dạng ngày/tháng/năm, ví dụ 15/03/2026).")

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class YearWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if not text:
            return None
        if not text.isdigit() or not 1900 <= int(text) <= datetime.date.today().year:
            raise ValueError(f"Năm sinh không hợp lệ: «{text}».")
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class BooleanWidget(widgets.Widget):
    TRUE = {"có", "x", "1", "true", "đúng", "yes"}
    FALSE = {"không", "", "0", "false", "sai", "no"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = as_text(value).lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(f"Giá trị «{value}» không hợp lệ (ghi «Có» hoặc «Không»).")

    def render(self, value, obj=None, **kwargs):
        return "Có" if value else "Không"


class ChoiceWidget(widgets.Widget):
    """A TextChoices column: the user writes the Vietnamese label (the stored value works too)."""

    def __init__(self, choices, required=False, default=None, **kwargs):
        self.labels = {str(label): value for value, label in choices}
        self.by_value = {value: str(label) for value, label in choices}
        self.required = required
        self.default = default
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if not text:
            if self.required and self.default is None:
                raise Missing("Thiếu giá trị bắt buộc.")
            return self.default
        folded = {k.casefold(): v for k, v in self.labels.items()}
        if text.casefold() in folded:
            return folded[text.casefold()]
        if text in self.by_value:
            return text
        allowed = ", ".join(f"«{label}»" for label in self.labels)
        raise ValueError(f"Giá trị «{text}» không có trong danh mục (chọn một trong: {allowed}).")

    def render(self, value, obj=None, **kwargs):
        return self.by_value.get(value, value or "")


class LookupWidget(widgets.Widget):
    """A code looked up in a dictionary loaded once per import (no query per row)."""

    def __init__(self, lookup_name, message, required=False, **kwargs):
        self.lookup_name = lookup_name
        self.message = message
        self.required = required
        self.lookups = {}
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        code = as_text(value)
        if not code:
            if self.required:
                raise Missing("Thiếu giá trị bắt buộc.")
            return None
        obj = self.lookups.get(code)
        if obj is None:
            raise ValueError(self.message.format(code=code))
        return obj

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class CodesWidget(widgets.Widget):
    """Several codes in one cell, separated by ';'. Cleans to the sorted, normalised text."""

    def __init__(self, lookup_name, message, **kwargs):
        self.lookup_name = lookup_name
        self.message = message
        self.lookups = {}
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        codes = sorted(
            {as_text(c) for c in as_text(value).replace(",", CODE_SEPARATOR).split(CODE_SEPARATOR) if as_text(c)}
        )
        unknown = [c for c in codes if c not in self.lookups]
        if unknown:
            raise ValueError(self.message.format(code=", ".join(unknown)))
        return f"{CODE_SEPARATOR} ".join(codes)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class CodesField(Column):
    """A many-to-many relation shown as codes. The new value waits on the instance until the
    rows are saved in bulk; then the resource writes the relation rows in bulk too."""

    def __init__(self, relation, **kwargs):
        self.relation = relation
        super().__init__(attribute=relation, **kwargs)

    def get_value(self, obj):
        pending = getattr(obj, "_pending_codes", {})
        if self.relation in pending:
            return pending[self.relation]
        if obj.pk is None:
            return ""
        stored = getattr(obj, "_stored_codes", {})
        if self.relation in stored:
            return stored[self.relation]
        related = getattr(obj, "_prefetched_objects_cache", {}).get(self.relation)
        if related is None:
            related = getattr(obj, self.relation).all()
        return f"{CODE_SEPARATOR} ".join(sorted(r.code for r in related))

    def save(self, instance, row, is_m2m=False, **kwargs):
        cleaned = self.clean(row, **kwargs)
        if not hasattr(instance, "_pending_codes"):
            instance._pending_codes = {}
        instance._pending_codes[self.relation] = cleaned
