"""Reminders and escalation of the privacy clocks (run daily by the scheduler, PERIODIC_JOBS):
requests near or past their acknowledgement or completion date, breaches not yet notified within
72 hours of discovery. Each request is reminded at most once a day."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from opinions.cycle.deadlines import working_days_between
from opinions.cycle.notify import office_emails, queue_email, site_url
from privacy.models import Breach, RightsRequest

REMIND_WORKING_DAYS = 2
BREACH_REMIND_HOURS = 6


def _line(request, what):
    return f"- {request.reference} ({request.get_kind_display()}): {what}\n  " + site_url(
        reverse("privacy_admin:request_detail", args=[request.pk])
    )


@transaction.atomic
def remind_requests(today=None):
    """(reminded, escalated): one e-mail to the office listing each, at most once a day per request."""
    today = today or timezone.localdate()
    soon, late = [], []
    for request in RightsRequest.objects.filter(status__in=RightsRequest.OPEN).select_for_update():
        if request.ack_overdue(today) or request.is_overdue(today):
            if request.escalated_on != today:
                due = request.ack_due if request.ack_overdue(today) else request.due
                late.append(_line(request, f"quá hạn từ {due:%d/%m/%Y}"))
                request.escalated_on = today
                request.add_history(f"Báo quá hạn (hạn {due:%d/%m/%Y}).")
                request.save()
            continue
        due = request.ack_due if request.status == RightsRequest.Status.RECEIVED else request.due
        if due and working_days_between(today, due) <= REMIND_WORKING_DAYS and request.reminded_on != today:
            soon.append(_line(request, f"hạn {due:%d/%m/%Y}"))
            request.reminded_on = today
            request.save(update_fields=["reminded_on"])
    if soon:
        queue_email(office_emails(), f"{len(soon)} yêu cầu về dữ liệu cá nhân sắp đến hạn", "\n".join(soon))
    if late:
        queue_email(office_emails(), f"{len(late)} yêu cầu về dữ liệu cá nhân QUÁ HẠN", "\n".join(late))
    return len(soon), len(late)


def remind_breaches(now=None):
    """Every few hours until the breach is notified: the hours left of the 72."""
    now = now or timezone.now()
    due = []
    for breach in Breach.objects.filter(notified_at__isnull=True, closed_at__isnull=True):
        if breach.reminded_at and (now - breach.reminded_at).total_seconds() < BREACH_REMIND_HOURS * 3600:
            continue
        left = breach.hours_left(now)
        state = f"còn {left} giờ" if left > 0 else f"QUÁ HẠN {-left} giờ"
        due.append(f"- {breach.title}: thông báo trước {timezone.localtime(breach.notify_by):%H:%M %d/%m/%Y} ({state})")
        Breach.objects.filter(pk=breach.pk).update(reminded_at=now)
    if due:
        queue_email(office_emails(), "Vi phạm dữ liệu cá nhân chưa thông báo (72 giờ)", "\n".join(due))
    return len(due)
