"""Correction and erasure that reach every copy: the records, every text column of every table that
repeats a value (change logs, e-mails sent, answers, requests, the database search index), the
search backend, the page cache and the attachments on disk.

Erasure anonymises the identity and keeps the opinion: the signal stays (counts and statistics stay
true) with its contacts emptied, its attachments deleted and the person's name, phone and e-mail
replaced by "[đã xóa]" wherever they were repeated. Roster entries of the person are removed.
"""

import json
import logging
import re

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone

from opinions.models import Attachment, Case
from privacy.models import ConsentRecord
from privacy.subject import consents_of, normal_phone, survey_models, survey_name_fields

logger = logging.getLogger(__name__)

ERASED = "[đã xóa]"
# Tables never swept: Django's own bookkeeping, and the consent evidence (it holds no contacts).
SKIPPED = {"contenttypes", "sessions", "admin", "migrations"}
MIN_NAME_LENGTH = 5  # shorter "names" would blank ordinary words


def phone_pattern(digits):
    """A phone number as people write it: 0987654321, 0987 654 321, 0987.654.321, +84 987 654 321."""
    national = digits[1:] if digits.startswith("0") else digits
    spaced = r"[\s.\-]?".join(re.escape(d) for d in national)
    return re.compile(rf"(?<!\d)(?:\+?84[\s.\-]?|0)?{spaced}(?!\d)")


def identity_patterns(person, raw_values=()):
    """(compiled pattern, plain needles for the database prefilter) of the person's identifiers."""
    patterns, needles = [], set()
    for email in person.emails:
        patterns.append(re.compile(re.escape(email), re.I))
        needles.add(email)
    for digits in person.phones:
        patterns.append(phone_pattern(digits))
        needles.add(digits[-7:])
    for name in person.names:
        if len(name.strip()) >= MIN_NAME_LENGTH:
            patterns.append(re.compile(re.escape(name.strip()), re.I))
            needles.add(name.strip())
    needles |= {v for v in raw_values if v}
    return patterns, needles


def _text_fields(model):
    for f in model._meta.concrete_fields:
        if isinstance(f, (models.CharField, models.TextField)) and not f.choices:
            yield f, False
        elif isinstance(f, models.JSONField):
            yield f, True


def _replace(value, patterns, replacement):
    if isinstance(value, str):
        for pattern in patterns:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, list):
        return [_replace(v, patterns, replacement) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, patterns, replacement) for k, v in value.items()}
    return value


def _needle_q(name, needles, is_json):
    condition = Q(pk__in=[])
    for needle in needles:
        condition |= Q(**{f"{name}__icontains": needle})
        if is_json:
            condition |= Q(**{f"{name}__icontains": json.dumps(needle)[1:-1]})
    return condition


def sweep(patterns, needles, replacement=ERASED):
    """Replace the identifiers in every text and JSON column of every table; returns {table: rows}."""
    changed = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in SKIPPED or not meta.managed or meta.proxy or model is ConsentRecord:
            continue
        for f, is_json in _text_fields(model):
            queryset = model._default_manager.all()
            name = f.name
            if is_json:
                queryset = queryset.annotate(_as_text=Cast(f.name, models.TextField()))
                name = "_as_text"
            for pk, value in queryset.filter(_needle_q(name, needles, is_json)).values_list("pk", f.attname):
                new = _replace(value, patterns, replacement)
                if new != value:
                    model._default_manager.filter(pk=pk).update(**{f.attname: _fit(f, new)})
                    changed[meta.db_table] = changed.get(meta.db_table, 0) + 1
    return changed


def _fit(f, value):
    if isinstance(value, str) and getattr(f, "max_length", None):
        return value[: f.max_length]
    return value


def _delete_attachments(signals):
    removed = 0
    for attachment in Attachment.objects.filter(signal__in=signals):
        attachment.file.delete(save=False)
        attachment.delete()
        removed += 1
    return removed


def _blank_survey_rows(person):
    for model, email, phone, _names in survey_models():
        for obj in [o for m, o in person.survey_rows if m is model]:
            for name in [n for n in (email, phone, *survey_name_fields(obj)) if n]:
                f = model._meta.get_field(name)
                setattr(obj, name, None if f.null else "")
            obj.save()


def erase_person(person, note=""):
    """Anonymise the person everywhere; returns a summary {what: count} for the request's history."""
    patterns, needles = identity_patterns(person, raw_values=_raw_contacts(person))
    signal_ids = [s.pk for s in person.signals]
    now = timezone.now()
    with transaction.atomic():
        summary = {"tệp đính kèm đã xóa": _delete_attachments(person.signals)}
        for record in consents_of(person):
            record.withdrawn_at = record.withdrawn_at or now
            record.note = (note or "Đã xóa dữ liệu theo yêu cầu")[:500]
            record.save()
        for signal in person.signals:
            signal.reporter_name = signal.reporter_phone = signal.reporter_email = ""
            signal.consent_personal_data, signal.consent_at = False, None
            signal.save()
        summary["cộng tác viên đã xóa khỏi danh sách"] = len(person.collaborators)
        summary["đầu mối đã xóa khỏi danh sách"] = len(person.focal_points)
        for obj in [*person.collaborators, *person.focal_points]:
            obj.delete()
        _blank_survey_rows(person)
        summary["phiếu khảo sát đã xóa thông tin liên hệ"] = len(person.survey_rows)
        tables = sweep(patterns, needles)
        summary["bảng đã làm sạch"] = len(tables)
        summary["thông tin dư luận đã ẩn danh"] = len(signal_ids)
        transaction.on_commit(lambda: refresh_copies(signal_ids))
    return summary


def _raw_contacts(person):
    raw = set()
    for s in person.signals:
        raw |= {s.reporter_phone, s.reporter_email}
    for obj in [*person.collaborators, *person.focal_points]:
        raw |= {obj.phone or "", obj.email or ""}
    return {v for v in raw if v and len(v) >= MIN_NAME_LENGTH}


def correct_person(person, *, old, new):
    """Correction: each old value (name, phone, e-mail) becomes the new one in every copy."""
    patterns = [phone_pattern(normal_phone(old))] if normal_phone(old) == old.replace(" ", "") else []
    patterns.append(re.compile(re.escape(old), re.I))
    signal_ids = [s.pk for s in person.signals]
    with transaction.atomic():
        tables = sweep(patterns, {old}, replacement=new)
        transaction.on_commit(lambda: refresh_copies(signal_ids))
    return tables


def refresh_copies(signal_ids):
    """After commit: rebuild the search documents of the signals and their cases (database index and
    Elasticsearch), and empty the page cache (pages of answered cases may show the text)."""
    # Imported here: the search app's interface loads the backends (Elasticsearch client).
    from news.cache import clear_page_cache, page_cache
    from search.models import SearchDocument  # (same reason)
    from search.service import index_records  # (same reason)

    case_ids = list(Case.objects.filter(signals__pk__in=signal_ids).values_list("pk", flat=True).distinct())
    try:
        index_records(SearchDocument.Kind.SIGNAL, signal_ids)
        index_records(SearchDocument.Kind.CASE, case_ids)
    except Exception:  # the database index was updated by the sweep; the backend catches up later
        logger.exception("Không cập nhật được chỉ mục tìm kiếm sau khi xóa dữ liệu cá nhân")
    page_cache().clear()
    clear_page_cache()
