"""The board's feedback trail fits a phone: at 320 pixels wide, for the board member and the manager, with
feedback over several months, themes and localities, the page does not scroll sideways (its filters stack, its
tables scroll inside their own labelled regions) and axe finds nothing; at 1280 pixels too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.test_journeys_browser import WIDTHS, Journey
from tests.engagement.factories import FeedbackFactory, theme
from tests.factories import LocalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def feedback(db):
    themes = [theme(name) for name in ("Access and waiting", "Crisis support out of hours",
                                        "Housing, money and benefits advice")]
    places = [LocalityFactory(name=name) for name in ("Mendip", "Sedgemoor", "South Somerset")]
    today = timezone.localdate()
    for number in range(18):
        FeedbackFactory(heard_on=today - dt.timedelta(days=20 + 25 * (number % 6)), locality=places[number % 3],
                        themes=[themes[number % 3]])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("who", ["board_member", "manager"])
def test_the_trail_fits_the_screen(browser, live_server, feedback, request, who, width):
    journey = Journey(browser, live_server, request.getfixturevalue(who), width)
    try:
        journey.go("/listening/trail/")
        journey.page.get_by_role("heading", name="Feedback by theme over time").wait_for()
        journey.click("button", "Show the trail")
        assert journey.page.get_by_role("region", name="Feedback and closed loops by locality").is_visible()
    finally:
        journey.close()
