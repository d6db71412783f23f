"""Searching the decision log: every word of the search is found (in any order and any case) in a decision's
title, what was decided, why, or its meeting's title; the page says how many match, or plainly that none do;
and it costs the same number of queries however many decisions there are. These run on SQLite (word search)
and on PostgreSQL (full-text search); PostgreSQL's own behaviour is in test_decision_search_postgres.py."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduction.paging import PAGE_SIZE
from meetings import selectors, services
from meetings.models import Decision
from tests.factories import GroupFactory
from tests.meetings.factories import MeetingFactory, add_member

pytestmark = pytest.mark.django_db


def _decide(meeting, title: str, decision: str = "Agreed.", rationale: str = "", **extra) -> Decision:
    return services.decision_create(meeting=meeting, title=title, decision=decision, rationale=rationale, **extra)


def _found(query: str, **filters) -> set[str]:
    return set(selectors.search_decisions(Decision.objects.all(), query=query, **filters)
               .values_list("title", flat=True))


@pytest.fixture
def log(db):
    board = MeetingFactory(title="Alliance board", group=GroupFactory(name="Alliance board"))
    finance = MeetingFactory(title="Finance committee", group=GroupFactory(name="Finance group"))
    return {
        "weekends": _decide(board, "Open the crisis line at weekends", "The line opens on Saturday and Sunday.",
                            "Callers told us Sunday evenings are the hardest."),
        "cafe": _decide(board, "Fund the crisis café for a year", "Pay for the café from April.",
                        "People with nowhere else to go at night use it."),
        "fees": _decide(finance, "Raise involvement fees", "Fees rise in line with the living wage.",
                        status=Decision.Status.DONE),
    }


def test_every_word_is_found_in_any_order_and_any_case(log):
    assert _found("WEEKENDS crisis") == {"Open the crisis line at weekends"}
    assert _found("crisis") == {"Open the crisis line at weekends", "Fund the crisis café for a year"}
    assert _found("crisis fees") == set()  # every word must be there


def test_the_words_may_come_from_what_was_decided_why_and_the_meetings_title(log):
    assert _found("Saturday evenings") == {"Open the crisis line at weekends"}  # decided + why
    assert _found("night") == {"Fund the crisis café for a year"}  # why only
    assert _found("committee") == {"Raise involvement fees"}  # the meeting's title


def test_a_search_of_only_signs_and_spaces_shows_every_decision(log):
    assert len(_found(' " - ')) == 3


def test_the_group_and_status_still_narrow_the_search(log):
    finance_group = log["fees"].meeting.group_id
    assert _found("fees", group_id=finance_group) == {"Raise involvement fees"}
    assert _found("crisis", group_id=finance_group) == set()
    assert _found("", status=Decision.Status.DONE) == {"Raise involvement fees"}


def test_the_page_says_how_many_decisions_match(log, board_member, client_for):
    client = client_for(board_member)
    html = client.get(reverse("meetings:decision_list"), {"q": "crisis"}).content.decode()
    assert "2 decisions match “crisis”." in html
    assert "Open the crisis line at weekends" in html and "Raise involvement fees" not in html
    html = client.get(reverse("meetings:decision_list"), {"q": "weekends"}).content.decode()
    assert "1 decision matches “weekends”." in html


def test_the_page_says_plainly_when_no_decisions_match(log, board_member, client_for):
    client = client_for(board_member)
    html = client.get(reverse("meetings:decision_list"), {"q": "parking"}).content.decode()
    assert "No decisions match “parking”." in html and "<table" not in html
    html = client.get(reverse("meetings:decision_list"), {"status": "stopped"}).content.decode()
    assert "No decisions match what you chose." in html
    assert "3 decisions." in client.get(reverse("meetings:decision_list")).content.decode()


def test_a_leader_finds_only_the_decisions_of_their_own_groups(log, leader, client_for):
    add_member(log["fees"].meeting.group, leader)
    html = client_for(leader).get(reverse("meetings:decision_list"), {"q": "fees"}).content.decode()
    assert "1 decision matches “fees”." in html
    html = client_for(leader).get(reverse("meetings:decision_list"), {"q": "crisis"}).content.decode()
    assert "No decisions match “crisis”." in html


@pytest.mark.usefixtures("drawn_each_time")
def test_searching_costs_the_same_queries_with_ten_or_a_hundred_decisions(log, board_member, client_for,
                                                                         django_assert_num_queries):
    meeting = log["cafe"].meeting
    client = client_for(board_member)
    url = reverse("meetings:decision_list")
    for number in range(10):
        _decide(meeting, f"Crisis review {number}", "Review the crisis line each quarter.")
    client.get(url, {"q": "crisis review"})
    with CaptureQueriesContext(connection) as few:
        page = client.get(url, {"q": "crisis review"})
    assert "10 decisions match" in page.content.decode()
    for number in range(10, 100):
        _decide(meeting, f"Crisis review {number}", "Review the crisis line each quarter.")
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url, {"q": "crisis review", "page": "2"})
    html = page.content.decode()
    assert "100 decisions match" in html
    assert len(re.findall(r'href="/meetings/decisions/\d+/"', html)) == PAGE_SIZE  # one page of them


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite side of migration 0010")
def test_the_search_index_migration_leaves_sqlite_alone(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%search%'")
        assert cursor.fetchall() == []


@pytest.mark.usefixtures("drawn_each_time")
def test_the_log_reads_only_the_columns_it_shows(log, board_member, client_for):
    client = client_for(board_member)
    client.get(reverse("meetings:decision_list"))

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("meetings:decision_list")).content.decode()

    assert "Open the crisis line at weekends" in page and "Alliance board" in page
    listing = [q["sql"] for q in queries.captured_queries if '"meetings_decision"."title"' in q["sql"]]
    assert len(listing) == 1
    for unread in ('"meetings_decision"."decision"', '"meetings_decision"."rationale"', '"password"',
                   '"meetings_meeting"."title"', '"meetings_meeting"."place"'):
        assert unread not in listing[0], unread
