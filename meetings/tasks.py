"""The meetings app's scheduled work (run by `manage.py scheduler`). Tasks that a person's action starts live
beside the work they do, in `services`."""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.utils import timezone

from coproduction.schedule import cron, every

from . import formats, packs
from .models import Meeting


@cron("0 8 * * *")  # every morning at 08:00 (Europe/London)
@task()
def send_paper_reminders() -> int:
    """Remind authors whose paper is missing as the deadline nears (run daily)."""
    return packs.paper_reminders_send()


@cron("30 7 * * *")  # every morning at 07:30 (Europe/London)
@task()
def make_easy_read_tasks() -> int:
    """Easy read tasks for the manager, due by the papers deadline, for meetings in the next eight weeks."""
    soon = Meeting.objects.filter(starts_at__gte=timezone.now(), starts_at__lte=timezone.now() + dt.timedelta(weeks=8))
    return sum(formats.easy_read_tasks_ensure(meeting) for meeting in
               soon.exclude(status=Meeting.Status.CANCELLED).select_related("group", "group__notice_rule"))


@every(15 * 60)  # every quarter of an hour
@task()
def recover_pack_formats() -> int:
    """Make the formats of any recent pack whose formats were never made (see `formats.formats_recover`)."""
    return formats.formats_recover()
