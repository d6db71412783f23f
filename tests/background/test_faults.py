"""Fault injection with real processes on PostgreSQL, on the database queue and on RQ with Redis.

Each test sends a real pack through real workers (`manage.py worker` or `rqworker`, kept alive by
`tools/supervise.py` as `make run` does) and a real scheduler to a local SMTP server, breaks something, and
then asserts that every person invited got the pack exactly once (the one email in flight at a kill may
arrive twice, and then with the same Message-ID) and that nothing is left queued, sending or running.
Leases are seconds long here (`harness.FAST`), so each test takes well under a minute.
"""

from __future__ import annotations

import os
import time

import pytest
import redis
from django.db import connection
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from coproduction.models import Membership, OutgoingEmail, ScheduledRun
from meetings import packs
from meetings.models import PackDispatch
from tests.background import harness
from tests.background.harness import Processes, wait_until
from tests.background.smtp import SmtpServer
from tests.factories import GroupFactory, UserFactory
from tests.meetings.factories import MeetingFactory, NoticeRuleFactory, add_member, london

pytestmark = [pytest.mark.postgres, pytest.mark.faults, pytest.mark.django_db(transaction=True)]

PEOPLE = 20


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(harness.redis_url(), socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["db", "rq"])
def backend(request):
    if request.param == "rq" and connection.vendor == "postgresql" and not redis_reachable():
        if os.environ.get("REQUIRE_POSTGRES") or os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"Redis is not reachable at {harness.redis_url()} and REQUIRE_POSTGRES is set.")
        pytest.skip(f"Needs Redis at {harness.redis_url()}.")
    if request.param == "rq" and connection.vendor == "postgresql":
        harness.flush_redis()
    return request.param


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.inbox.delay = 0.1  # a real server takes a moment: the kill lands mid-send
    server.start()
    yield server
    server.stop()


@pytest.fixture
def procs(backend, smtp):
    processes = Processes(backend=backend, smtp_port=smtp.port)
    yield processes
    processes.stop_all()
    for name in ("worker", "scheduler", "scheduler2"):  # shown by pytest only when the test failed
        print(f"--- {name} log ---\n{processes.log(name)[-3000:]}")


@pytest.fixture
def pack_meeting(db):
    group = GroupFactory(name="Working group: crisis support")
    NoticeRuleFactory(group=group, days=7, kind="calendar")
    chair = UserFactory(full_name="Sam Carter", email="sam@example.org")
    add_member(group, chair, role_in_group=Membership.RoleInGroup.STAFF)
    people = [chair]
    for n in range(PEOPLE - 1):
        person = UserFactory(full_name=f"Member {n:02d}", email=f"member{n:02d}@example.org")
        add_member(group, person)
        people.append(person)
    meeting = MeetingFactory(group=group, title="Crisis support working group", chair=chair,
                             starts_at=london(2027, 3, 16, 10), ends_at=london(2027, 3, 16, 12))
    return meeting, chair, people


def send_pack(meeting, by, backend) -> PackDispatch:
    with override_settings(**harness.task_settings(backend)):
        return packs.pack_send(meeting=meeting, by=by)


def received(smtp) -> int:
    return sum(smtp.inbox.per_recipient().values())


def everyone_has_it(smtp, people) -> bool:
    counts = smtp.inbox.per_recipient()
    return all(counts[person.email] >= 1 for person in people)


def nothing_stuck(backend, dispatch) -> bool:
    dispatch.refresh_from_db()
    emails = set(OutgoingEmail.objects.values_list("status", flat=True))
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists() if backend == "db" else False
    return dispatch.completed_at is not None and emails == {OutgoingEmail.Status.SENT} and not running


def assert_each_once(smtp, people, *, twice_at_most: int) -> None:
    time.sleep(1.5)  # anything still on its way has arrived
    counts = smtp.inbox.per_recipient()
    assert sorted(counts) == sorted(person.email for person in people)
    twice = [email for email, count in counts.items() if count > 1]
    assert len(twice) <= twice_at_most, f"more than {twice_at_most} person got a copy twice: {counts}"
    for email in twice:
        assert counts[email] == 2
        ids = smtp.inbox.message_ids(email)
        assert len(set(ids)) == 1, f"a repeated copy must carry the same Message-ID: {ids}"
    assert OutgoingEmail.objects.count() == len(people)


