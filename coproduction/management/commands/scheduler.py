"""`manage.py scheduler`: run the schedule (every app's `tasks.py`), once across all scheduler processes.

Start one on each machine if you like: the first takes the lock and schedules; the others wait as standbys
and take over within seconds when it stops. See `coproduction/schedule.py` and `coproduction/locks.py`.
"""

from __future__ import annotations

import signal
import sys
import time
from typing import Any

from apscheduler.triggers.interval import IntervalTrigger
from crontask import conf as crontask_conf
from crontask import scheduler
from crontask import utils as crontask_utils
from crontask.management.commands.crontask import Command as CrontaskCommand
from django.conf import settings

from coproduction import locks


class Command(CrontaskCommand):
    help = "Run the portal's schedule; a second scheduler waits as a standby (one run of each job)."

    lost = False
    started = False
    stopping = False

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.CRONTASK.get("REDIS_URL"):
            # django-crontask's Redis lock: a second scheduler gives up after a wait; wait again as a standby.
            while not self.started:
                super().handle(*args, **options)
                if not self.started:
                    time.sleep(5)
            sys.exit(0 if self.stopping else 3)  # stopped, or the lock was lost (the supervisor restarts it)
        lock = locks.scheduler_lock()
        self.stdout.write(f"Waiting for the scheduler lock ({type(lock).__name__})…")
        self.stdout.flush()
        locks.wait_for(lock)
        self.stdout.write("Holding the scheduler lock.")
        scheduler.add_job(self.watch, IntervalTrigger(seconds=5), args=(lock,), name="scheduler lock watch",
                          id="scheduler-lock-watch", replace_existing=True)
        try:
            super().handle(*args, **options)
        finally:
            lock.release()
        if self.lost or not self.stopping:
            sys.exit(3)  # the supervisor starts it again; it then waits for the lock like any standby

    def launch_scheduler(self, lock: Any, scheduler: Any) -> None:
        """django-crontask's, telling a stop (SIGTERM, SIGINT, SIGHUP) from a lock lost."""

        def stop(signum: int, _frame: Any) -> None:
            self.stopping = True
            raise KeyboardInterrupt(f"Received {signal.Signals(signum).name}, shutting down")

        self.started = True
        for signum in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, stop)
        self.stdout.write(self.style.SUCCESS("Starting scheduler…"))
        scheduler.add_job(crontask_utils.extend_lock, IntervalTrigger(seconds=crontask_conf.get_settings()
                                                                      .LOCK_REFRESH_INTERVAL),
                          args=(lock, scheduler), name="crontask.utils.lock.extend", id="crontask-lock-extend",
                          replace_existing=True)
        try:
            scheduler.start()
        except KeyboardInterrupt as exc:
            self.stdout.write(self.style.WARNING(str(exc)))
            scheduler.shutdown(wait=False)

    def watch(self, lock: locks.SchedulerLock) -> None:
        """Stop scheduling the moment the lock is gone (its database connection was cut, say)."""
        if not lock.held():
            self.stderr.write("The scheduler lock was lost: stopping (a standby, or this one restarted, takes over).")
            self.lost = True
            scheduler.shutdown(wait=False)
