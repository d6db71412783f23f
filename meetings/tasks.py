"""The meetings app's scheduled work (run by `manage.py scheduler`). Tasks that a person's action starts live
beside the work they do, in `services`."""

from __future__ import annotations

from django.tasks import task

from coproduction.schedule import cron

from . import packs


@cron("0 8 * * *")  # every morning at 08:00 (Europe/London)
@task()
def send_paper_reminders() -> int:
    """Remind authors whose paper is missing as the deadline nears (run daily)."""
    return packs.paper_reminders_send()
