"""E-mails of the cycle: queued in the database, sent by the worker, retried until sent.

A signal or an answer is saved first; its e-mail is a row (OutgoingEmail) written in the same
transaction and handed to the worker after commit. If the mail server fails, the row stays pending
and `send_pending_emails` (a periodic job) tries again, up to EMAIL_MAX_ATTEMPTS times.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.dispatch import Signal as Event
from django.urls import reverse
from django.utils import timezone

from opinions import access
from opinions.models import InboundEmail, OutgoingEmail

logger = logging.getLogger(__name__)

# Sent for each queued e-mail (argument: email); cycle/receivers.py hands it to the worker after commit.
email_queued = Event()
EMAIL_MAX_ATTEMPTS = 5


def site_url(path):
    return settings.SITE_URL + path


def queue_email(recipients, subject, body, headers=None):
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return None
    email = OutgoingEmail.objects.create(
        to=", ".join(recipients), subject=subject[:255], body=body, headers=headers or {}
    )
    email_queued.send(sender=OutgoingEmail, email=email)
    return email


def deliver_email(email_id):
    """Send one queued e-mail; on failure keep it pending for the next try, then raise."""
    failure = None
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != OutgoingEmail.Status.PENDING:
            return False
        email.attempts += 1
        try:
            to = [a.strip() for a in email.to.split(",")]
            if email.headers:  # a reply in the citizen's own e-mail thread
                EmailMessage(email.subject, email.body, None, to, headers=email.headers).send()
            else:
                send_mail(email.subject, email.body, None, to)
        except Exception as error:  # whatever the mail server says, the row records it
            failure = error
            email.last_error = str(error)[:500]
            if email.attempts >= EMAIL_MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
        else:
            email.status, email.sent_at, email.last_error = OutgoingEmail.Status.SENT, timezone.now(), ""
        email.save()
    if failure is not None:
        # Raised after the commit, so the attempt is recorded and the worker marks the task failed.
        raise failure
    return True


def send_pending_emails():
    """Retry every pending e-mail; returns (sent, failed)."""
    sent = failed = 0
    for pk in OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).values_list("pk", flat=True):
        try:
            sent += deliver_email(pk)
        except Exception:
            failed += 1
    return sent, failed


def tracking_url(signal):
    return site_url(reverse("opinions:feedback_track") + f"?ma={signal.tracking_code}")


def acknowledge_signal(signal):
    """Mã tra cứu by e-mail, when the citizen gave an address."""
    if not signal.reporter_email:
        return None
    body = (
        f"Kính gửi anh, chị,\n\nCổng Lắng Nghe đã tiếp nhận ý kiến của anh, chị lúc "
        f"{timezone.localtime(signal.received_at):%H:%M ngày %d/%m/%Y}.\n\n"
        f"Mã tra cứu: {signal.tracking_code}\nTheo dõi kết quả xử lý: {tracking_url(signal)}\n\n"
        "Thư này được gửi tự động, xin không trả lời thư."
    )
    return queue_email([signal.reporter_email], f"Đã tiếp nhận ý kiến – mã tra cứu {signal.tracking_code}", body)


def notify_rejection(signal):
    if not signal.reporter_email:
        return None
    body = (
        f"Ý kiến mã {signal.tracking_code} không được tiếp nhận xử lý.\n\nLý do: {signal.status_note}\n\n"
        f"Chi tiết: {tracking_url(signal)}"
    )
    return queue_email([signal.reporter_email], f"Kết quả tiếp nhận ý kiến {signal.tracking_code}", body)


def notify_answer(case, response):
    """Every citizen whose signal is in the case (duplicates included) gets the answer."""
    emails = []
    for signal in case.signals.exclude(reporter_email=""):
        body = (
            f"Ý kiến mã {signal.tracking_code} đã có câu trả lời của cơ quan có thẩm quyền:\n\n{response.text}\n\n"
            f"Xem và đánh giá câu trả lời: {tracking_url(signal)}"
        )
        # A citizen who wrote by e-mail gets the answer in the thread they started.
        headers = InboundEmail.reply_headers(signal)
        subject = f"Trả lời ý kiến {signal.tracking_code}"
        emails.append(queue_email([signal.reporter_email], subject, body, headers))
    return emails


def unit_staff_emails(unit):
    return list(
        get_user_model()
        .objects.filter(staff_profile__unit=unit, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def office_emails():
    return list(
        get_user_model()
        .objects.filter(groups__name=access.OFFICE_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def case_admin_url(case):
    return site_url(reverse("cycle:case_detail", args=[case.pk]))


def notify_assignment(case):
    if case.assigned_unit is None:
        return None
    body = (
        f"Đơn vị {case.assigned_unit} được giao xử lý vụ việc {case.code}: {case.title}\n"
        f"Hạn xử lý: {case.deadline:%d/%m/%Y}\n\nXem và cập nhật tiến độ: {case_admin_url(case)}"
    )
    return queue_email(unit_staff_emails(case.assigned_unit), f"Giao xử lý vụ việc {case.code}", body)


def notify_reopened(case, reason):
    """The citizen asked for a review: the unit's staff and the office, with the reason and the new deadline."""
    body = (
        f"Người dân đề nghị xem xét lại vụ việc {case.code}: {case.title}\n\nLý do: {reason}\n\n"
        f"Đơn vị xử lý: {case.assigned_unit or 'chưa giao'}\nHạn xử lý mới: {case.deadline:%d/%m/%Y}\n\n"
        f"Xem và trả lời lại: {case_admin_url(case)}"
    )
    recipients = unit_staff_emails(case.assigned_unit) + office_emails()
    return queue_email(recipients, f"Đề nghị xem xét lại vụ việc {case.code}", body)
