"""Background work that survives a dead process or a service that blinks.

The design, in one place (README "Background work" says the same for operators):

- Every unit of work is a row first (an `OutgoingEmail`, a `PackDispatch`, a payment run's claims), written
  in the transaction of the action that asked for it. The task only points at the row, and is asked for
  with `enqueue_on_commit` once that transaction commits. If the queue cannot be reached, nothing is lost:
  the row is still there.
- A worker that starts a unit takes a **lease** on its row (`lease_until`). A live worker finishes well
  inside the lease; a dead one (killed, its machine gone, its database connection cut) simply stops, and
  the lease runs out.
- `recover()` runs on the schedule every `BACKGROUND_RECOVERY_SECONDS` (and when a worker starts). It asks
  every app's recoverer for the work that is due and not held (a lease run out, a retry whose time has
  come, a task that was never enqueued) and enqueues it again. Each task claims its row with one
  conditional UPDATE, so a task enqueued twice does the work once.
- A database-queue task left RUNNING by a worker that stopped sending heartbeats is marked failed with
  the reason, so no task shows as running for ever (its work was already recovered through its row).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.tasks import Task, TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

Recoverer = Callable[[dt.datetime], int]
_RECOVERERS: list[Recoverer] = []


def lease_seconds() -> int:
    """How long a worker may hold one unit of work before it counts as abandoned (longer than any send)."""
    return int(getattr(settings, "BACKGROUND_LEASE_SECONDS", 90))


def recovery_seconds() -> int:
    return int(getattr(settings, "BACKGROUND_RECOVERY_SECONDS", 30))


def heartbeat_seconds() -> float:
    return float(getattr(settings, "WORKER_HEARTBEAT_SECONDS", 5))


def lease_until(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) + dt.timedelta(seconds=lease_seconds())


def enqueue_now(task: Task, *args: Any) -> bool:
    """Ask the queue to run `task(*args)`. False (logged) when the queue cannot be reached: the work's row
    is still there and `recover()` asks again."""
    try:
        task.enqueue(*args)
    except Exception as exc:  # Redis down, database queue unreachable: never lose the caller's work
        logger.warning("could not enqueue %s%s: %s: %s", task.name, args, type(exc).__name__, exc)
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any, on_failure: Callable[[Exception | None], None] | None = None
                      ) -> None:
    """Enqueue once the current transaction commits (at once outside one); never raise into the request."""

    def run() -> None:
        if not enqueue_now(task, *args) and on_failure is not None:
            on_failure(None)

    transaction.on_commit(run)


def retry_db[T](operation: Callable[[], T], *, seconds: float | None = None) -> T:
    """Run a database write, reconnecting and trying again for a while if the connection was cut. Used to
    record that an email went out: while the lease holds, nobody else sends it, so recording it late is
    better than not at all (which would send it again)."""
    deadline = time.monotonic() + (seconds if seconds is not None else lease_seconds() / 2)
    wait = 0.25
    while True:
        try:
            return operation()
        except (OperationalError, InterfaceError) as exc:
            if time.monotonic() + wait > deadline:
                raise
            logger.warning("database write failed (%s), reconnecting", type(exc).__name__)
            connection.close()
            time.sleep(wait)
            wait = min(wait * 2, 5.0)


def register(recoverer: Recoverer) -> Recoverer:
    """An app's function that re-enqueues its due, unheld work and returns how many units it asked for."""
    if recoverer not in _RECOVERERS:
        _RECOVERERS.append(recoverer)
    return recoverer


def recover(now: dt.datetime | None = None) -> dict[str, int]:
    """Pick up everything abandoned or due. Safe to run at any time, from any number of processes."""
    now = now or timezone.now()
    found = {"tasks_marked_lost": reap_lost_tasks(now)}
    for recoverer in _RECOVERERS:
        try:
            found[recoverer.__module__ + "." + recoverer.__name__] = recoverer(now)
        except Exception:  # one app's trouble must not stop the others' recovery
            logger.exception("recovery %s failed", recoverer.__name__)
    if any(found.values()):
        logger.info("recovered background work: %s", found)
    return found


def worker_alive(worker_id: str, host: str = "", pid: int = 0) -> None:
    """Record that this worker is alive now (its heartbeat)."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"host": host or socket.gethostname(), "pid": pid or os.getpid(),
                                       "seen_at": timezone.now()})


def reap_lost_tasks(now: dt.datetime | None = None) -> int:
    """Mark failed the database-queue tasks left RUNNING by a worker that is gone: one whose heartbeat is
    older than the lease, or (a worker without heartbeats, e.g. a plain `db_worker`) one that has been
    running longer than `BACKGROUND_TASK_TIMEOUT_SECONDS`."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=lease_seconds())
    timeout = now - dt.timedelta(seconds=int(getattr(settings, "BACKGROUND_TASK_TIMEOUT_SECONDS", 900)))
    beats = dict(WorkerHeartbeat.objects.values_list("worker_id", "seen_at"))
    lost = []
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("pk", "worker_ids",
                                                                                     "started_at"):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        seen = beats.get(worker)
        if (seen is not None and seen < stale) or (seen is None and result.started_at
                                                   and result.started_at < min(stale, timeout)):
            lost.append(result.pk)
    if lost:
        DBTaskResult.objects.filter(pk__in=lost, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=now, exception_class_path="coproduction.background.WorkerLost",
            traceback="The worker running this task stopped (no heartbeat). Its work was picked up again.")
        WorkerHeartbeat.objects.filter(seen_at__lt=stale).delete()
    return len(lost)
