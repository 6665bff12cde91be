"""State changes shared by several entry points (web form, back-office, API, tasks)."""

from django.db import IntegrityError, transaction
from django.dispatch import Signal as Event
from django.utils import timezone

from cms.lib.text import nfc

from .models import Channel, Signal

# Sent once per new signal inside create_signal's transaction (argument: instance). The analysis
# (opinions/suggestions/receivers.py) listens; the domain never calls it.
signal_recorded = Event()

# Sent whenever a citizen's personal data is collected with their consent, by any path (web form,
# Open311, e-mail, Zalo, SMS, dialogue sessions, identified surveys, roster imports), inside the
# transaction that stores it. Keyword arguments: instance (the record holding the data), channel (a
# Channel value or a short path name such as "survey", "roster"), notice_version (the privacy notice
# shown, or None), purposes (list of str); a bulk writer sends instance=None and instances=[…].
# The privacy app records the consent evidence; senders
# never import it (pyproject.toml's contracts).
personal_data_collected = Event()

# The consent rule (Luật 91/2025/QH15), written once: a citizen's contacts are kept only with their
# consent. Forms call missing_consent() to ask before sending; create_signal drops contacts without it.
CONTACT_FIELDS = ("reporter_name", "reporter_phone", "reporter_email", "reporter_zalo_id")


def has_contact(values):
    return any(values.get(name) for name in CONTACT_FIELDS)


def missing_consent(values):
    """True when contacts were given without the consent that lets us keep them."""
    return has_contact(values) and not values.get("consent_personal_data")


def apply_consent(values):
    """The contact fields as they may be stored: consent time stamped, or contacts dropped."""
    clean = dict(values)
    if clean.get("consent_personal_data"):
        clean.setdefault("consent_at", None)
        clean["consent_at"] = clean["consent_at"] or timezone.now()
    else:
        clean.update({name: "" for name in CONTACT_FIELDS})
    return clean


def create_signal(*, channel, kind, text, actor=None, submission_key=None, **fields):
    """Tiếp nhận: register one signal, once.

    A retried request (double click, network retry) carries the same submission_key and gets the
    signal created the first time instead of a second one. Returns (signal, created).
    """
    if channel not in Channel.values:
        raise ValueError(f"Kênh tiếp nhận không hợp lệ: {channel}")
    # No look-up before the insert: the unique submission_key makes a retry fail in its savepoint,
    # and the signal of the first request is returned below (one query less per report).
    clean = apply_consent({name: nfc(value) for name, value in fields.items()})
    try:
        with transaction.atomic():
            signal = Signal.objects.create(
                channel=channel,
                kind=kind,
                text=nfc(text),
                recorded_by=actor if actor and actor.is_authenticated else None,
                submission_key=submission_key or None,
                **clean,
            )
            signal_recorded.send(sender=Signal, instance=signal)
            if has_contact(clean):
                personal_data_collected.send(
                    sender=Signal,
                    instance=signal,
                    channel=channel,
                    notice_version=None,
                    purposes=["handle_signal"],
                )
    except IntegrityError:
        if submission_key:
            existing = Signal.objects.filter(submission_key=submission_key).first()
            if existing:
                return existing, False
        raise
    return signal, True
