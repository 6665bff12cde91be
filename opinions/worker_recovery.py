"""Tasks left RUNNING by a worker that died are taken back and run again.

A task row (django_tasks_db) says RUNNING from the moment a worker claims it until it finishes. When
the worker is killed in between, the row would stay RUNNING for ever. `reclaim` puts such rows back to
READY: at once for a worker known to be dead (run_all restarts it and names the dead worker), and
after TASK_RECLAIM_SECONDS for any worker (the scheduler's periodic `reclaim_tasks`, for deployments
where another supervisor restarts the worker). The project's tasks are idempotent (analysis and
indexing write the same result again; e-mails are marked sent in the same transaction as sending).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def reclaim(worker_id=None, older_than=None):
    """Put RUNNING tasks of a dead worker (or started more than older_than ago) back to READY; the count."""
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    if worker_id:
        rows = [row.pk for row in running.only("pk", "worker_ids") if (row.worker_ids or [None])[-1] == worker_id]
    else:
        seconds = older_than if older_than is not None else getattr(settings, "TASK_RECLAIM_SECONDS", 1800)
        cutoff = timezone.now() - datetime.timedelta(seconds=seconds)
        rows = list(running.filter(started_at__lt=cutoff).values_list("pk", flat=True))
    if not rows:
        return 0
    with transaction.atomic():
        return DBTaskResult.objects.filter(pk__in=rows, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None, run_after=timezone.now()
        )
