"""Everything the platform holds about one person (chủ thể dữ liệu), found by e-mail, phone or a
tracking code: signals and their cases, answers, attachments, rosters, survey contact data, consent
entries, requests, the log of who viewed their contacts and the e-mails sent to them.

The survey tables belong to the surveys app, which this app must not import: they are read through
the app registry, each model's e-mail and phone columns found by name (LookupError when absent).
"""

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from opinions.models import Attachment, Case, Collaborator, FocalPoint, OutgoingEmail, PersonalDataAccess, Signal
from privacy.models import ConsentRecord, RightsRequest

EMAIL_NAMES = re.compile(r"e_?mail", re.I)
PHONE_NAMES = re.compile(r"phone|dien_thoai|mobile", re.I)
NAME_NAMES = re.compile(r"(^|_)(full_)?name$|respondent_name|ho_ten", re.I)


def normal_phone(value):
    """Digits only, +84/84 written as 0: 0987 654 321, +84987654321 and 0987.654.321 are one number."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def _phone_q(field_name, phone):
    # A cheap prefilter on the last digits (stored numbers may hold spaces or dots); _matches() decides.
    return Q(**{f"{field_name}__contains": phone[-3:]})


@dataclass
class Person:
    """The identifiers of one person and the records found with them."""

    emails: set = field(default_factory=set)
    phones: set = field(default_factory=set)
    names: set = field(default_factory=set)
    signals: list = field(default_factory=list)
    collaborators: list = field(default_factory=list)
    focal_points: list = field(default_factory=list)
    survey_rows: list = field(default_factory=list)

    @property
    def found(self):
        return bool(self.signals or self.collaborators or self.focal_points or self.survey_rows)

    def records(self):
        return [*self.signals, *self.collaborators, *self.focal_points, *(row for _, row in self.survey_rows)]


def _matches(obj, email_attr, phone_attr, person):
    email = (getattr(obj, email_attr, "") or "").strip().lower()
    phone = normal_phone(getattr(obj, phone_attr, "") or "")
    return (email and email in person.emails) or (phone and phone in person.phones)


def _candidates(queryset, email_field, phone_field, person):
    condition = Q(pk__in=[])
    for email in person.emails:
        condition |= Q(**{f"{email_field}__iexact": email})
    for phone in person.phones:
        condition |= _phone_q(phone_field, phone)
    return [obj for obj in queryset.filter(condition) if _matches(obj, email_field, phone_field, person)]


def survey_models():
    """(model, e-mail field, phone field, name fields) of the surveys app's tables holding contacts."""
    try:
        config = apps.get_app_config("surveys")
    except LookupError:
        return []
    found = []
    for model in config.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.EmailField))]
        email = next((n for n in names if EMAIL_NAMES.search(n)), None)
        phone = next((n for n in names if PHONE_NAMES.search(n)), None)
        if email or phone:
            found.append((model, email, phone, [n for n in names if NAME_NAMES.search(n)]))
    return found


def _survey_rows(person):
    rows = []
    for model, email, phone, _ in survey_models():
        condition = Q(pk__in=[])
        for value in person.emails if email else ():
            condition |= Q(**{f"{email}__iexact": value})
        for value in person.phones if phone else ():
            condition |= _phone_q(phone, value)
        rows += [
            (model, obj) for obj in model._default_manager.filter(condition) if _matches(obj, email, phone, person)
        ]
    return rows


def find_person(*, email="", phone="", code=""):
    """The person with this e-mail, phone or the contacts of the signal with this tracking code."""
    person = Person()
    if email:
        person.emails.add(email.strip().lower())
    if phone and normal_phone(phone):
        person.phones.add(normal_phone(phone))
    start = Signal.objects.filter(tracking_code=code.strip().upper()).first() if code else None
    if start is not None:
        if start.reporter_email:
            person.emails.add(start.reporter_email.strip().lower())
        if start.reporter_phone:
            person.phones.add(normal_phone(start.reporter_phone))
    for _round in range(2):  # the contacts found with one identifier find the records of the others
        _collect(person, start)
    person.survey_rows = _survey_rows(person)
    person.names = {s.reporter_name for s in person.signals if s.reporter_name}
    person.names |= {r.full_name for r in [*person.collaborators, *person.focal_points]}
    for _model, obj in person.survey_rows:
        person.names |= {getattr(obj, n) for n in survey_name_fields(obj) if getattr(obj, n)}
    return person


