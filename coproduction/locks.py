"""The scheduler's lock: one process schedules, any other waits as a standby until the first one stops.

PostgreSQL: a session-level advisory lock on a connection of its own (released by PostgreSQL the moment
the holder's process dies or its connection is cut). SQLite (one machine): an exclusive lock on a file.
With `CRONTASK_REDIS_URL` set, django-crontask's own Redis lock is used instead (see `manage.py scheduler`).
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from pathlib import Path
from typing import IO, Protocol

from django.conf import settings
from django.db import DatabaseError, connections

# Any constant shared by every scheduler of this portal: "sched" in ASCII.
ADVISORY_LOCK_KEY = 0x7363686564


class SchedulerLock(Protocol):
    def try_acquire(self) -> bool: ...

    def held(self) -> bool: ...

    def release(self) -> None: ...


class PostgresAdvisoryLock:
    def __init__(self, alias: str = "default") -> None:
        self.connection = connections.create_connection(alias)
        self.connection.inc_thread_sharing()  # the lock watch runs in one of the scheduler's threads

    def try_acquire(self) -> bool:
        try:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
                return bool(cursor.fetchone()[0])
        except DatabaseError:
            self.connection.close()
            return False

    def held(self) -> bool:
        """Still holding it: the lock's own session is alive and lists the lock."""
        try:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                               "AND pid = pg_backend_pid() AND objid = %s", [ADVISORY_LOCK_KEY & 0xFFFFFFFF])
                return cursor.fetchone()[0] > 0
        except DatabaseError:
            return False

    def release(self) -> None:
        with contextlib.suppress(DatabaseError):
            self.connection.close()  # ends the session, which releases the lock


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: IO[str] | None = None

    def try_acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self.handle = handle
        return True

    def held(self) -> bool:
        return self.handle is not None

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def scheduler_lock() -> SchedulerLock:
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return PostgresAdvisoryLock()
    return FileLock(Path(settings.BASE_DIR) / "var" / "scheduler.lock")


def wait_for(lock: SchedulerLock, *, poll: float = 2.0) -> None:
    """Block until this process holds the lock (a standby scheduler waits here)."""
    while not lock.try_acquire():
        time.sleep(poll)
