"""The legal clocks of a data subject's request (NĐ 356/2025 Art. 5), on the cycle's calendar.

Acknowledgement: 2 working days after the request is received (verified). Completion: view,
correct, copy 10 days; withdraw consent, restrict, object 15; delete 20; inform is answered with
the acknowledgement's 10 days. One extension of at most the same number of days. Whether "ngày"
means working or calendar days is not settled: PRIVACY_REQUEST_DAYS ("working", the default, or
"calendar", the stricter reading) decides; the acknowledgement is always in working days.
"""

from django.conf import settings

from opinions.cycle.deadlines import add_days, add_working_days
from privacy.models import RequestKind

ACK_WORKING_DAYS = 2
COMPLETION_DAYS = {
    RequestKind.INFORM: 10,
    RequestKind.ACCESS: 10,
    RequestKind.CORRECT: 10,
    RequestKind.WITHDRAW: 15,
    RequestKind.RESTRICT: 15,
    RequestKind.OBJECT: 15,
    RequestKind.DELETE: 20,
}


def working_days():
    return getattr(settings, "PRIVACY_REQUEST_DAYS", "working") != "calendar"


def ack_due(received_on):
    return add_working_days(received_on, ACK_WORKING_DAYS)


def completion_due(kind, received_on):
    return add_days(received_on, COMPLETION_DAYS[kind], working=working_days())


def extended_due(kind, due, days):
    """The due date after the one extension allowed; days beyond the kind's limit are refused."""
    limit = COMPLETION_DAYS[kind]
    if not 1 <= days <= limit:
        raise ValueError(f"Chỉ được gia hạn một lần, từ 1 đến {limit} ngày.")
    return add_days(due, days, working=working_days())
