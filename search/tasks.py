"""Background tasks of search: thin wrappers of search.service, run by the task worker."""

import logging

from django_tasks import task

from . import service

logger = logging.getLogger(__name__)


@task()
def index_records_task(kind, ids):
    """Index (or remove) these records, in bulk; Elasticsearch updates wait if it does not answer."""
    return service.index_records(kind, ids)


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