def test_a_worker_killed_mid_send_is_restarted_and_the_pack_reaches_everyone_once(
        backend, smtp, procs, pack_meeting):
    meeting, chair, people = pack_meeting
    dispatch = send_pack(meeting, chair, backend)
    procs.start_scheduler()
    procs.start_worker()
    wait_until(lambda: received(smtp) >= 4, timeout=60, what="the first emails to arrive")

    killed = procs.kill9_child("worker")  # the supervisor starts a new worker, as `make run` does

    wait_until(lambda: everyone_has_it(smtp, people), timeout=90, what="everyone to have the pack")
    wait_until(lambda: nothing_stuck(backend, dispatch), timeout=60, what="no email or task left stuck")
    assert procs.child_pid("worker") != killed
    assert_each_once(smtp, people, twice_at_most=1)


def test_terminated_database_connections_do_not_stop_the_worker_or_double_any_email(
        backend, smtp, procs, pack_meeting):
    meeting, chair, people = pack_meeting
    dispatch = send_pack(meeting, chair, backend)
    procs.start_scheduler()
    procs.start_worker()
    wait_until(lambda: received(smtp) >= 4, timeout=60, what="the first emails to arrive")
    worker_pid = procs.child_pid("worker")

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        assert cursor.fetchone()[0] >= 1

    wait_until(lambda: everyone_has_it(smtp, people), timeout=90, what="everyone to have the pack")
    wait_until(lambda: nothing_stuck(backend, dispatch), timeout=60, what="no email or task left stuck")
    if backend == "db":
        assert procs.child_pid("worker") == worker_pid, "the worker reconnected instead of exiting"
        assert "reconnect" in procs.log("worker")
    assert_each_once(smtp, people, twice_at_most=0)


def test_the_mail_server_down_then_up_gets_every_copy_once(backend, smtp, procs, pack_meeting):
    meeting, chair, people = pack_meeting
    smtp.stop()
    dispatch = send_pack(meeting, chair, backend)
    procs.start_scheduler()
    procs.start_worker()
    wait_until(lambda: OutgoingEmail.objects.filter(status=OutgoingEmail.Status.RETRYING).count() == len(people),
               timeout=60, what="every copy to wait for a retry")
    assert "ConnectionRefusedError" in OutgoingEmail.objects.first().error

    smtp.start()

    wait_until(lambda: everyone_has_it(smtp, people), timeout=90, what="everyone to have the pack")
    wait_until(lambda: nothing_stuck(backend, dispatch), timeout=60, what="no email or task left stuck")
    assert_each_once(smtp, people, twice_at_most=0)
    assert OutgoingEmail.objects.filter(attempts__gte=2).count() == len(people)


def test_two_schedulers_run_each_job_once_and_the_standby_takes_over(backend, smtp, procs):
    procs.start_scheduler("scheduler")
    wait_until(lambda: "Holding the scheduler lock" in procs.log("scheduler"), timeout=60,
               what="the first scheduler to hold the lock")
    procs.start_scheduler("scheduler2")
    wait_until(lambda: "Waiting for the scheduler lock" in procs.log("scheduler2"), timeout=60,
               what="the second scheduler to wait")
    time.sleep(5)

    assert "Holding the scheduler lock" not in procs.log("scheduler2")
    runs = ScheduledRun.objects.filter(job="recover_background_work")
    slots = list(runs.values_list("slot", flat=True))
    assert len(slots) == len(set(slots)) >= 3
    if backend == "db":
        enqueued = DBTaskResult.objects.filter(task_path="coproduction.tasks.recover_background_work").count()
        assert enqueued == len(slots)  # one run per slot, though two schedulers are up

    procs.kill9("scheduler")
    wait_until(lambda: "Holding the scheduler lock" in procs.log("scheduler2"), timeout=30,
               what="the standby to take over")
    before = runs.count()
    wait_until(lambda: runs.count() >= before + 2, timeout=30, what="the standby to schedule")
    slots = list(runs.values_list("slot", flat=True))
    assert len(slots) == len(set(slots))
