"""Parts of pages kept until the database changes (coproduction/kept_pages.py): drawn once, shown again at the
cost of a bare page, and never shown after anything they show has changed, whoever or whatever changed it."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from coproduction import kept_pages
from meetings.models import Meeting
from payments.models import PaymentRun
from tests.factories import GroupFactory, UserFactory
from tests.meetings.factories import MeetingFactory, add_member, london

ROOT = Path(__file__).resolve().parents[2]
NOW = london(2027, 3, 1, 9)
SHARED_REDIS = "redis://127.0.0.1:6379/15"


@pytest.mark.parametrize(("sql", "changes"), [
    ('SELECT "meetings_meeting"."id" FROM "meetings_meeting"', False),
    ('  select 1', False),
    ('SAVEPOINT "s1_x1"', False),
    ('RELEASE SAVEPOINT "s1_x1"', False),
    ('INSERT INTO "meetings_meeting" ("title") VALUES (%s)', True),
    ('UPDATE "payments_claim" SET "status" = %s', True),
    ("delete from engagement_feedbackitem where id = 1", True),
    ('ROLLBACK TO SAVEPOINT "s1_x1"', True),
    ('TRUNCATE "meetings_meeting"', True),
    ('WITH moved AS (UPDATE "payments_claim" SET "status" = %s RETURNING 1) SELECT count(*) FROM moved', True),
    ('ALTER TABLE "meetings_meeting" ADD COLUMN "x" integer', True),
    ('UPDATE "django_session" SET "expire_date" = %s', False),
    ('INSERT INTO "usersessions_usersession" ("ip") VALUES (%s)', False),
    ('UPDATE "coproduction_workerheartbeat" SET "seen_at" = %s', False),
    ('INSERT INTO "django_tasks_database_dbtaskresult" ("status") VALUES (%s)', False),
])
def test_a_statement_moves_the_generation_on_when_it_may_change_what_a_page_shows(sql: str, changes: bool) -> None:
    assert kept_pages.changes_data(sql) is changes


@pytest.fixture
def planned(db, leader):  # type: ignore[no-untyped-def]
    group = GroupFactory(name="Crisis support group")
    add_member(group, leader, started_on=dt.date(2026, 1, 1))
    return MeetingFactory(group=group, title="Planning the crisis line", starts_at=london(2027, 3, 16, 10),
                          ends_at=london(2027, 3, 16, 12))


def _meetings(client: Client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("meetings:meeting_list"))
    assert page.status_code == 200
    return page.content.decode(), len(queries)


@time_machine.travel(NOW, tick=False)
def test_a_list_drawn_once_is_shown_again_without_its_queries(planned, leader, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(leader)
    first, drawn = _meetings(client)
    again, kept = _meetings(client)
    assert "Planning the crisis line" in first
    assert _per_request_removed(again) == _per_request_removed(first)
    assert kept < drawn and kept <= 3  # the session and the person only


def _per_request_removed(page: str) -> str:
    """The page without this request's own values (the sign-out form's token, the scripts' nonce)."""
    return re.sub(r'(nonce|value)="[A-Za-z0-9_-]{20,}"', "", page)


