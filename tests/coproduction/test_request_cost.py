"""What a signed-in request costs before the view runs: a fixed, small number of queries, and no writes
except once a minute (the session's idle expiry, allauth's "last seen", the staff authenticator check)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from coproduction.middleware import ACTIVITY_INTERVAL_SECONDS
from tests.factories import UserFactory


def bare_page(request: HttpRequest) -> HttpResponse:
    """A signed-in page with the portal's layout and nothing else (the reference the benchmarks use)."""
    return render(request, "base.html", {})


urlpatterns = [path("bench/bare/", bare_page), path("", include("coproduction.urls"))]

WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "BEGIN")


def _get(client, url: str = "/bench/bare/") -> CaptureQueriesContext:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return queries


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]
START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("persona", ["leader", "manager", "board_member"])
def test_a_bare_signed_in_page_reads_two_rows_and_writes_nothing_within_the_minute(
    persona: str, request: pytest.FixtureRequest, client_for
) -> None:  # type: ignore[no-untyped-def]
    user = request.getfixturevalue(persona)
    with time_machine.travel(START, tick=False):
        client = client_for(user)
        first = _get(client)
        assert _writes(first), "the first request records the session's activity"
    for seconds in (1, 20, ACTIVITY_INTERVAL_SECONDS - 1):
        with time_machine.travel(START + dt.timedelta(seconds=seconds), tick=False):
            queries = _get(client)
        # the session, then the person with their roles (coproduction.backends); nothing written
        assert len(queries) == 2, [q["sql"] for q in queries.captured_queries]
        assert _writes(queries) == []


def test_activity_is_written_again_after_a_minute(leader, client_for) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(START, tick=False):
        client = client_for(leader)
        _get(client)
    key = client.cookies["sessionid"].value
    seen_first = UserSession.objects.get(session_key=key).last_seen_at
    expiry_first = Session.objects.get(session_key=key).expire_date
    later = START + dt.timedelta(seconds=ACTIVITY_INTERVAL_SECONDS + 5)
    with time_machine.travel(later, tick=False):
        queries = _get(client)
    assert _writes(queries)
    assert UserSession.objects.get(session_key=key).last_seen_at == later > seen_first
    assert Session.objects.get(session_key=key).expire_date > expiry_first


def test_staff_without_an_authenticator_are_still_sent_to_set_one_up(manager, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(manager)
    assert client.get("/bench/bare/").status_code == 200
    manager.authenticator_set.all().delete()
    # within the minute the authenticator found before is trusted; a change of authenticators through
    # allauth clears that (coproduction.signals); after the minute it is looked up again
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=ACTIVITY_INTERVAL_SECONDS + 1)):
        response = client.get("/bench/bare/")
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]


def test_a_new_signed_in_page_costs_the_same_as_data_grows(leader, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(leader)
    _get(client)
    before = len(_get(client))
    UserFactory.create_batch(30)
    assert len(_get(client)) == before == 2


def test_a_role_taken_away_counts_on_the_very_next_request(manager, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(manager)
    assert client.get("/people/").status_code == 200
    manager.groups.clear()  # the roles are read with the person on each request, never kept between requests
    assert client.get("/people/").status_code == 403


def _seen_user(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"{type(request.user).__name__} {request.user.is_authenticated}")


urlpatterns.insert(0, path("bench/who/", _seen_user))


def test_the_signed_in_person_is_read_before_the_view_not_behind_a_lazy_proxy(client_for, leader) -> None:  # type: ignore[no-untyped-def]
    response = client_for(leader).get("/bench/who/")

    assert response.content.decode() == "User True"


def test_a_request_without_a_session_reads_nothing_for_its_anonymous_user(client) -> None:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/bench/who/")

    assert response.content.decode() == "AnonymousUser False"
    assert len(queries) == 0
