"""Background tasks of the intake channels: thin wrappers run by the worker, and their enqueue helper."""

import logging

from django_tasks import task

from opinions.intake.messaging import deliver_message

logger = logging.getLogger(__name__)


@task()
def send_message(message_id):
    """Send one queued Zalo or SMS message; a failure leaves it pending for the retry job."""
    return deliver_message(message_id)


def enqueue_message(message_id):
    try:
        send_message.enqueue(message_id)
    except Exception:  # the periodic job send_channel_messages picks it up
        logger.exception("Không đưa được tin nhắn %s vào hàng đợi", message_id)
