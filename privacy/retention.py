"""Thời hạn lưu trữ: the nightly job that deletes or anonymises what has been kept long enough.

The law sets no number (Luật 91/2025 Art. 3: "for a period appropriate to the purpose"): the office
sets one per kind of record in the back-office (RetentionRule); DEFAULT_DAYS are the starting values.
``plan()`` says what the next run would remove (the dry-run screen), ``run()`` does it and writes a
RetentionRun. Tables of the monitoring and surveys apps are read through the app registry.
"""

import datetime

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from opinions.models import Attachment, Case, OutgoingEmail, PersonalDataAccess, Signal
from privacy.models import RetentionKind, RetentionRule, RetentionRun, RightsRequest
from privacy.subject import survey_models

DEFAULT_DAYS = {
    RetentionKind.CLOSED_CASE_CONTACTS: 730,
    RetentionKind.ATTACHMENTS: 730,
    RetentionKind.ONLINE_TEXT: 365,
    RetentionKind.SURVEY_CONTACTS: 180,
    RetentionKind.REQUEST_FILES: 1095,
}
TEXT_NAMES = ("full_text", "text", "content", "body")
DATE_NAMES = ("fetched_at", "published_at", "submitted_at", "created_at", "created")
CLOSED = [Case.Status.CLOSED, Case.Status.ANSWERED]
# Kinds that no rule removes, shown beside the rules (screen, dry run, dossier) with the reason: the
# access log is append-only and hash-chained (opinions/models/access_log.py, issue 18), deleting its
# rows would break the chain that proves nobody tampered with it (docs/privacy.md).
KEPT = [(PersonalDataAccess, "Nhật ký truy cập dữ liệu cá nhân", "không xoá — nhật ký truy cập là bằng chứng")]


def kept():
    """[(kind label, reason, rows held)] of what is kept whatever the date."""
    return [(label, reason, model.objects.count()) for model, label, reason in KEPT]


def ensure_rules():
    for kind, days in DEFAULT_DAYS.items():
        RetentionRule.objects.get_or_create(kind=kind, defaults={"days": days})
    return {r.kind: r for r in RetentionRule.objects.all()}


def _date_field(model):
    names = {f.name for f in model._meta.concrete_fields if isinstance(f, (models.DateTimeField, models.DateField))}
    return next((n for n in DATE_NAMES if n in names), None)


def _old_contact_signals(cutoff):
    old_case = models.Q(case__status__in=CLOSED, case__updated_at__lt=cutoff)
    dropped = models.Q(case__isnull=True, status__in=[Signal.Status.REJECTED, Signal.Status.DUPLICATE])
    has_contact = ~models.Q(reporter_name="", reporter_phone="", reporter_email="")
    return Signal.objects.filter(has_contact).filter(old_case | (dropped & models.Q(received_at__lt=cutoff)))


def _online_items(cutoff):
    try:
        config = apps.get_app_config("monitoring")
    except LookupError:
        return []
    found = []
    for model in config.get_models():
        names = {f.name for f in model._meta.concrete_fields if isinstance(f, models.TextField)}
        text = next((n for n in TEXT_NAMES if n in names), None)
        date = _date_field(model)
        if text and date:
            found.append((model, text, model._default_manager.filter(**{f"{date}__lt": cutoff}).exclude(**{text: ""})))
    return found


def _survey_rows(cutoff):
    found = []
    for model, email, phone, names in survey_models():
        date = _date_field(model)
        if not date:
            continue
        blanks = [n for n in (email, phone, *names) if n]
        keep = models.Q()
        for name in blanks:
            keep &= models.Q(**{f"{name}__isnull": True}) | models.Q(**{name: ""})
        found.append((model, blanks, model._default_manager.filter(**{f"{date}__lt": cutoff}).exclude(keep)))
    return found


def targets(kind, cutoff):
    """[(label, queryset, action)] that a rule of this kind removes, action(queryset) doing it."""
    if kind == RetentionKind.CLOSED_CASE_CONTACTS:
        return [
            ("thông tin dư luận", _old_contact_signals(cutoff), _blank_contacts),
            ("thư đã gửi", OutgoingEmail.objects.filter(created_at__lt=cutoff, status="sent"), _delete),
        ]
    if kind == RetentionKind.ATTACHMENTS:
        rows = Attachment.objects.filter(signal__case__status__in=CLOSED, signal__case__updated_at__lt=cutoff)
        return [("tệp đính kèm", rows, _delete_files)]
    if kind == RetentionKind.ONLINE_TEXT:
        return [(str(m._meta.verbose_name), qs, _blanker([t])) for m, t, qs in _online_items(cutoff)]
    if kind == RetentionKind.SURVEY_CONTACTS:
        return [(str(m._meta.verbose_name), qs, _blanker(names)) for m, names, qs in _survey_rows(cutoff)]
    closed = RightsRequest.objects.filter(completed_at__lt=cutoff).exclude(details="", contact_hint="")
    return [("yêu cầu đã hoàn thành", closed, _blanker(["details", "contact_hint"]))]


def _blank_contacts(queryset):
    return queryset.update(reporter_name="", reporter_phone="", reporter_email="", consent_personal_data=False)


def _delete(queryset):
    return queryset.delete()[0]


def _delete_files(queryset):
    count = 0
    for attachment in queryset:
        attachment.file.delete(save=False)
        attachment.delete()
        count += 1
    return count


def _blanker(names):
    def blank(queryset):
        values = {}
        for name in names:
            f = queryset.model._meta.get_field(name)
            values[name] = None if f.null else ""
        return queryset.update(**values)

    return blank


def plan(now=None):
    """{kind label: [(what, count)]} of what the next run removes (nothing is changed)."""
    now = now or timezone.now()
    out = []
    for kind, rule in ensure_rules().items():
        if not rule.is_active:
            continue
        cutoff = now - datetime.timedelta(days=rule.days)
        rows = [(label, queryset.count()) for label, queryset, _ in targets(kind, cutoff)]
        out.append((rule, cutoff, rows))
    return out


def run(now=None, dry_run=False):
    """Delete or anonymise what is past its period; returns the RetentionRun written."""
    now = now or timezone.now()
    counts = {}
    with transaction.atomic():
        for rule, cutoff, _rows in plan(now):
            for label, queryset, action in targets(rule.kind, cutoff):
                done = queryset.count() if dry_run else _apply(action, queryset)
                if done:
                    counts[f"{rule.get_kind_display()}: {label}"] = done
        return RetentionRun.objects.create(at=now, dry_run=dry_run, counts=counts, total=sum(counts.values()))


def _apply(action, queryset):
    count = queryset.count()
    action(queryset)
    return count