@time_machine.travel(NOW, tick=False)
def test_a_meeting_added_by_anyone_shows_at_the_next_visit(planned, leader, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(leader)
    _meetings(client)
    MeetingFactory(group=planned.group, title="An extra meeting", starts_at=london(2027, 3, 20, 10),
                   ends_at=london(2027, 3, 20, 12))
    assert "An extra meeting" in _meetings(client)[0]


@time_machine.travel(NOW, tick=False)
def test_a_change_made_without_saving_a_model_shows_too(planned, leader, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(leader)
    _meetings(client)
    Meeting.objects.filter(pk=planned.pk).update(title="Renamed in bulk")  # no signals
    assert "Renamed in bulk" in _meetings(client)[0]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE meetings_meeting SET title = %s WHERE id = %s", ["Renamed in SQL", planned.pk])
    assert "Renamed in SQL" in _meetings(client)[0]


@time_machine.travel(NOW, tick=False)
def test_a_new_member_sees_the_groups_meetings_at_once(planned, client_for) -> None:  # type: ignore[no-untyped-def]
    newcomer = UserFactory(full_name="New Member")
    client = client_for(newcomer)
    assert "Planning the crisis line" not in _meetings(client)[0]
    add_member(planned.group, newcomer, started_on=dt.date(2026, 1, 1))
    assert "Planning the crisis line" in _meetings(client)[0]


@time_machine.travel(NOW, tick=False)
def test_one_persons_kept_list_is_never_shown_to_another(planned, leader, client_for) -> None:  # type: ignore[no-untyped-def]
    assert "Planning the crisis line" in _meetings(client_for(leader))[0]
    assert "Planning the crisis line" not in _meetings(client_for(UserFactory(full_name="Not A Member")))[0]


@time_machine.travel(NOW, tick=False)
def test_an_address_with_a_parameter_the_list_does_not_read_is_drawn_each_time(planned, leader, client_for) -> None:  # type: ignore[no-untyped-def]
    """Made-up parameters (a tracking tag, a scanner's guesses) cannot fill the cache with copies of a page."""
    client = client_for(leader)
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("meetings:meeting_list"), {"utm_source": "newsletter"})
        assert "Planning the crisis line" in page.content.decode()
        assert any("meetings_meeting" in q["sql"] for q in queries.captured_queries)


@time_machine.travel(NOW, tick=False)
def test_the_same_parameters_in_another_order_are_the_same_kept_page(planned, leader, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(leader)
    client.get(reverse("meetings:meeting_list") + "?upcoming=2&page=1")
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("meetings:meeting_list") + "?page=1&upcoming=2")
    assert not any("meetings_meeting" in q["sql"] for q in queries.captured_queries)


@time_machine.travel(NOW, tick=False)
def test_writes_to_sessions_leave_what_is_kept(planned, leader, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(leader)
    _meetings(client)
    before = kept_pages.generation()
    store = SessionStore()
    store["anything"] = 1
    store.create()
    assert kept_pages.generation() == before
    assert _meetings(client)[1] <= 3


def test_the_time_moves_what_is_kept_on_each_minute(planned, leader, client_for) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(london(2027, 3, 16, 11, 59), tick=False):
        client = client_for(leader)
        assert "Planning the crisis line" in _meetings(client)[0].split("Past meetings")[0]  # coming up
    with time_machine.travel(london(2027, 3, 16, 12, 1), tick=False):
        coming_up, past = _meetings(client)[0].split("Past meetings", 1)
        assert "Planning the crisis line" in past and "Planning the crisis line" not in coming_up  # over


@pytest.mark.django_db(transaction=True)
def test_a_write_moves_the_generation_at_once_and_again_when_committed() -> None:
    before = kept_pages.generation()
    with transaction.atomic():
        GroupFactory(name="Written in a transaction")
        during = kept_pages.generation()
        assert during != before  # this connection's own next read
    assert kept_pages.generation() != during  # a reader may have kept the old rows before the commit


@time_machine.travel(NOW, tick=False)
def test_a_form_in_a_kept_page_carries_each_sessions_own_token(finance) -> None:  # type: ignore[no-untyped-def]
    """The payment runs page (a form and the list of runs) is kept; a second session of the same person gets
    the kept page with its own CSRF token, and its form is accepted."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client in (first, second):
        client.force_login(finance)
    assert first.get(reverse("payments:runs")).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        page = second.get(reverse("payments:runs")).content.decode()
    assert not any("payments_paymentrun" in q["sql"] for q in queries.captured_queries)  # kept
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    sent = second.post(reverse("payments:runs"), {"csrfmiddlewaretoken": token, "method": "bank_file",
                                                  "payment_date": "10/03/2027"})
    assert sent.status_code in (200, 302)  # not refused (403) for the token
    assert "\x00" not in page


@time_machine.travel(NOW, tick=False)
def test_a_form_sent_back_with_errors_is_drawn_with_what_was_sent(finance, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(finance)
    client.get(reverse("payments:runs"))
    refused = client.post(reverse("payments:runs"), {"method": "bank_file", "payment_date": "not a date"})
    assert "There is a problem" in refused.content.decode()
    assert "There is a problem" not in client.get(reverse("payments:runs")).content.decode()
    assert not PaymentRun.objects.exists()


@time_machine.travel(NOW, tick=False)
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": "redis://127.0.0.1:1/0"}})  # nothing listens there
def test_pages_are_drawn_and_saved_when_the_cache_is_down(planned, leader, client_for) -> None:  # type: ignore[no-untyped-def]
    assert kept_pages.key_for(_request_for(leader), "anything") is None
    MeetingFactory(group=planned.group, title="Saved without the cache")  # the write does not fail
    assert Meeting.objects.filter(title="Saved without the cache").exists()


def _request_for(user):  # type: ignore[no-untyped-def]
    from django.test import RequestFactory
    request = RequestFactory().get("/meetings/")
    request.user = user
    return request


def _python(code: str, **env: str) -> str:
    settings_env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CACHE_URL"))}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**settings_env, "DJANGO_SETTINGS_MODULE": "coproduction.settings", "DEBUG": "true",
                               "SECRET_KEY": "x" * 50, **env})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_pages_are_kept_only_with_a_cache_every_process_shares() -> None:
    show = "import django; django.setup(); from django.conf import settings; print(settings.KEPT_PAGE_SECONDS)"
    assert _python(show, CACHE_URL="locmemcache://portal") == "0"
    assert _python(show, CACHE_URL="rediscache://127.0.0.1:6379/15") == "600"


def test_a_write_in_another_process_moves_the_generation_this_process_reads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A background worker's writes reach the web processes: the generation lives in the shared cache."""
    shared = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": SHARED_REDIS}}
    with override_settings(CACHES=shared):
        from django.core.cache import caches
        write = ("import django; django.setup(); from django.db import connection\n"
                 "from coproduction import kept_pages; print(kept_pages.generation())\n"
                 "with connection.cursor() as cursor: cursor.execute('CREATE TABLE written (x integer)')")
        before_the_write = _python(write, CACHE_URL=SHARED_REDIS.replace("redis://", "rediscache://"),
                                   DATABASE_URL=f"sqlite:///{tmp_path / 'other.sqlite3'}")
        assert kept_pages.generation() != int(before_the_write)
        caches["default"].delete(kept_pages.GENERATION_KEY)
