"""Carrying out a restriction or an objection, and lifting it (Luật 91/2025 Art. 4; NĐ 356/2025).

Carried out, every record of the person (signals, roster entries, survey rows) gets a Restriction
row and their consent entries the time; opinions.restrictions (the domain's side) then keeps these
records out of analysis, suggestions, roster exports and survey invitations, and shows their
contacts to the office only with a "Hạn chế xử lý" mark on the case. Lifting (the office, with a
reason: the person asked, or the ground of the restriction ended) keeps the rows as the log.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from privacy.models import ConsentRecord, RequestKind, Restriction, RightsRequest
from privacy.receivers import subject_label
from privacy.subject import consents_of

FIELDS = {RequestKind.RESTRICT: "restricted_at", RequestKind.OBJECT: "objected_at"}


class LiftError(Exception):
    """Lifting is not possible: the message says why, in Vietnamese."""


def restrict(request, person, now):
    """Restriction rows for each record of the person and the time on their consent entries."""
    field = FIELDS[request.kind]
    for record in consents_of(person):
        setattr(record, field, getattr(record, field) or now)
        record.save(update_fields=[field])
    rows = [
        Restriction(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=obj.pk,
            subject_label=subject_label(obj)[:100],
            kind=request.kind,
            request=request,
            since=now,
        )
        for obj in person.records()
    ]
    Restriction.objects.bulk_create(rows)
    return len(rows)


def active(request):
    return request.restrictions.filter(lifted_at__isnull=True)


@transaction.atomic
def lift(request, user, reason):
    """Lift the restriction or objection of a done request: logged on the rows and the request."""
    reason = (reason or "").strip()
    if request.kind not in FIELDS or request.status != RightsRequest.Status.DONE:
        raise LiftError("Chỉ gỡ được hạn chế, phản đối xử lý đã thực hiện.")
    rows = list(active(request).select_for_update())
    if not rows:
        raise LiftError("Hạn chế xử lý của yêu cầu này đã được gỡ.")
    if not reason:
        raise LiftError("Xin ghi lý do gỡ hạn chế (người dân đề nghị, hoặc căn cứ hạn chế đã hết).")
    now = timezone.now()
    Restriction.objects.filter(pk__in=[r.pk for r in rows]).update(
        lifted_at=now, lifted_by=user, lift_reason=reason[:500]
    )
    _clear_consents(request, rows)
    request.add_history(f"Đã gỡ {request.get_kind_display().lower()} ({len(rows)} bản ghi): {reason}", user)
    request.save(update_fields=["history"])
    return len(rows)


def _clear_consents(request, rows):
    field = FIELDS[request.kind]
    for row in rows:
        ConsentRecord.objects.filter(content_type_id=row.content_type_id, object_id=row.object_id).update(
            **{field: None}
        )
