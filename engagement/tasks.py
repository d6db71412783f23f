"""The engagement app's scheduled work (run by `manage.py scheduler`)."""

from __future__ import annotations

from django.tasks import task

from coproduction.schedule import cron

from . import summary


@cron("*/10 * * * *")  # every ten minutes
@task()
def refresh_trail_summary() -> bool:
    """Count the trail's summary again if feedback changed since (the trail also does this before reading)."""
    return summary.refresh_if_stale()
