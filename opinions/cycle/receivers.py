"""The cycle's listeners (connected in OpinionsConfig.ready)."""

from django.db import transaction
from django.dispatch import receiver

from opinions.cycle.notify import email_queued
from opinions.cycle.tasks import enqueue_email


@receiver(email_queued, dispatch_uid="cycle_send_queued_email")
def send_queued_email(sender, email, **kwargs):
    transaction.on_commit(lambda: enqueue_email(email.pk))
