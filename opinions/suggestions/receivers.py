"""The analysis listens to intake: every new signal, whatever its channel, is analysed by the
worker after the transaction that created it commits (connected in OpinionsConfig.ready)."""

from django.db import transaction
from django.dispatch import receiver

from opinions.services import signal_recorded
from opinions.suggestions.tasks import enqueue_analysis


@receiver(signal_recorded, dispatch_uid="suggestions_analyse_new_signal")
def analyse_new_signal(sender, instance, **kwargs):
    transaction.on_commit(enqueue_analysis)
