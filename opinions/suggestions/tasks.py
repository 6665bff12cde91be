"""Background work of the analysis: the task wrappers, and the cheap deduplicated enqueues that
intake (through suggestions/receivers.py) and the Phân tích lại buttons call."""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from opinions import access
from opinions.suggestions.services import PENDING_KEY, REANALYSE_DEDUP_SECONDS, analyse_pending, reanalyse_signals

logger = logging.getLogger(__name__)


@task()
def analyse_pending_task():
    """Analyse the intake queue's signals that have no suggestions yet."""
    return analyse_pending()


@task()
def reanalyse_task(signal_ids=None):
    """Phân tích lại with the active models: those signals, or every signal in the intake queue."""
    return reanalyse_signals(signal_ids)


def enqueue_analysis():
    """Hand the analysis of new signals to the worker; cheap, deduplicated, never raises."""
    if not settings.ANALYSIS_ON_INTAKE:
        return False
    delay = settings.ANALYSIS_DEBOUNCE_SECONDS
    try:
        if delay and not cache.add(PENDING_KEY, 1, timeout=delay):
            return False  # a task enqueued moments ago will see this signal too
        task = analyse_pending_task
        if delay and task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
        task.enqueue()
        return True
    except Exception:  # the signal is saved; analysis_sweep will analyse it
        logger.exception("Không đưa được tác vụ phân tích vào hàng đợi")
        return False


def request_reanalysis(actor, signal=None):
    """Hand a re-analysis to the task worker: one signal, or (signal None) the whole queue.

    Office only, as accepting suggestions. Returns False when the same request was enqueued less
    than REANALYSE_DEDUP_SECONDS ago (a double click), True otherwise."""
    access.require_office(actor)
    key = f"analysis:reanalyse:{signal.pk if signal is not None else 'queue'}"
    if not cache.add(key, 1, timeout=REANALYSE_DEDUP_SECONDS):
        return False
    try:
        reanalyse_task.enqueue([signal.pk] if signal is not None else None)
    except Exception:
        cache.delete(key)
        raise
    return True
