from __future__ import annotations

from django.tasks import task

from coproduction.schedule import cron

from .onboarding import applications_purge


@cron("30 2 * * *")  # every night at 02:30 (Europe/London), run by `manage.py scheduler`
@task()
def purge_expired_applications() -> int:
    """Delete applications not taken forward once the retention period has passed (run daily)."""
    return applications_purge()
