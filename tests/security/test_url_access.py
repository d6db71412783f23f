"""Every URL of the project, tried as every role and as someone who does not own the object, by GET and POST.

Zero leaks: 404 for another person's object, 403 for a missing role, the sign-in page when signed out.
And a GET never changes the portal's state: every URL opened by GET as every role (and signed out) leaves every
row of every table as it was. Records of the visit itself are not state and are left out: the audit trail (a
refused page is recorded there on purpose), the sessions table and allauth's user sessions (being seen), and
when a calendar link was last read (shown to its owner as a sign of a leaked link).
Third-party URL sets (Django admin, allauth's account pages) are covered by their own tests.
"""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from coproduction.models import User
from tests.security.access_rules import PERSONAS, RULES
from tests.security.test_headers import check_html_page

THIRD_PARTY_PREFIXES = ("admin/", "accounts/")
LOGIN_PATH = "/accounts/login/"
RECORDS_OF_THE_VISIT = {"coproduction_auditevent", "django_session", "usersessions_usersession",
                        # the trail's summary: counts derived from the rows, rebuilt on read when behind them
                        "engagement_trailstate", "engagement_trailcount"}
VISIT_COLUMNS = {"meetings_calendarfeedtoken": {"last_used_at"}}


def project_url_names() -> dict[str, str]:
    """{qualified url name: route} for every named pattern outside the third-party URL sets."""
    names: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(THIRD_PARTY_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                names[namespace + entry.name] = route

    walk(get_resolver().url_patterns, "", "")
    return names


def test_every_url_has_an_access_rule():
    missing = sorted(set(project_url_names()) - set(RULES))

    assert not missing, f"Add an access rule in tests/security/access_rules.py for: {missing}"


def test_every_access_rule_names_a_real_url():
    stale = sorted(set(RULES) - set(project_url_names()))

    assert not stale, f"These access rules name URLs that no longer exist: {stale}"


def outcome(response) -> str | int:
    if response.status_code in (403, 404):
        return response.status_code
    if response.status_code == 302 and response.url.startswith(LOGIN_PATH):
        return "login"
    if response.status_code == 302 and response.url.startswith("/accounts/2fa/"):
        return "mfa"
    return "ok"


class _RollBack(Exception):
    """Raised to undo one request's changes, so every persona meets the same object."""


def state_tables() -> dict[str, list[str]]:
    """{table: its columns} for every table of every model, less the records of the visit."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table not in RECORDS_OF_THE_VISIT:
            skip = VISIT_COLUMNS.get(table, set())
            tables[table] = [f.column for f in model._meta.local_concrete_fields if f.column not in skip]
    return tables


def snapshot(tables: dict[str, list[str]]) -> dict[str, str]:
    """A digest of every row of every table, read in one query: each row as text (a row value on PostgreSQL,
    a JSON array elsewhere; either tells NULL from an empty text)."""
    quote = connection.ops.quote_name
    as_text = "ROW({})::text" if connection.vendor == "postgresql" else "json_array({})"
    selects = [f"SELECT '{table}', {as_text.format(', '.join(map(quote, columns)))} FROM {quote(table)}"  # noqa: S608
               for table, columns in tables.items()]  # our own table and column names
    rows: dict[str, list[str]] = {table: [] for table in tables}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects))
        for table, row in cursor.fetchall():
            rows[table].append(row)
    return {table: hashlib.sha256("\n".join(sorted(table_rows)).encode()).hexdigest()
            for table, table_rows in rows.items()}


def signed_in_clients(personas: dict) -> dict[str, Client]:
    """One client per persona, signed in before anything is measured (signing in records the sign-in)."""
    clients = {persona: Client() for persona in PERSONAS}
    for persona, person in personas.items():
        clients[persona].force_login(person)
    return clients


def changed_tables(tables: dict[str, list[str]], before: dict[str, str]) -> list[str]:
    after = snapshot(tables)
    return [table for table in tables if after[table] != before[table]]


def rolled_back(request_once):
    """The response to one request made in a savepoint that is then rolled back."""
    try:
        with transaction.atomic():
            response = request_once()
            raise _RollBack
    except _RollBack:
        return response


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(RULES))
def test_each_role_gets_exactly_what_the_rule_says_and_a_get_changes_nothing(request, url_name):
    rule = RULES[url_name]
    personas = {name: request.getfixturevalue(name) for name in PERSONAS if name != "anonymous"}
    url = reverse(url_name, kwargs=rule.make(personas) if rule.make else {})
    clients = signed_in_clients(personas)
    tables = state_tables()
    before = snapshot(tables)
    # Every persona opens the page by GET, then the tables are compared with before (rolled back after); only
    # when something changed is each visit made again alone, to say whose visit changed which table.
    responses, changed = {}, []

    def every_visit() -> list[str]:
        for persona in PERSONAS:
            responses[persona, "GET"] = clients[persona].get(url)
        return changed_tables(tables, before)

    if rolled_back(every_visit):
        for persona in PERSONAS:
            def visit(persona=persona):
                clients[persona].get(url)
                return changed_tables(tables, before)
            changed += [f"{persona} GET {url} changed {table}" for table in rolled_back(visit)]
    # Each POST runs in a savepoint that is rolled back: what one persona's POST changes (or would change) is
    # undone before the next one tries.
    if "POST" in rule.methods:
        for persona in PERSONAS:
            responses[persona, "POST"] = rolled_back(lambda persona=persona: clients[persona].post(url, {}))
    wrong = []
    for (persona, method), response in responses.items():
        if method not in rule.methods:
            continue
        expected, got = rule.expected(persona), outcome(response)
        if method == "POST" and expected == "ok" and response.status_code == 405:
            got = "ok"  # a page that only answers GET refuses POST without revealing anything
        if got != expected:
            wrong.append(f"{persona} {method} {url} -> {response.status_code}, expected {expected}")
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            check_html_page(response)  # the security headers, on every page of the portal
            if persona != "anonymous":
                assert response["Cache-Control"] == "no-store", url
    assert not wrong, "\n".join(wrong)
    assert not changed, "\n".join(changed)


@pytest.mark.django_db
def test_the_snapshot_sees_one_changed_value_and_a_null_that_becomes_a_value(leader):
    tables = state_tables()
    before = snapshot(tables)
    User.objects.filter(pk=leader.pk).update(full_name="Jo Bennet")
    renamed = snapshot(tables)
    User.objects.filter(pk=leader.pk).update(last_login=timezone.now())
    signed_in = snapshot(tables)

    assert [table for table in tables if renamed[table] != before[table]] == [User._meta.db_table]
    assert [table for table in tables if signed_in[table] != renamed[table]] == [User._meta.db_table]
