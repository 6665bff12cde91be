"""Background tasks of search: thin wrappers of search.service, run by the task worker."""

from django_tasks import task

from . import service


@task()
def index_records_task(kind, ids):
    """Index (or remove) these records, in bulk; Elasticsearch updates wait if it does not answer."""
    return service.index_records(kind, ids)


@task()
def apply_pending_task():
    return service.apply_pending()


@task()
def reindex_task():
    return {str(k): str(v) for k, v in service.reindex().items()}
