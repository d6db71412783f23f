"""Shared personas: a leader, another leader, the manager, a finance approver, a board member, an admin
and an outsider with no role. Staff personas have an authenticator app set up (MFA is required for them).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from coproduction.roles import Role
from tests.factories import UserFactory, load_demo


@pytest.fixture(autouse=True)
def _skip_postgres_only_tests(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres") and settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        if os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail("This test needs PostgreSQL and REQUIRE_POSTGRES is set.")
        pytest.skip("Needs PostgreSQL: runs in .ci/run's PostgreSQL pass (DATABASE_URL=postgres://...).")


@pytest.fixture(scope="session", autouse=True)
def _postgres_flushes_by_delete() -> Iterator[None]:
    """Between transactional tests Django empties every table with one TRUNCATE, which on PostgreSQL makes new
    files for about 190 tables and their indexes: 0.9 s a test. Deleting the few rows costs a few milliseconds.
    The append-only tables refuse a DELETE by a trigger, so they are still truncated."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate_flush = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate_flush(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        with self.connection.cursor() as cursor:  # tables with a row trigger that fires on DELETE
            cursor.execute("SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE NOT t.tgisinternal AND t.tgtype & 1 = 1 AND t.tgtype & 8 = 8")
            refusing = {name for (name,) in cursor.fetchall()} & set(tables)
        quote = self.quote_name
        statements = [f"TRUNCATE {', '.join(map(quote, sorted(refusing)))} CASCADE;"] if refusing else []
        # Foreign keys are deferred on PostgreSQL, so the order of the deletes does not matter.
        return statements + [f"DELETE FROM {quote(table)};"  # noqa: S608 - table names from the database
                             for table in tables if table not in refusing]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate_flush


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Rate-limit counts live in the cache: each test starts with none (as after the limits' periods)."""
    cache.clear()


@pytest.fixture
def drawn_each_time(settings) -> None:  # type: ignore[no-untyped-def]
    """Pages drawn on every visit, nothing kept (coproduction.kept_pages): for tests of what drawing one costs."""
    settings.KEPT_PAGE_SECONDS = 0


@pytest.fixture(scope="module")
def demo(request: pytest.FixtureRequest, django_db_setup, django_db_blocker):
    """The demo alliance, loaded once for a module and rolled back after its last test: the people and groups,
    and the demo data of the apps the module names in `DEMO_APPS` (every app's when it names none).

    Loading the whole demo takes 15 to 40 seconds, so a module's tests share one load. It sits in a
    transaction that is never committed; each test's own transaction nests inside it, so a test sees the demo
    and its own changes only. A module that uses it holds no transactional tests (they would flush the demo
    away, and a browser's server would not see it).
    """
    outer = transaction.atomic()

    def roll_back() -> None:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            load_demo(apps=getattr(request.module, "DEMO_APPS", None))
        except BaseException:
            roll_back()
            raise
    yield
    roll_back()


@pytest.fixture
def leader(db):
    return UserFactory(full_name="Jo Bennett", email="jo@example.org", roles=[Role.LEADER])


@pytest.fixture
def other_leader(db):
    return UserFactory(full_name="Kwame Mensah", email="kwame@example.org", roles=[Role.LEADER])


@pytest.fixture
def manager(db):
    return UserFactory(full_name="Sam Carter", email="sam@example.org", roles=[Role.MANAGER], totp=True)


@pytest.fixture
def finance(db):
    return UserFactory(full_name="Priya Shah", email="priya@example.org", roles=[Role.FINANCE], totp=True)


@pytest.fixture
def board_member(db):
    return UserFactory(full_name="Helen Price", email="helen@example.org", roles=[Role.BOARD])


@pytest.fixture
def admin_user(db):
    return UserFactory(full_name="Alex Morgan", email="alex@example.org", roles=[Role.ADMIN], totp=True,
                       is_staff=True)  # never a superuser: the Admin group's Django admin permissions only


@pytest.fixture
def outsider(db):
    return UserFactory(full_name="No Role", email="nobody@example.org")


@pytest.fixture
def client_for():
    """A test client signed in as the given person (past the second factor)."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
