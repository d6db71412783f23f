"""On PostgreSQL the decision log is searched with full-text search: English stemming, web-search syntax
(a "phrase", -word), ranked with the title counting most, and answered from the GIN indexes of migration 0012
on the stored vectors its triggers keep current. Run with DATABASE_URL=postgres://... ; skipped on SQLite."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import selectors, services
from meetings.models import Decision, Meeting
from tests.meetings.factories import MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _decide(meeting, title: str, decision: str = "Agreed.", rationale: str = "") -> Decision:
    return services.decision_create(meeting=meeting, title=title, decision=decision, rationale=rationale)


def _search(query: str) -> list[str]:
    return list(selectors.search_decisions(Decision.objects.all(), query=query).values_list("title", flat=True))


@pytest.fixture
def meeting(db):
    return MeetingFactory(title="Alliance board")


def test_words_are_found_by_their_stem(meeting):
    _decide(meeting, "Open the crisis line at weekends", "The line opens on Saturdays.")
    _decide(meeting, "Fund the café", "Paid from April.")
    assert _search("opening weekend") == ["Open the crisis line at weekends"]
    assert _search("saturday") == ["Open the crisis line at weekends"]
    assert set(_search("boards")) == {"Open the crisis line at weekends", "Fund the café"}  # the meeting's title


def test_a_phrase_and_a_word_left_out(meeting):
    _decide(meeting, "Crisis line hours", "Open the crisis line until midnight.")
    _decide(meeting, "Line managers for the crisis team", "Each team has a line manager.")
    assert set(_search("crisis line")) == {"Crisis line hours", "Line managers for the crisis team"}
    assert _search('"crisis line"') == ["Crisis line hours"]
    assert _search("crisis -midnight") == ["Line managers for the crisis team"]


def test_a_match_in_the_title_ranks_above_a_match_in_the_reasons(meeting):
    _decide(meeting, "Fund the café", "Paid from April.", "It helps people in a crisis at night.")
    _decide(meeting, "Review crisis support", "A review by the summer.")
    assert _search("crisis") == ["Review crisis support", "Fund the café"]


def test_the_migration_made_the_indexes_and_the_search_reads_them(meeting):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname IN "
                       "('meetings_decision_vector_gin', 'meetings_meeting_vector_gin')")
        assert sorted(row[0] for row in cursor.fetchall()) == ["meetings_decision_vector_gin",
                                                               "meetings_meeting_vector_gin"]
    for number in range(50):
        _decide(meeting, f"Decision {number}", "Agreed.")
    plans = {}
    for query in ("crisis", "board"):  # no meeting's title matches; the meeting's title matches
        with CaptureQueriesContext(connection) as searched:
            found = list(selectors.search_decisions(Decision.objects.all(), query=query))
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a small table: make the planner show its choice
            for executed in searched.captured_queries:
                cursor.execute(f"EXPLAIN {executed['sql']}")
                plans[query] = plans.get(query, "") + "\n".join(row[0] for row in cursor.fetchall())
        # the ranked ids (one query, on the decisions' index), then the decisions found and their meetings
        assert len(searched.captured_queries) == (3 if found else 1), [q["sql"] for q in searched.captured_queries]
    assert len(found) == 50  # "board": the meeting's title, held in each decision's words
    for plan in plans.values():
        assert "Index Scan on meetings_decision_vector_gin" in plan, plan
        assert "meetings_meeting_vector_gin" not in plan, plan
        assert "Seq Scan" not in plan, plan


def test_a_common_word_reads_and_ranks_only_the_newest_matches(monkeypatch, meeting, client_for, manager):
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", 3)
    made = []
    for number in range(5):
        decision = _decide(meeting, f"Fund the crisis line, year {number}")
        Decision.objects.filter(pk=decision.pk).update(decided_on=dt.date(2026, 1, 1) + dt.timedelta(days=number))
        made.append(decision.pk)

    found = set(selectors.search_decisions(Decision.objects.all(), query="crisis").values_list("pk", flat=True))
    page = client_for(manager).get(reverse("meetings:decision_list"), {"q": "crisis"}).content.decode()

    assert found == set(made[2:])  # the three newest
    assert "Showing the 3 newest decisions that match" in page


def test_the_stored_words_follow_every_change_to_a_decision_and_its_meeting(meeting):
    decision = _decide(meeting, "Fund the café", "Paid from April.")
    decision.title = "Open the crisis line"
    decision.save()
    assert _search("crisis") == ["Open the crisis line"]
    assert _search("café") == []
    Decision.objects.filter(pk=decision.pk).update(rationale="People asked for weekends.")  # no save()
    assert _search("weekend") == ["Open the crisis line"]
    meeting.title = "Housing forum"
    meeting.save()
    assert _search("housing") == ["Open the crisis line"]
    assert _search("alliance") == []
    other = MeetingFactory(title="Transport review")
    Decision.objects.filter(pk=decision.pk).update(meeting=other)  # moved to another meeting, no save()
    assert _search("transport") == ["Open the crisis line"]
    assert _search("housing") == []
    Meeting.objects.filter(pk=other.pk).update(title="Clinic hours")  # renamed, no save()
    assert _search("clinic") == ["Open the crisis line"]
    assert _search("transport") == []


def _computed_search(query: str) -> list[int]:
    """The search as it was before the stored vectors: every vector parsed from the text at search time (the
    decision's words, then its meeting's title, weighted lowest)."""
    search = SearchQuery(query, search_type="websearch", config=selectors.SEARCH_CONFIG)
    words = (SearchVector("title", weight="A", config="english") + SearchVector("decision", weight="B", config="english")
             + SearchVector("rationale", weight="C", config="english")
             + SearchVector("meeting__title", weight="D", config="english"))
    return list(Decision.objects.annotate(found=words).filter(found=search)
                .annotate(rank=SearchRank(words, search))
                .order_by("-rank", "-decided_on", "pk").values_list("pk", flat=True))


def test_results_and_their_order_are_those_of_the_text_parsed_at_search_time():
    chance = random.Random(18)
    vocabulary = ["crisis", "line", "housing", "café", "weekend", "board", "fund", "review", "transport", "clinic", "night", "support"]

    def words(n: int) -> str:
        return " ".join(chance.choice(vocabulary) for _ in range(n))

    meetings = [MeetingFactory(title=words(3)) for _ in range(6)]
    for number in range(60):
        decision = _decide(chance.choice(meetings), words(4), words(8), words(chance.randint(0, 10)))
        Decision.objects.filter(pk=decision.pk).update(decided_on=dt.date(2026, 1, 1) + dt.timedelta(days=number % 9))
    for query in ["crisis", "housing café", '"crisis line"', "board -weekend", "clinic or transport", "nothing"]:
        found = list(selectors.search_decisions(Decision.objects.all(), query=query).values_list("pk", flat=True))
        assert found == _computed_search(query), query
