"""Background tasks of search: thin wrappers of search.service, run by the task worker."""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from . import service

logger = logging.getLogger(__name__)


@task()
def index_records_task(kind, ids):
    """Index (or remove) these records, in bulk; Elasticsearch updates wait if it does not answer."""
    return service.index_records(kind, ids)


@task()
def index_new_signals_task():
    """Index the new signals of the last moments in one batch (see enqueue_new_signal)."""
    return service.index_unindexed_signals()


@task()
def reindex_task():
    return {str(k): str(v) for k, v in service.reindex().items()}


def enqueue_index(kind, ids):
    """Hand an index update to the task worker; never raises (saving a record must not fail)."""
    ids = [int(i) for i in ids if i is not None]
    if not ids:
        return
    try:
        index_records_task.enqueue(kind, ids)
    except Exception as exc:  # the record is saved; the update waits in PendingUpdate
        logger.exception("Không đưa được cập nhật chỉ mục vào hàng đợi")
        try:
            service._queue_pending([(kind, i) for i in ids], str(exc))
        except Exception:
            logger.exception("Không ghi được cập nhật chỉ mục đang chờ")


NEW_SIGNALS_KEY = "search:index-new-signals"


def enqueue_new_signal(signal_id):
    """A new signal: one batch task per SEARCH_DEBOUNCE_SECONDS instead of one task per signal
    (intake's hot path saves a task row per report; docs/open311.md). Never raises; a lost batch
    is caught by the search_apply_pending sweep (index_unindexed_signals)."""
    delay = settings.SEARCH_DEBOUNCE_SECONDS
    if not delay:
        enqueue_index(service.SearchDocument.Kind.SIGNAL, [signal_id])
        return
    try:
        if not cache.add(NEW_SIGNALS_KEY, 1, timeout=delay):
            return  # a batch enqueued moments ago will see this signal too
        batch = index_new_signals_task
        if batch.get_backend().supports_defer:
            batch = batch.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
        batch.enqueue()
    except Exception:
        logger.exception("Không đưa được lô chỉ mục ý kiến mới vào hàng đợi; lượt quét định kỳ sẽ lập chỉ mục")
