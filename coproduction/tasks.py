from __future__ import annotations

from crontask import cron
from django.tasks import task

from .mail import deliver


@task()
def send_outgoing_email(email_id: int) -> bool:
    return deliver(email_id)


@cron("30 2 * * *")  # every night at 02:30 (Europe/London), run by `manage.py crontask`
@task()
def purge_expired_applications() -> int:
    """Delete applications not taken forward once the retention period has passed (run daily)."""
    from .onboarding_services import applications_purge

    return applications_purge()
