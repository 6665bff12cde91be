"""Background tasks of the cycle: thin wrappers of its services, run by the worker."""

import logging

from django_tasks import task

from opinions.cycle.notify import deliver_email

logger = logging.getLogger(__name__)


@task()
def send_email(email_id):
    """Send one queued e-mail; a failure leaves it pending for the retry job."""
    return deliver_email(email_id)


def enqueue_email(email_id):
    try:
        send_email.enqueue(email_id)
    except Exception:  # the periodic job send_pending_emails picks it up
        logger.exception("Không đưa được thư %s vào hàng đợi", email_id)
