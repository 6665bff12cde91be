"""Background tasks: thin wrappers of services and commands, run by the worker."""

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


@task()
def send_email(email_id):
    """Send one queued e-mail (opinions.notify); a failure leaves it pending for the retry job."""
    from .notify import deliver_email

    return deliver_email(email_id)


@task()
def analyse_pending_task():
    """Analyse the intake queue's signals that have no suggestions yet (opinions.suggest)."""
    from .suggest import analyse_pending

    return analyse_pending()


@task()
def reanalyse_task(signal_ids=None):
    """Phân tích lại with the active models: those signals, or every signal in the intake queue."""
    from .suggest import reanalyse_signals

    return reanalyse_signals(signal_ids)
