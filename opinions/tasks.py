"""The scheduler's task: run one periodic management command in the worker."""

from django.conf import settings
from django.core.management import call_command
from django_tasks import task


@task()
def run_command(name):
    """Run one periodic management command named in settings.PERIODIC_JOBS."""
    if name not in settings.PERIODIC_JOBS:
        raise ValueError(f"Tác vụ định kỳ không được khai báo: {name}")
    call_command(name)
    return name
