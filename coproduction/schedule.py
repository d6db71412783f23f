"""The schedule: periodic tasks that run once per time slot, whatever the number of scheduler processes.

Apps declare their periodic tasks with `@cron("0 3 * * *")` (or `@every(seconds)`) above `@task()` in their
`tasks.py`; `manage.py scheduler` runs them. Two guards keep each run single:

1. The scheduler process holds a lock while it schedules (see `locks.py`): a PostgreSQL advisory lock, a
   Redis lock when `CRONTASK_REDIS_URL` is set, or a file lock on one machine with SQLite. A second
   scheduler waits as a standby and takes over when the first one stops.
2. Each firing first records a `ScheduledRun` row for its job and slot (unique): if the lock ever failed
   and two schedulers fired together, the second insert fails and that scheduler enqueues nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
from collections.abc import Callable

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from crontask import scheduler
from django.db import IntegrityError, close_old_connections, transaction
from django.tasks import Task
from django.utils import timezone

from . import background
from .models import ScheduledRun

logger = logging.getLogger(__name__)


def slot_for(now: dt.datetime, seconds: int) -> dt.datetime:
    """The start of the time slot `now` falls in, slots being `seconds` long from the epoch."""
    stamp = int(now.timestamp()) // seconds * seconds
    return dt.datetime.fromtimestamp(stamp, tz=dt.UTC)


def run_once(task: Task, seconds: int, now: dt.datetime | None = None) -> bool:
    """Enqueue `task` unless another scheduler already did for this slot. True when this call enqueued it."""
    close_old_connections()  # a connection cut since the last run is replaced, not reused
    slot = slot_for(now or timezone.now(), seconds)
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=task.name, slot=slot, by=socket.gethostname())
    except IntegrityError:
        logger.info("%s for %s already ran from another scheduler", task.name, slot)
        return False
    return background.enqueue_now(task)


def _add(task: Task, trigger: CronTrigger | IntervalTrigger, seconds: int) -> Task:
    scheduler.add_job(func=run_once, trigger=trigger, args=(task, seconds), name=task.name, id=task.name,
                      replace_existing=True, misfire_grace_time=max(1, seconds // 2), coalesce=True)
    return task


def cron(schedule: str) -> Callable[[Task], Task]:
    """Run the task on a crontab schedule (Europe/London), at most once a minute per slot."""
    trigger = CronTrigger.from_crontab(schedule, timezone=timezone.get_default_timezone())
    return lambda task: _add(task, trigger, 60)


def every(seconds: int) -> Callable[[Task], Task]:
    """Run the task every `seconds` seconds, once per slot of that length."""
    return lambda task: _add(task, IntervalTrigger(seconds=seconds), seconds)
