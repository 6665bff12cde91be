"""Nhắc hạn (before the deadline, to the unit) and escalation (overdue, to the opinion office)."""

from django.db import transaction
from django.utils import timezone

from opinions.cycle.deadlines import working_days_between
from opinions.cycle.notify import case_admin_url, office_emails, queue_email, unit_staff_emails
from opinions.cycle.services import deadline_policy, log_event
from opinions.models import Case, CaseEvent, DeadlinePolicy


def _already_today(case, action, today):
    return case.events.filter(action=action, at__date__gte=today).exists()


@transaction.atomic
def remind_deadlines(today=None):
    """Once a day per case: remind when within the kind's reminder window, escalate when overdue."""
    today = today or timezone.localdate()
    windows = {(p.kind, p.urgency): p.remind_before for p in DeadlinePolicy.objects.all()}
    reminded = escalated = 0
    open_cases = Case.objects.filter(
        status__in=[Case.Status.ASSIGNED, Case.Status.IN_PROGRESS], deadline__isnull=False
    ).select_related("assigned_unit")
    overdue = []
    for case in open_cases:
        if case.deadline < today:
            overdue.append(case)
            continue
        window = windows.get((case.kind, case.urgency), windows.get((case.kind, ""), 2))
        if deadline_policy(case.kind, case.urgency)[0] <= 1:
            window = min(window, 0)
        left = working_days_between(today, case.deadline)
        if left <= window and not _already_today(case, CaseEvent.Action.REMINDED, today):
            queue_email(
                unit_staff_emails(case.assigned_unit),
                f"Nhắc hạn vụ việc {case.code}: hạn {case.deadline:%d/%m/%Y}",
                f"Vụ việc {case.code} – {case.title}\nHạn xử lý: {case.deadline:%d/%m/%Y} "
                f"(còn {left} ngày làm việc).\n\n{case_admin_url(case)}",
            )
            log_event(CaseEvent.Action.REMINDED, case=case, to_value=f"còn {left} ngày làm việc")
            reminded += 1
    fresh = [c for c in overdue if not _already_today(c, CaseEvent.Action.ESCALATED, today)]
    if fresh:
        lines = [
            f"- {c.code} – {c.title} – {c.assigned_unit} – hạn {c.deadline:%d/%m/%Y} "
            f"(quá {working_days_between(c.deadline, today)} ngày làm việc)\n  {case_admin_url(c)}"
            for c in fresh
        ]
        queue_email(office_emails(), f"{len(fresh)} vụ việc quá hạn xử lý", "\n".join(lines))
        for case in fresh:
            log_event(CaseEvent.Action.ESCALATED, case=case, to_value=f"quá hạn từ {case.deadline:%d/%m/%Y}")
            queue_email(
                unit_staff_emails(case.assigned_unit),
                f"Vụ việc {case.code} đã quá hạn xử lý",
                f"Vụ việc {case.code} – {case.title} đã quá hạn {case.deadline:%d/%m/%Y}; "
                f"Ban Tuyên giáo và Dân vận đã được báo cáo.\n\n{case_admin_url(case)}",
            )
        escalated = len(fresh)
    return reminded, escalated
