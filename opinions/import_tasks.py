"""Background tasks of the roster imports: thin wrappers of opinions.imports."""

from django_tasks import task


@task()
def check_import_task(job_id):
    from .imports import check_import
    from .models import ImportJob

    check_import(ImportJob.objects.get(pk=job_id))
    return job_id


@task()
def run_import_task(job_id):
    from .imports import run_import

    run_import(job_id)
    return job_id
