"""The listening pages read a fixed number of queries however much there is, and still show each row's themes,
feedback counts and links."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement.models import EventLeader

from .factories import DecisionFactory, EventFactory, FeedbackFactory, theme

pytestmark = pytest.mark.django_db


def _grow(leader, n: int) -> None:
    for _ in range(n):
        event = EventFactory(logged_by=leader)
        EventLeader.objects.create(event=event, person=leader)
        FeedbackFactory(event=event, logged_by=leader, themes=[theme("Housing"), theme()])
        DecisionFactory(title="Shorter waiting lists")


def _queries(client, url: str, params: dict[str, str]) -> int:  # type: ignore[no-untyped-def]
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name, params", [
    ("engagement:home", {}), ("engagement:event_list", {}), ("engagement:feedback_list", {}),
    ("engagement:feedback_list", {"status": "heard", "theme": "1"}), ("engagement:search", {"q": "waited"}),
])
@pytest.mark.parametrize("who", ["manager", "leader"])
def test_the_listening_pages_read_the_same_queries_whatever_the_volume(request, client_for, name, params, who) -> None:  # type: ignore[no-untyped-def]
    person = request.getfixturevalue(who)
    leader = request.getfixturevalue("leader")
    client = client_for(person)
    _grow(leader, 2)
    small = _queries(client, reverse(name), params)
    _grow(leader, 12)
    assert _queries(client, reverse(name), params) == small


def test_the_board_search_reads_the_same_queries_whatever_the_volume(board_member, leader, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(board_member)
    _grow(leader, 2)
    small = _queries(client, reverse("engagement:search"), {"q": "waiting"})
    _grow(leader, 12)
    assert _queries(client, reverse("engagement:search"), {"q": "waiting"}) == small


def test_the_rows_show_their_themes_counts_and_links(manager, board_member, client_for) -> None:  # type: ignore[no-untyped-def]
    event = EventFactory(title="Drop-in at the library")
    item = FeedbackFactory(event=event, themes=[theme("Housing"), theme()])
    decision = DecisionFactory(title="Fund more waiting-room staff")
    client = client_for(manager)
    listed = client.get(reverse("engagement:feedback_list")).content.decode()
    assert f'href="/listening/feedback/{item.pk}/"' in listed
    names = theme().name, theme("Housing").name
    assert all(name in listed for name in names)
    if connection.features.supports_aggregate_order_by_clause:  # in the themes' order
        ordered = ", ".join(t.name for t in sorted((theme(), theme("Housing")), key=lambda t: (t.order, t.name)))
        assert ordered in listed
    events = client.get(reverse("engagement:event_list")).content.decode()
    assert f'href="/listening/events/{event.pk}/"' in events and ">1</td>" in events
    home = client.get(reverse("engagement:home")).content.decode()
    assert "(1 feedback item)" in home and f'href="/listening/feedback/{item.pk}/"' in home
    found = client_for(board_member).get(reverse("engagement:search"), {"q": "waiting"}).content.decode()
    assert f'href="/listening/decisions/{decision.pk}/"' in found and decision.meeting.group.name in found
