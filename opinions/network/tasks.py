"""Background work of the roster imports: the task wrappers, and the two entry points that run a
small file at once and hand a large one to the worker."""

from django_tasks import task

from cms.lib.text import nfc
from opinions.models import ImportJob
from opinions.network.imports import INLINE_BYTES, check_import, run_import


@task()
def check_import_task(job_id):
    check_import(ImportJob.objects.get(pk=job_id))
    return job_id


@task()
def run_import_task(job_id):
    run_import(job_id)
    return job_id


def start_import(actor, kind, uploaded_name, content):
    """Register an uploaded file; return the job (checked already if the file is small)."""
    job = ImportJob.objects.create(kind=kind, file_name=nfc(uploaded_name)[:255], content=content, user=actor)
    if len(content) <= INLINE_BYTES:
        check_import(job)
    else:
        check_import_task.enqueue(job.pk)
    return job


def confirm_import(actor, job):
    """The user confirms a checked file: import it (in the background when it is large)."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.IMPORTING, processed_rows=0
    )
    if not claimed:
        return False
    if len(job.content) <= INLINE_BYTES:
        run_import(job.pk)
    else:
        run_import_task.enqueue(job.pk)
    return True
