"""Listeners of the domain's events: the evidence of consent for every path that collects personal
data (opinions.services.personal_data_collected, sent inside the transaction that stores the data)."""

from django.contrib.contenttypes.models import ContentType

from privacy.models import ConsentRecord, LegalBasis, PrivacyNotice, ProcessingActivity


def subject_label(instance):
    code = getattr(instance, "tracking_code", "") or getattr(instance, "code", "")
    return code or f"{instance._meta.verbose_name} #{instance.pk}"


def bases_for(purposes):
    """The legal basis of each purpose: the register's line when there is one, else consent."""
    known = dict(ProcessingActivity.objects.filter(code__in=purposes).values_list("code", "legal_basis"))
    return {purpose: known.get(purpose, LegalBasis.CONSENT) for purpose in purposes}


def notice_for(version):
    if version:
        found = PrivacyNotice.objects.filter(version=version).first()
        if found:
            return found
    return PrivacyNotice.current()


def record_consent(sender, instance, channel, notice_version=None, purposes=(), instances=None, **kwargs):
    """One consent entry per record and channel (a re-sent event changes nothing). A bulk path
    (roster imports) sends `instances` instead of one instance: a constant number of queries."""
    purposes = [str(p) for p in purposes or []]
    if instances is not None:
        _record_many(sender, list(instances), str(channel), notice_for(notice_version), purposes)
        return
    ConsentRecord.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
        channel=str(channel),
        defaults={
            "subject_label": subject_label(instance)[:100],
            "notice": notice_for(notice_version),
            "purposes": purposes,
            "bases": bases_for(purposes),
        },
    )


def _record_many(model, rows, channel, notice, purposes):
    if not rows:
        return
    content_type = ContentType.objects.get_for_model(model)
    known = set(
        ConsentRecord.objects.filter(
            content_type=content_type, channel=channel, object_id__in=[row.pk for row in rows]
        ).values_list("object_id", flat=True)
    )
    bases = bases_for(purposes)
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                content_type=content_type,
                object_id=row.pk,
                channel=channel,
                subject_label=subject_label(row)[:100],
                notice=notice,
                purposes=purposes,
                bases=bases,
            )
            for row in rows
            if row.pk not in known
        ]
    )
