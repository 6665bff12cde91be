"""Invitations to panels: collaborators' roster, focal points, unit staff; reminders; response rates.

Each member with an e-mail address gets one Invitation (a one-use token) and one queued e-mail
(opinions.cycle.notify.queue_email: sent by the worker, retried). Reminders go to the unused ones.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from opinions.cycle.notify import queue_email, site_url
from opinions.models import Collaborator, FocalPoint
from opinions.restrictions import exclude_restricted

from .models import Invitation

MAX_REMINDERS = 3


def panel_members(panel, unit=None):
    """[(full name, e-mail, unit)] of a panel's members who have an e-mail address."""
    if panel == Invitation.Panel.COLLABORATORS:
        # a person who restricted or objected to processing gets no invitation (opinions.restrictions)
        rows = exclude_restricted(Collaborator.objects.filter(status=Collaborator.Status.ACTIVE).exclude(email=""))
        rows = rows.filter(unit=unit) if unit else rows
        return [(c.full_name, c.email, c.unit) for c in rows.select_related("unit")]
    if panel == Invitation.Panel.FOCAL_POINTS:
        today = timezone.localdate()
        rows = exclude_restricted(
            FocalPoint.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today)).exclude(email="")
        )
        rows = rows.filter(unit=unit) if unit else rows
        return [(f.full_name, f.email, f.unit) for f in rows.select_related("unit")]
    users = get_user_model().objects.filter(is_active=True, staff_profile__isnull=False).exclude(email="")
    users = users.filter(staff_profile__unit=unit) if unit else users
    return [
        (u.get_full_name() or u.get_username(), u.email, u.staff_profile.unit)
        for u in users.select_related("staff_profile__unit")
    ]


def invitation_link(invitation):
    return site_url(reverse("surveys:invited", args=[invitation.token]))


def _send(invitation, reminder=False):
    survey = invitation.survey
    closing = (
        f"\nHạn trả lời: {timezone.localtime(survey.closes_at):%H:%M ngày %d/%m/%Y}.\n" if survey.closes_at else ""
    )
    opening = (
        "Nhắc lại: anh, chị chưa trả lời" if reminder else "Ban Tuyên giáo và Dân vận trân trọng mời anh, chị trả lời"
    )
    body = (
        f"Kính gửi {invitation.full_name or 'anh, chị'},\n\n{opening} cuộc khảo sát «{survey.title}».\n\n"
        f"Đường dẫn riêng của anh, chị (chỉ dùng được một lần, xin không chuyển cho người khác):\n"
        f"{invitation_link(invitation)}\n{closing}\nCâu trả lời được tổng hợp ẩn danh.\n\n"
        "Thư này được gửi tự động, xin không trả lời thư."
    )
    subject = f"{'Nhắc trả lời' if reminder else 'Mời trả lời'} khảo sát: {survey.title}"
    return queue_email([invitation.email], subject, body)


@transaction.atomic
def invite_panel(survey, panel, unit=None):
    """Invite every member of the panel not invited yet; returns the number of new invitations."""
    known = set(survey.invitations.values_list("email", flat=True))
    created = 0
    for full_name, email, member_unit in panel_members(panel, unit):
        if email.lower() in known:
            continue
        known.add(email.lower())
        invitation = Invitation.objects.create(
            survey=survey, email=email.lower(), full_name=full_name, unit=member_unit, panel=panel
        )
        _send(invitation)
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
        created += 1
    return created


@transaction.atomic
def send_reminders(survey):
    """Remind the invited who have not answered (at most MAX_REMINDERS times each)."""
    pending = survey.invitations.filter(used_at__isnull=True, reminders__lt=MAX_REMINDERS).exclude(email="")
    count = 0
    for invitation in pending:
        _send(invitation, reminder=True)
        invitation.reminders += 1
        invitation.reminded_at = timezone.now()
        invitation.save(update_fields=["reminders", "reminded_at"])
        count += 1
    return count


def response_rates(invitations):
    """Per unit: invited, answered and the rate in percent; the total row last."""
    rows = list(
        invitations.values("unit__name")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(used_at__isnull=False)))
        .order_by("unit__name")
    )
    total = {"unit__name": "Tổng cộng", "invited": 0, "answered": 0}
    for row in rows:
        row["unit__name"] = row["unit__name"] or "(không thuộc đơn vị)"
        total["invited"] += row["invited"]
        total["answered"] += row["answered"]
    for row in [*rows, total]:
        row["rate"] = round(100 * row["answered"] / row["invited"], 1) if row["invited"] else None
    return rows, total
