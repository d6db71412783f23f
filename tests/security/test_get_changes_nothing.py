"""A GET never changes the portal's state: every URL, opened by GET as every role (and signed out), leaves
every row of every table as it was.

Records of the visit itself are not state and are left out: the audit trail (a refused page is recorded there
on purpose), the sessions table and allauth's user sessions (being seen), and when a calendar link was last read
(shown to its owner as a sign of a leaked link).
"""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.security.access_rules import PERSONAS, RULES

RECORDS_OF_THE_VISIT = {"coproduction_auditevent", "django_session", "usersessions_usersession"}
VISIT_COLUMNS = {"meetings_calendarfeedtoken": {"last_used_at"}}


def _tables() -> dict[str, list[str]]:
    """{table: its columns} for every table of every model, less the records of the visit."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table not in RECORDS_OF_THE_VISIT:
            skip = VISIT_COLUMNS.get(table, set())
            tables[table] = [f.column for f in model._meta.local_concrete_fields if f.column not in skip]
    return tables


def snapshot(tables: dict[str, list[str]]) -> dict[str, str]:
    """A digest of every row of every table."""
    digests = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, columns in tables.items():
            cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}")  # noqa: S608 - ours
            rows = sorted(repr(row) for row in cursor.fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(RULES))
def test_a_get_changes_nothing(request, url_name):
    rule = RULES[url_name]
    personas = {name: request.getfixturevalue(name) for name in PERSONAS if name != "anonymous"}
    url = reverse(url_name, kwargs=rule.make(personas) if rule.make else {})
    clients = {persona: Client() for persona in PERSONAS}
    for persona, person in personas.items():
        clients[persona].force_login(person)  # signing in records the sign-in: done before the snapshot
    tables = _tables()
    before = snapshot(tables)
    changed = []
    for persona in PERSONAS:
        clients[persona].get(url)
        after = snapshot(tables)
        changed += [f"{persona} GET {url} changed {table}" for table in tables if after[table] != before[table]]
        before = after
    assert not changed, "\n".join(changed)
