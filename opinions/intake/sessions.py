"""Kênh đối thoại, tiếp công dân: the opinions raised in a session, each → one signal.

Staff type one line per opinion while the session runs (who — optional, with consent —, field,
commune, text, who answered at the session); each line becomes a signal of channel dialogue or
reception through create_signal, linked to the session (SessionOpinion), and follows the cycle
like any other signal. The session's page shows where each one stands until all are answered.
"""

import uuid

from django import forms
from django.db import transaction

from opinions.models import Area, Case, Channel, Field, Session, SessionOpinion, SignalKind, Unit
from opinions.services import create_signal, missing_consent


def _vietnamese(form):
    for field in form.fields.values():
        field.error_messages["required"] = "Vui lòng điền mục này."
        field.error_messages["invalid_choice"] = "Lựa chọn không hợp lệ."


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["kind", "date", "place", "chair", "units", "participants", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "units": forms.SelectMultiple(attrs={"size": 8}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.order_by("name")
        self.fields["date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["date"].error_messages["invalid"] = "Ngày không hợp lệ (dd/mm/yyyy)."
        _vietnamese(self)


class OpinionLineForm(forms.Form):
    """Một dòng ý kiến: entered while the session runs, so everything but the text is optional."""

    speaker = forms.CharField(label="Người phát biểu", max_length=200, required=False)
    consent = forms.BooleanField(label="Đồng ý lưu họ tên", required=False)
    field = forms.ModelChoiceField(label="Lĩnh vực", queryset=Field.objects.all(), required=False)
    area = forms.ModelChoiceField(label="Xã, phường", queryset=Area.objects.none(), required=False)
    text = forms.CharField(
        label="Nội dung ý kiến", min_length=5, max_length=5000, widget=forms.TextInput(attrs={"autofocus": True})
    )
    answered_by = forms.CharField(label="Người trả lời tại phiên", max_length=255, required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.communes().order_by("name")
        if not self.is_bound:
            self.initial["submission_key"] = uuid.uuid4().hex
        _vietnamese(self)
        self.fields["text"].error_messages["min_length"] = "Nội dung quá ngắn."

    def clean(self):
        data = super().clean()
        if missing_consent({"reporter_name": data.get("speaker"), "consent_personal_data": data.get("consent")}):
            self.add_error("consent", "Chỉ ghi họ tên khi người phát biểu đồng ý; nếu không, để trống họ tên.")
        return data


def record_opinion(actor, session, data):
    """One line → one signal of the session's channel, linked to it; a resubmitted line is a no-op."""
    channel = Channel.RECEPTION if session.is_reception else Channel.DIALOGUE
    with transaction.atomic():
        signal, created = create_signal(
            channel=channel,
            kind=SignalKind.OPINION if not session.is_reception else SignalKind.REPORT,
            text=data["text"],
            actor=actor,
            submission_key=data["submission_key"],
            title=f"{session.get_kind_display()} {session.date:%d/%m/%Y}",
            field=data.get("field"),
            area=data.get("area"),
            address=session.place[:255],
            reporter_name=data.get("speaker") or "",
            consent_personal_data=bool(data.get("consent")),
        )
        if created:
            SessionOpinion.objects.create(
                session=session,
                signal=signal,
                position=session.opinions.count() + 1,
                answered_by=data.get("answered_by") or "",
            )
    return signal, created


def follow_up(opinion):
    """Where the opinion stands, as the session page and the minutes say it."""
    signal = opinion.signal
    case = signal.case
    if case is None:
        return "Chờ phân loại" if signal.status == signal.Status.NEW else signal.get_status_display()
    if case.status in (Case.Status.ANSWERED, Case.Status.CLOSED):
        return f"Đã trả lời ({case.code})"
    unit = f", {case.assigned_unit}" if case.assigned_unit_id else ""
    deadline = f", hạn {case.deadline:%d/%m/%Y}" if case.deadline else ""
    return f"{case.get_status_display()} ({case.code}{unit}{deadline})"


def is_answered(opinion):
    case = opinion.signal.case
    return bool(case and case.status in (Case.Status.ANSWERED, Case.Status.CLOSED))


def responsible(opinion):
    """Who answers: the one who answered at the session, else the unit handling the case."""
    if opinion.answered_by:
        return opinion.answered_by
    case = opinion.signal.case
    return str(case.assigned_unit) if case and case.assigned_unit_id else "Chờ phân công"
