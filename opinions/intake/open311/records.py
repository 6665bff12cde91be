"""What the public sees of a signal through Open311: status and place, never personal data.

Privacy rules (docs/open311.md):
- names, phone numbers, e-mail addresses, device and account ids are never output;
- the content (description, exact address, point, media) only when the citizen allowed publication,
  never for complaints and denunciations (khiếu nại, tố cáo) nor for rejected signals;
- the answer text only once the office has published the case (Case.is_public).
"""

import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from opinions.models import Case, Channel, Response, Signal, SignalKind
from opinions.redaction import public_text, reporter_prefetch

# Channels where a citizen files a report. Press items, posts, collaborators' and units' notes are
# intelligence for the office, not service requests, and never leave the back-office.
CITIZEN_CHANNELS = [Channel.WEB, Channel.OPEN311, Channel.HOTLINE, Channel.RECEPTION, Channel.DIALOGUE, Channel.EMAIL]
LEGAL_KINDS = [SignalKind.COMPLAINT, SignalKind.DENUNCIATION]
CLOSED_SIGNAL_STATUSES = [Signal.Status.REJECTED, Signal.Status.DUPLICATE]
CLOSED_CASE_STATUSES = [Case.Status.ANSWERED, Case.Status.CLOSED]
CLOSED_Q = Q(status__in=CLOSED_SIGNAL_STATUSES) | Q(case__status__in=CLOSED_CASE_STATUSES)

STATUS_NOTES = {
    Signal.Status.REJECTED: "Không thụ lý: nội dung không thuộc phạm vi tiếp nhận hoặc không đủ thông tin.",
    Signal.Status.DUPLICATE: "Trùng với một phản ánh đã tiếp nhận; kết quả xử lý theo phản ánh đó.",
}


def w3c(value):
    """W3C datetime with the province's offset, e.g. 2026-11-26T11:44:17+07:00."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def end_of_day(date):
    moment = datetime.datetime.combine(date, datetime.time(23, 59, 59))
    return w3c(timezone.make_aware(moment))


def base_queryset():
    """Signals with everything a record needs, in a fixed number of queries whatever the count."""
    return (
        Signal.objects.filter(channel__in=CITIZEN_CHANNELS)
        .select_related("field", "area", "case__assigned_unit", "api_submission")
        .prefetch_related(
            Prefetch(
                "case__responses",
                queryset=Response.objects.filter(status=Response.Status.APPROVED).order_by("-approved_at", "-pk"),
                to_attr="approved_responses",
            ),
            reporter_prefetch("case__signals"),
        )
    )


def public_list_queryset():
    """The GET requests list: only what the citizen allowed to be public."""
    return (
        base_queryset().filter(allow_public=True).exclude(kind__in=LEGAL_KINDS).exclude(status=Signal.Status.REJECTED)
    )


def is_closed(signal):
    if signal.status in CLOSED_SIGNAL_STATUSES:
        return True
    return bool(signal.case_id and signal.case.status in CLOSED_CASE_STATUSES)


def shows_content(signal):
    return signal.allow_public and signal.kind not in LEGAL_KINDS and signal.status != Signal.Status.REJECTED


def _submission(signal):
    try:
        return signal.api_submission
    except Signal.api_submission.RelatedObjectDoesNotExist:
        return None


def status_notes(signal):
    if signal.status in STATUS_NOTES:
        return STATUS_NOTES[signal.status]
    case = signal.case if signal.case_id else None
    if case is None:
        return signal.get_status_display()
    answers = getattr(case, "approved_responses", [])
    if case.status in CLOSED_CASE_STATUSES and answers and case.is_public and shows_content(signal):
        return f"{case.get_status_display()}: {public_text(answers[0].text, signal)}"
    return case.get_status_display()


def updated_datetime(signal):
    case = signal.case if signal.case_id else None
    if case is not None and case.status in CLOSED_CASE_STATUSES and case.closed_at:
        return w3c(case.closed_at)
    moments = [signal.updated_at] + ([case.updated_at] if case is not None else [])
    return w3c(max(moments))


def request_record(signal):
    """One <request> of GET requests: the specification's fields in its order."""
    case = signal.case if signal.case_id else None
    content = shows_content(signal)
    submission = _submission(signal) if content else None
    area = signal.area
    return {
        "service_request_id": signal.tracking_code,
        "status": "closed" if is_closed(signal) else "open",
        "status_notes": status_notes(signal),
        "service_name": signal.field.name if signal.field_id else None,
        "service_code": signal.field.code if signal.field_id else None,
        "description": public_text(signal.text, signal) if content else None,
        "agency_responsible": case.assigned_unit.name if case is not None and case.assigned_unit_id else None,
        "service_notice": None,
        "requested_datetime": w3c(signal.received_at),
        "updated_datetime": updated_datetime(signal),
        "expected_datetime": end_of_day(case.deadline) if case is not None and case.deadline else None,
        "address": (public_text(signal.address, signal) or (area.name if area else None))
        if content
        else (area.name if area else None),
        "address_id": area.code if area else None,
        "zipcode": None,
        "lat": float(signal.latitude) if content and signal.latitude is not None else None,
        "long": float(signal.longitude) if content and signal.longitude is not None else None,
        "media_url": (submission.media_url or None) if submission else None,
    }
