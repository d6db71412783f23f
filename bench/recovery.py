"""Benchmark: a 100-person pack with the worker killed half-way; how long until everyone has it?

Run from the repository root:  .venv/bin/python bench/recovery.py [--people 100] [--backend db|rq] [--fast]

Creates its own scratch PostgreSQL database (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432),
migrates it, and starts what production runs: the scheduler and a worker kept alive by `tools/supervise.py`
(as `make run` and systemd do), with a local SMTP server. It sends a pack, `kill -9`s the worker once a
third of the people have theirs, and times until every person has the pack. Leases and the sweep keep
their production values (90 s, 30 s) unless --fast (the test values, 6 s and 1 s). Prints the figures,
checks nobody got two copies except the one in flight (same Message-ID), and drops the database.
The goal: everyone has the pack within 3 minutes of the kill.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from postgres import admin_execute, server_url  # noqa: E402  (bench/, the script's folder)

BASE_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB_NAME", f"bench_recovery_{os.getpid()}")
PRODUCTION = {"BACKGROUND_LEASE_SECONDS": "90", "BACKGROUND_RECOVERY_SECONDS": "30",
              "WORKER_HEARTBEAT_SECONDS": "5", "EMAIL_RETRY_BASE_SECONDS": "60", "EMAIL_RETRY_MAX_SECONDS": "3600",
              "EMAIL_MAX_ATTEMPTS": "6", "BACKGROUND_TASK_TIMEOUT_SECONDS": "900"}


def _server_url(database: str) -> str:
    return server_url(BASE_URL, database)


def _admin_execute(sql: str) -> None:
    admin_execute(BASE_URL, sql)


def _setup_django(fast: bool) -> None:
    os.environ["DATABASE_URL"] = _server_url(DB_NAME)
    os.environ.setdefault("SECRET_KEY", "bench-recovery-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ["DJANGO_SETTINGS_MODULE"] = "coproduction.settings"
    if not fast:
        os.environ.update(PRODUCTION)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _pack_meeting(people: int):  # type: ignore[no-untyped-def]
    from coproduction.models import Membership
    from tests.factories import GroupFactory, UserFactory
    from tests.meetings.factories import MeetingFactory, NoticeRuleFactory, add_member, london

    group = GroupFactory(name="Working group: crisis support")
    NoticeRuleFactory(group=group, days=7, kind="calendar")
    chair = UserFactory(full_name="Sam Carter", email="sam@example.org")
    add_member(group, chair, role_in_group=Membership.RoleInGroup.STAFF)
    everyone = [chair]
    for n in range(people - 1):
        person = UserFactory(full_name=f"Member {n:03d}", email=f"member{n:03d}@example.org")
        add_member(group, person)
        everyone.append(person)
    meeting = MeetingFactory(group=group, title="Crisis support working group", chair=chair,
                             starts_at=london(2027, 3, 16, 10), ends_at=london(2027, 3, 16, 12))
    return meeting, chair, everyone


def run(people: int, backend: str, fast: bool) -> int:
    from django.test.utils import override_settings

    from coproduction.models import OutgoingEmail
    from meetings import packs
    from tests.background import harness
    from tests.background.harness import Processes, wait_until
    from tests.background.smtp import SmtpServer

    meeting, chair, everyone = _pack_meeting(people)
    smtp = SmtpServer()
    smtp.inbox.delay = 0.05
    smtp.start()
    if backend == "rq":
        harness.flush_redis()
    procs = Processes(backend=backend, smtp_port=smtp.port, extra_env=None if fast else PRODUCTION)
    try:
        procs.start_scheduler()
        procs.start_worker()
        time.sleep(3)  # both are up, as in production before anyone sends anything
        start = time.monotonic()
        with override_settings(**harness.task_settings(backend)):
            packs.pack_send(meeting=meeting, by=chair)

        def received() -> int:
            return sum(1 for person in everyone if smtp.inbox.per_recipient()[person.email])

        wait_until(lambda: received() >= people // 3, timeout=300, what="a third to have the pack")
        procs.kill9_child("worker")
        killed_at = time.monotonic()
        had = received()
        wait_until(lambda: received() == people, timeout=900, what="everyone to have the pack", poll=0.1)
        done = time.monotonic()
        time.sleep(2)
        counts = smtp.inbox.per_recipient()
        twice = [email for email, n in counts.items() if n > 1]
        same_id = all(len(set(smtp.inbox.message_ids(email))) == 1 for email in twice)
        statuses = sorted(set(OutgoingEmail.objects.values_list("status", flat=True)))
    finally:
        procs.stop_all()
        smtp.stop()
    settings_used = "test leases (6 s lease, 1 s sweep)" if fast else "production leases (90 s lease, 30 s sweep)"
    print(f"Pack to {people} people on the {'RQ' if backend == 'rq' else 'database'} queue, {settings_used}:")
    print(f"  worker killed (kill -9) after {had} had the pack, {killed_at - start:.1f} s after sending")
    print(f"  everyone had the pack {done - killed_at:.1f} s after the kill ({done - start:.1f} s after sending)")
    print(f"  copies received twice: {len(twice)} (same Message-ID: {'yes' if same_id else 'NO'}); "
          f"email statuses now: {', '.join(statuses)}")
    ok = done - killed_at < 180 and len(twice) <= 1 and same_id
    print(f"  goal (everyone within 3 minutes of the kill, at most the one in flight twice): "
          f"{'met' if ok else 'NOT met'}")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--backend", choices=["db", "rq"], default="db")
    parser.add_argument("--fast", action="store_true", help="the test suite's short leases")
    options = parser.parse_args()
    _admin_execute(f'CREATE DATABASE "{DB_NAME}"')
    try:
        _setup_django(options.fast)
        return run(options.people, options.backend, options.fast)
    finally:
        from django.db import connections

        connections.close_all()
        _admin_execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
