"""Real worker and scheduler processes for the fault-injection tests and `bench/recovery.py`.

Each process is `manage.py worker` (database queue), `manage.py rqworker` (RQ on Redis) or `manage.py
scheduler`, started with the same database as the caller, a local SMTP server, and short leases so that a
recovery takes seconds rather than minutes. Each gets its own process group, so `kill9` kills it at once
with anything it forked (an RQ work-horse), exactly like a machine losing power.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import redis
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

# Short enough that each fault is recovered in seconds; the real defaults are 90 s and 30 s (settings.py).
FAST = {
    "BACKGROUND_LEASE_SECONDS": "6",
    "BACKGROUND_RECOVERY_SECONDS": "1",
    "WORKER_HEARTBEAT_SECONDS": "1",
    "EMAIL_RETRY_BASE_SECONDS": "1",
    "EMAIL_RETRY_MAX_SECONDS": "3",
    "EMAIL_MAX_ATTEMPTS": "30",
    "BACKGROUND_TASK_TIMEOUT_SECONDS": "12",
}


def database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def redis_db() -> int:
    """Redis database 3 or 4 (this worktree's), one per pytest-xdist worker so two runs never share one; or the
    one in TEST_REDIS_DB, when several checkouts share a machine's Redis."""
    if os.environ.get("TEST_REDIS_DB", "").isdigit():
        return int(os.environ["TEST_REDIS_DB"])
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return 3 + (int(worker.removeprefix("gw") or 0) % 2)


def redis_url() -> str:
    base = os.environ.get("TEST_REDIS_HOST", "redis://127.0.0.1:6379")
    return f"{base}/{redis_db()}"


def task_settings(backend: str) -> dict:
    """The TASKS (and RQ_QUEUES) the test process itself must enqueue with, to reach the real workers."""
    if backend == "rq":
        return {"TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend"}},
                "RQ_QUEUES": {"default": {"URL": redis_url(), "DEFAULT_TIMEOUT": 120}}}
    return {"TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}}


class Processes:
    def __init__(self, *, backend: str, smtp_port: int, extra_env: dict[str, str] | None = None) -> None:
        self.backend = backend
        self.logs = Path(tempfile.mkdtemp(prefix="portal-faults-"))
        self.running: dict[str, subprocess.Popen] = {}
        storage = settings.STORAGES["default"]["OPTIONS"]["location"]
        self.env = {
            **{key: value for key, value in os.environ.items() if not key.startswith("PYTEST")},
            "DJANGO_SETTINGS_MODULE": "coproduction.settings", "DEBUG": "false",
            "SECRET_KEY": settings.SECRET_KEY, "DATABASE_URL": database_url(), "SECURE_SSL_REDIRECT": "false",
            "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "EMAIL_USE_TLS": "false",
            "EMAIL_TIMEOUT": "2", "PRIVATE_MEDIA_ROOT": str(storage), "LOG_LEVEL": "INFO",
            "TASK_BACKEND": ("django_tasks_rq.RQBackend" if backend == "rq" else "django_tasks_db.DatabaseBackend"),
            "RQ_REDIS_URL": redis_url(), "PYTHONUNBUFFERED": "1", **FAST, **(extra_env or {}),
        }

    def start(self, name: str, *args: str) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.running[name] = process
        return process

    def supervised(self, name: str, *args: str) -> subprocess.Popen:
        """Run a command under `tools/supervise.py`, as `make run` does: it comes back when it exits."""
        pidfile = self.logs / f"{name}.pid"
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen([sys.executable, "tools/supervise.py", "--pidfile", str(pidfile), "--pause",
                                    "0.5", "--", sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.running[name] = process
        return process

    def worker_args(self) -> list[str]:
        if self.backend == "rq":
            return ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]
        return ["worker", "--no-startup-delay", "--interval", "0.2"]

    def start_worker(self, name: str = "worker") -> subprocess.Popen:
        return self.supervised(name, *self.worker_args())

    def start_scheduler(self, name: str = "scheduler") -> subprocess.Popen:
        return self.supervised(name, "scheduler", "--no-heartbeat")

    def child_pid(self, name: str) -> int:
        return int((self.logs / f"{name}.pid").read_text())

    def kill9_child(self, name: str) -> int:
        """kill -9 the supervised command and whatever it forked (an RQ work-horse): a crash mid-task."""
        pid = self.child_pid(name)
        for victim in [pid, *descendants(pid)]:
            try:
                os.kill(victim, signal.SIGKILL)
            except ProcessLookupError:
                continue
        return pid

    def kill9(self, name: str) -> None:
        """kill -9 a process and its supervisor (nothing brings it back)."""
        process = self.running.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop_all(self) -> None:
        for process in self.running.values():
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for name, process in list(self.running.items()):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            self.running.pop(name)


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return found
    for child in map(int, children):
        found += [child, *descendants(child)]
    return found


def wait_until(check: Callable[[], bool], *, timeout: float, what: str, poll: float = 0.2) -> float:
    """Wait for `check()`; returns the seconds it took, or fails saying what never happened."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"after {timeout:.0f} s, still not: {what}")
        time.sleep(poll)
    return time.monotonic() - start


def flush_redis() -> None:
    redis.Redis.from_url(redis_url()).flushdb()
