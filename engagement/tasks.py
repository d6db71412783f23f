"""The engagement app's scheduled work (run by `manage.py crontask`)."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from . import summary


@cron("*/10 * * * *")  # every ten minutes
@task()
def refresh_trail_summary() -> bool:
    """Count the trail's summary again if feedback changed since (the page also does this before reading)."""
    return summary.refresh_if_stale()
