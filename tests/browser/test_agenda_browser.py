"""In Chromium at 1280 and 320 pixels: the manager changes an agenda item, moves items up and down with the
plain buttons, and removes one after the confirmation page. Every page: axe finds nothing, no sideways scroll,
no console errors, no server errors."""

from __future__ import annotations

import re

import pytest

from meetings import services
from meetings.models import AgendaItem
from tests.browser.test_journeys_browser import WIDTHS, Journey
from tests.meetings.factories import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tab(browser, live_server):
    opened = []

    def start(user, width):
        opened.append(Journey(browser, live_server, user, width))
        return opened[-1]

    yield start
    for journey in opened:
        journey.close()


def _titles(meeting) -> list[str]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("title", flat=True))


def _press(journey, action: str, title: str) -> None:
    """A move button: its name is the action and, for screen readers, the item's title."""
    journey.page.get_by_role("button", name=re.compile(rf"^{action}\W+{re.escape(title)}$")).click()
    journey.check()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_manager_changes_reorders_and_removes_agenda_items(tab, manager, leader, width):
    meeting = MeetingFactory(title="Crisis support working group", chair=manager)
    for title in ("Welcome and apologies", "Helpline opening hours at weekends and on bank holidays",
                  "Any other business"):
        services.agenda_item_add(meeting=meeting, title=title, purpose="discussion")
    journey = tab(manager, width)
    page = journey.page

    journey.go(f"/meetings/{meeting.pk}/")
    journey.click("link", "Change, reorder or remove agenda items")
    page.get_by_role("heading", name="Change the agenda").wait_for()

    _press(journey, "Move up", "Any other business")
    page.get_by_text("“Any other business” is moved up.").wait_for()
    assert _titles(meeting) == ["Welcome and apologies", "Any other business",
                                "Helpline opening hours at weekends and on bank holidays"]
    _press(journey, "Move down", "Welcome and apologies")
    assert _titles(meeting) == ["Any other business", "Welcome and apologies",
                                "Helpline opening hours at weekends and on bank holidays"]

    journey.click("link", "Change Helpline opening hours at weekends and on bank holidays")
    assert page.get_by_label("Title").input_value() == "Helpline opening hours at weekends and on bank holidays"
    page.get_by_label("Title").fill("Helpline opening hours")
    page.get_by_label("For decision").check()
    page.get_by_label("Who leads this item (optional)").select_option(label=leader.full_name)
    page.get_by_label("Minutes allowed (optional)").fill("20")
    journey.click("button", "Save changes")
    item = AgendaItem.objects.get(meeting=meeting, title="Helpline opening hours")
    assert (item.purpose, item.lead, item.minutes_allowed, item.order) == ("decision", leader, 20, 3)

    journey.click("link", "Remove Welcome and apologies")
    page.get_by_role("heading", name="Remove “Welcome and apologies” from the agenda?").wait_for()
    journey.click("button", "Yes, remove it")
    assert list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("order", "title")) == [
        (1, "Any other business"), (2, "Helpline opening hours")]

    journey.go(f"/meetings/{meeting.pk}/")
    page.get_by_role("heading", name="2. Helpline opening hours").wait_for()
    assert journey.checked == 9
