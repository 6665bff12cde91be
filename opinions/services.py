"""State changes shared by several entry points (web form, back-office, API, tasks)."""

import unicodedata

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Channel, Signal


def enqueue_analysis_on_commit():
    from .suggest import enqueue_on_commit

    enqueue_on_commit()


def nfc(value):
    """Store Vietnamese text in one Unicode form (NFC) whatever the keyboard sent."""
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


def create_signal(*, channel, kind, text, actor=None, submission_key=None, **fields):
    """Tiếp nhận: register one signal, once.

    A retried request (double click, network retry) carries the same submission_key and gets the
    signal created the first time instead of a second one. Returns (signal, created).
    """
    if channel not in Channel.values:
        raise ValueError(f"Kênh tiếp nhận không hợp lệ: {channel}")
    if submission_key:
        existing = Signal.objects.filter(submission_key=submission_key).first()
        if existing:
            return existing, False
    clean = {name: nfc(value) for name, value in fields.items()}
    if clean.get("consent_personal_data") and not clean.get("consent_at"):
        clean["consent_at"] = timezone.now()
    if not clean.get("consent_personal_data"):
        # Without consent nothing personal is kept (Luật 91/2025/QH15).
        for name in ("reporter_name", "reporter_phone", "reporter_email"):
            clean[name] = ""
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
            # Analysis (opinions/suggest.py) runs in the worker; here only a cheap, deduplicated
            # enqueue after commit, whatever the channel.
            enqueue_analysis_on_commit()
    except IntegrityError:
        if submission_key:
            existing = Signal.objects.filter(submission_key=submission_key).first()
            if existing:
                return existing, False
        raise
    return signal, True
