"""Keep the index in step with the records: connected in SearchConfig.ready().

Each handler only enqueues a task (tasks.enqueue_index never raises), so saving a signal, a
case, an answer or publishing a page is never slowed down or broken by indexing.
"""

from .models import SearchDocument
from .tasks import enqueue_index, enqueue_new_signal

SIGNAL, CASE, PAGE = SearchDocument.Kind.SIGNAL, SearchDocument.Kind.CASE, SearchDocument.Kind.PAGE


def _enqueue(kind, ids):
    enqueue_index(kind, ids)


def signal_changed(sender, instance, **kwargs):
    if kwargs.get("created"):
        enqueue_new_signal(instance.pk)
    else:
        _enqueue(SIGNAL, [instance.pk])


def case_changed(sender, instance, **kwargs):
    _enqueue(CASE, [instance.pk])
    if not kwargs.get("created"):
        # The handling unit may have changed: the signals of the case carry it for access.
        _enqueue(SIGNAL, list(instance.signals.values_list("pk", flat=True)))


def case_deleted(sender, instance, **kwargs):
    _enqueue(CASE, [instance.pk])


def response_changed(sender, instance, **kwargs):
    _enqueue(CASE, [instance.case_id])


def page_changed(sender, instance, **kwargs):
    _enqueue(PAGE, [instance.pk])