def _collect(person, start):
    signals = _candidates(Signal.objects.all(), "reporter_email", "reporter_phone", person)
    if start is not None and start not in signals and start.has_personal_data:
        signals.append(start)
    person.signals = sorted(signals, key=lambda s: s.received_at)
    person.collaborators = _candidates(Collaborator.objects.all(), "email", "phone", person)
    person.focal_points = _candidates(FocalPoint.objects.select_related("unit"), "email", "phone", person)
    for obj in [*person.signals, *person.collaborators, *person.focal_points]:
        email = getattr(obj, "reporter_email", None) if isinstance(obj, Signal) else obj.email
        phone = getattr(obj, "reporter_phone", None) if isinstance(obj, Signal) else obj.phone
        if email:
            person.emails.add(email.strip().lower())
        if phone and normal_phone(phone):
            person.phones.add(normal_phone(phone))


def survey_name_fields(obj):
    for model, _e, _p, names in survey_models():
        if isinstance(obj, model):
            return names
    return []


# The export -----------------------------------------------------------------------------------------


def _when(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _row(obj, exclude=()):
    """Every concrete field of a record as text, keyed by its Vietnamese label."""
    out = {}
    for f in obj._meta.concrete_fields:
        if f.name in exclude or f.name in ("id", "submission_key", "key_hash", "otp_hash", "contact_hash", "token"):
            continue
        value = getattr(obj, f.attname)
        if f.choices:
            value = getattr(obj, f"get_{f.name}_display")()
        elif f.is_relation:
            value = str(getattr(obj, f.name) or "")
        elif hasattr(value, "isoformat"):
            value = _when(value) if hasattr(value, "hour") else value.strftime("%d/%m/%Y")
        elif value is not None and not isinstance(value, (bool, int, str, list, dict)):
            value = str(value)
        out[str(f.verbose_name)] = value
    return out


def _signal_section(signal):
    data = _row(signal, exclude=("recorded_by", "duplicate_of"))
    data["tệp đính kèm"] = [
        {"tên tệp": a.original_name, "kiểu tệp": a.content_type, "dung lượng (byte)": a.size}
        for a in Attachment.objects.filter(signal=signal)
    ]
    return data


def _case_section(case):
    return {
        "mã vụ việc": case.code,
        "tiêu đề": case.title,
        "trạng thái": case.get_status_display(),
        "đơn vị xử lý": str(case.assigned_unit or ""),
        "hạn xử lý": case.deadline.strftime("%d/%m/%Y") if case.deadline else "",
        "trả lời đã duyệt": [r.text for r in case.responses.filter(status="approved")],
    }


def consents_of(person):
    condition = Q(pk__in=[])
    for obj in person.records():
        condition |= Q(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)
    return ConsentRecord.objects.filter(condition).select_related("notice")


def export_data(person):
    """A JSON-ready dict of everything held about the person (the copy of an access request)."""
    signal_ids = [s.pk for s in person.signals]
    cases = Case.objects.filter(signals__pk__in=signal_ids).distinct().select_related("assigned_unit")
    codes = [s.tracking_code for s in person.signals]
    return {
        "thời điểm xuất": _when(timezone.now()),
        "thông tin dư luận": [_signal_section(s) for s in person.signals],
        "vụ việc": [_case_section(c) for c in cases],
        "cộng tác viên DLXH": [_row(c, exclude=("user",)) for c in person.collaborators],
        "đầu mối DLXH": [_row(f) for f in person.focal_points],
        "phiếu khảo sát": [{"bảng": str(m._meta.verbose_name), **_row(o)} for m, o in person.survey_rows],
        "bằng chứng đồng ý": [
            {
                "bản ghi": c.subject_label,
                "kênh": c.channel,
                "thông báo": c.notice.version if c.notice else "",
                "mục đích": c.purposes,
                "căn cứ": c.bases,
                "thời điểm đồng ý": _when(c.given_at),
                "thời điểm rút lại": _when(c.withdrawn_at),
                "thời điểm hạn chế xử lý": _when(c.restricted_at),
                "thời điểm phản đối xử lý": _when(c.objected_at),
            }
            for c in consents_of(person)
        ],
        "yêu cầu đã gửi": [
            {"số yêu cầu": r.reference, "loại": r.get_kind_display(), "trạng thái": r.get_status_display()}
            for r in RightsRequest.objects.filter(tracking_code__in=codes)
        ],
        "nhật ký truy cập": [
            {"thời điểm": _when(a.at), "người truy cập": str(a.user or ""), "thao tác": a.get_action_display()}
            for a in PersonalDataAccess.objects.filter(signal_id__in=signal_ids).select_related("user")
        ],
        "thư đã gửi": [
            {"tiêu đề": m.subject, "thời điểm gửi": _when(m.sent_at or m.created_at)} for m in emails_to(person)
        ],
    }


def emails_to(person):
    condition = Q(pk__in=[])
    for email in person.emails:
        condition |= Q(to__icontains=email)
    return OutgoingEmail.objects.filter(condition) if person.emails else OutgoingEmail.objects.none()
