"""Background work for meetings (django.tasks). Each task is safe to run more than once."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from . import services


@task()
def send_dispatch(dispatch_id: int) -> int:
    """Email a pack (or update, late papers, cancellation) to everyone invited; never twice to anyone."""
    return services.dispatch_run(dispatch_id=dispatch_id)


@cron("0 8 * * *")  # every morning at 08:00 (Europe/London)
@task()
def send_paper_reminders() -> int:
    """Remind authors whose paper is missing as the deadline nears (run daily)."""
    return services.paper_reminders_send()
