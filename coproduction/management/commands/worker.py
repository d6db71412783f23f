"""`manage.py worker`: the database-queue task worker (django-tasks-db's `db_worker`) made to last.

- It says it is alive (`WorkerHeartbeat`) every `WORKER_HEARTBEAT_SECONDS` from a thread of its own, so a
  task it holds is recovered only when it has really stopped (`coproduction.background.reap_lost_tasks`).
- A database blip (connections terminated, a restart, a fail-over) no longer ends it: it closes its
  connections, waits (1, 2, 4 ... up to 30 seconds) and carries on; a task it was running when the
  database went away is marked failed (its work is picked up again through its row).
- When it starts, it runs the recovery once, so restarting a worker recovers at once what is due.

Options are `db_worker`'s (`--queue-name`, `--interval`, `--batch`, `--max-tasks`, `--worker-id` ...).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from coproduction import background

logger = logging.getLogger("coproduction.worker")


class LastingWorker(Worker):
    def run(self) -> None:
        threading.Thread(target=self.beat, name="heartbeat", daemon=True).start()
        self.recover_once()
        wait = 1.0
        while self.running:
            try:
                super().run()
                return  # --batch or --max-tasks reached
            except (OperationalError, InterfaceError) as exc:
                logger.warning("database unavailable (%s: %s); reconnecting in %.0f s", type(exc).__name__,
                               exc, wait)
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, 30.0)
                self.release_own_tasks()
                self.recover_once()

    def recover_once(self) -> None:
        try:
            background.recover()
        except DatabaseError as exc:
            logger.warning("recovery skipped, database unavailable: %s", type(exc).__name__)
            connections.close_all()

    def release_own_tasks(self) -> None:
        """This worker runs one task at a time: any task still RUNNING under its id was cut off."""
        try:
            running = [result.pk for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
                       .only("pk", "worker_ids") if result.worker_ids[-1:] == [self.worker_id]]
            DBTaskResult.objects.filter(pk__in=running, status=TaskResultStatus.RUNNING).update(status=TaskResultStatus.FAILED, finished_at=timezone.now(),
                           exception_class_path="django.db.OperationalError",
                           traceback="The database connection was lost while this task ran. Its work was "
                                     "picked up again.")
        except DatabaseError:
            connections.close_all()

    def beat(self) -> None:
        host, pid = socket.gethostname(), os.getpid()
        while True:
            try:
                close_old_connections()
                background.worker_alive(self.worker_id, host, pid)
            except DatabaseError:
                connections.close_all()
            time.sleep(background.heartbeat_seconds())


class Command(DbWorkerCommand):
    help = "Run a task worker on the database queue that survives database blips (see coproduction.background)."

    def handle(self, *, verbosity: int, queue_name: str, interval: float, batch: bool, backend_name: str,
               startup_delay: bool, max_tasks: int | None, worker_id: str, exclude_queues: str,
               **options: Any) -> None:
        self.configure_logging(verbosity)
        worker = LastingWorker(
            queue_names=queue_name.split(","), interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()  # no autoreload: a supervisor (make run, systemd) restarts it instead
        worker.run()
