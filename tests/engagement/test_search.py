"""Search across feedback words, themes and decisions: PostgreSQL full-text search; a simple match elsewhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from engagement import selectors, services
from engagement.models import FeedbackItem
from engagement.selectors import search_feedback
from meetings.access import visible_decisions
from meetings.selectors import search_decisions

from .factories import DecisionFactory, FeedbackFactory, theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(manager):
    waits = FeedbackFactory(text="I waited months for an appointment.", themes=[theme()])
    buses = FeedbackFactory(text="The last bus leaves before the group ends.", themes=[theme("Transport and travel")])
    damp = FeedbackFactory(text="Mould everywhere in my flat.", themes=[theme("Housing")])
    decision = DecisionFactory(title="Open a safe haven in the evenings")
    services.feedback_link_decision(item=damp, decision=decision, how_it_shaped="x", by=manager)
    return {"waits": waits, "buses": buses, "damp": damp}


def _ids(query: str) -> set[int]:
    return set(search_feedback(FeedbackItem.objects.all(), query).values_list("pk", flat=True))


def test_search_finds_words_themes_and_linked_decisions(stories, manager):
    assert _ids("bus") == {stories["buses"].pk}
    assert _ids("transport") == {stories["buses"].pk}  # the theme's name
    assert _ids("haven") == {stories["damp"].pk}  # a linked decision's title
    assert _ids("nothing-like-this") == set()
    assert _ids("") == set()
    found = search_decisions(visible_decisions(manager), query="haven")
    assert list(found.values_list("title", flat=True)) == ["Open a safe haven in the evenings"]


@pytest.mark.postgres
def test_postgres_uses_full_text_search_with_stemming_and_the_gin_index(stories):
    assert _ids("waiting") == {stories["waits"].pk}  # "waited" and "waiting" share a stem
    assert _ids("appointments") == {stories["waits"].pk}
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'engagement_feedback_vector_gin'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "search_vector" in definition


@pytest.mark.postgres
def test_the_stored_search_words_follow_every_change_to_the_text(manager, stories):
    item = stories["buses"]
    item.text = "The last train leaves before the group ends."
    item.save()
    services.refresh_search_document(item)
    assert _ids("train") == {item.pk} and _ids("bus") == set()
    imported = FeedbackItem.objects.bulk_create([FeedbackItem(
        event=item.event, heard_on=item.heard_on, consent=item.consent, text="Ferry", search_document="ferry crossing")])
    assert _ids("ferries") == {imported[0].pk}  # bulk inserts (the import, the benchmarks) are indexed too


def test_the_board_searches_only_words_people_agreed_to_have_quoted(client_for, board_member, stories):
    FeedbackFactory(consent="internal", text="The bus driver was rude to me.")
    page = client_for(board_member).get(reverse("engagement:search"), {"q": "bus"}).content.decode()
    assert "The last bus leaves" in page and "bus driver" not in page


def test_a_leader_searches_only_their_own_feedback(client_for, leader, stories):
    FeedbackFactory(logged_by=leader, text="The bus never comes on Sundays.")
    page = client_for(leader).get(reverse("engagement:search"), {"q": "bus"}).content.decode()
    assert "Sundays" in page and "The last bus leaves" not in page
    assert client_for(leader).get(reverse("engagement:search")).status_code == 200


def test_search_needs_a_listening_or_trail_role(client_for, finance):
    assert client_for(finance).get(reverse("engagement:search"), {"q": "bus"}).status_code == 403


@pytest.mark.postgres
def test_postgres_ranks_only_the_newest_matches(monkeypatch, stories):
    monkeypatch.setattr(selectors, "RANK_WINDOW", 2)
    today = timezone.localdate()
    made = [FeedbackFactory(text=f"The clinic closes early on day {n}.", heard_on=today - dt.timedelta(days=n))
            for n in (1, 2, 3)]
    found = list(selectors.search_feedback(FeedbackItem.objects.all(), "clinic closes"))
    assert {item.pk for item in found} == {made[0].pk, made[1].pk}  # the oldest match is outside the window


@pytest.mark.usefixtures("drawn_each_time")
def test_the_page_shows_matches_a_page_at_a_time_and_says_when_only_the_newest_are_searched(
        monkeypatch, client_for, manager, stories):
    monkeypatch.setattr(selectors, "RANK_WINDOW", 3)
    monkeypatch.setattr(selectors, "SEARCH_PAGE_SIZE", 2)
    today = timezone.localdate()
    for n in (1, 2, 3, 4):
        FeedbackFactory(text=f"The clinic closes early on day {n}.", heard_on=today - dt.timedelta(days=n))
    client = client_for(manager)
    first = client.get(reverse("engagement:search"), {"q": "clinic"}).content.decode()
    second = client.get(reverse("engagement:search"), {"q": "clinic", "page": 2}).content.decode()

    shown = [[n for n in (1, 2, 3, 4) if f"day {n}." in page] for page in (first, second)]
    assert len(shown[0]) == 2 and len(shown[1]) == 1
    assert sorted(shown[0] + shown[1]) == [1, 2, 3]  # day 4, the oldest, is outside the window
    assert "Showing the best matches from the 3 newest feedback items" in first
    assert "page=2" in first

    monkeypatch.setattr(selectors, "RANK_WINDOW", 10)
    page = client.get(reverse("engagement:search"), {"q": "clinic"}).content.decode()
    assert "4 feedback items match" in page and "newest" not in page.split("Decisions")[0]
