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


def record_consent(sender, instance, channel, notice_version=None, purposes=(), **kwargs):
    """One consent entry per record and channel (a re-sent event changes nothing)."""
    purposes = [str(p) for p in purposes or []]
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
