"""Board users never see words that consent does not allow, never a name, phone number or email, and never
a count from 1 to 4."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.consent import BOARD, TEAM, count_label, share_label, shown_text
from engagement.models import FeedbackItem
from engagement.pii import find_personal_details, remove_personal_details

from .factories import DecisionFactory, FeedbackFactory, theme

pytestmark = pytest.mark.django_db

INTERNAL_WORDS = "The ward staff on the night shift shouted at me."
SUMMARY_WORDS = "Private words that were never to be kept."


def test_names_phone_numbers_and_emails_are_found_and_replaced():
    text = ("Mrs Jones at the surgery said to ring 07700 900123 or email help.me@example.org, "
            "and Sarah Smith agreed. I will hope you may mark this.")
    kinds = [m.kind for m in find_personal_details(text)]
    assert kinds == ["name", "phone", "email", "name"]
    assert remove_personal_details(text) == (
        "[name] at the surgery said to ring [phone] or email [email], and [name] agreed. "
        "I will hope you may mark this."
    )
    assert find_personal_details("Call 01823 456 789 or +44 (0)1823 456789.") != []
    assert find_personal_details("In 2024 about 100000 people waited 12 weeks.") == []


def test_what_each_audience_sees_of_each_consent_level():
    quote = FeedbackItem(consent="quote", text="Evening clinics would help. Call Dr Patel on 07700 900123.")
    internal = FeedbackItem(consent="internal", text=INTERNAL_WORDS)
    internal_with_summary = FeedbackItem(consent="internal", text=INTERNAL_WORDS, summary="Staff were unkind at night.")
    summary_only = FeedbackItem(consent="summary", text=SUMMARY_WORDS, summary="Worried about benefits.")

    assert shown_text(quote, BOARD) == "Evening clinics would help. Call [name] on [phone]."
    assert shown_text(internal, BOARD) == "Not quoted: the person agreed to internal use only."
    assert shown_text(internal_with_summary, BOARD) == "Staff were unkind at night."
    assert shown_text(internal, TEAM) == INTERNAL_WORDS
    assert shown_text(summary_only, BOARD) == shown_text(summary_only, TEAM) == "Worried about benefits."


def test_small_counts_are_never_shown():
    assert [count_label(n) for n in (0, 1, 4, 5, 1234)] == ["0", "fewer than 5", "fewer than 5", "5", "1,234"]
    assert share_label(3, 40) == "not shown (fewer than 5)"
    assert share_label(4, 4) == "not shown (fewer than 5)"
    assert share_label(10, 40) == "25%"


def _trail_page(client, **params):
    today = timezone.localdate()
    query = {"date_from": (today - dt.timedelta(days=365)).strftime("%d/%m/%Y"),
             "date_to": today.strftime("%d/%m/%Y"), "locality": "", "theme": ""} | params
    return client.get(reverse("engagement:trail"), query)


def test_the_board_trail_hides_words_consent_does_not_allow(client_for, board_member, manager):
    FeedbackFactory(consent="internal", text=INTERNAL_WORDS, summary="")
    FeedbackFactory(consent="summary", text="", summary="Worried about losing benefits.")
    FeedbackFactory(consent="quote", text="My email is me@example.org and nobody wrote back.")
    for person in (board_member, manager):
        page = _trail_page(client_for(person)).content.decode()
        assert INTERNAL_WORDS not in page
        assert "Not quoted: the person agreed to internal use only." in page
        assert "Worried about losing benefits." in page
        assert "me@example.org" not in page
        assert "My email is [email] and nobody wrote back." in page


def test_the_board_trail_shows_fewer_than_5_for_small_counts(client_for, board_member):
    for _ in range(3):
        FeedbackFactory(themes=[theme("Housing")])
    for _ in range(7):
        FeedbackFactory(themes=[theme("Money")])
    page = _trail_page(client_for(board_member)).content.decode()
    assert "fewer than 5" in page
    # The only way 3 could appear is as a count; the totals row reads 10.
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' not in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">7</td>' in page
    csv = client_for(board_member).get(reverse("engagement:trail_csv")).content.decode()
    assert "Housing" in csv and "fewer than 5" in csv
    assert ",3," not in csv and not csv.count(",3\r\n")


def test_a_decision_page_does_not_list_fewer_than_5_items_to_the_board(client_for, board_member, manager):
    decision = DecisionFactory()
    from engagement.services import feedback_link_decision

    for _ in range(3):
        feedback_link_decision(item=FeedbackFactory(), decision=decision, how_it_shaped="It showed the need.",
                               by=manager)
    page = client_for(board_member).get(reverse("engagement:decision_detail", args=[decision.pk])).content.decode()
    assert "fewer than 5" in page
    assert "I waited four months" not in page
    manager_page = client_for(manager).get(reverse("engagement:decision_detail", args=[decision.pk])).content.decode()
    assert manager_page.count("I waited four months") == 3
