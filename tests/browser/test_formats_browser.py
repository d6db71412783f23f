"""In a real browser, with axe: a leader records their communication needs once; the pack goes out; the web
version of the paper (and of the agenda) that the portal made passes axe with no violations, as do the pages
for agreeing the minutes and the one-click stop."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from coproduction.models import Membership
from engagement import telling
from meetings import minutes as minutes_service
from meetings import packs, services
from meetings.format_models import CommunicationNeeds, FormatFile
from tests.browser.conftest import assert_accessible
from tests.browser.test_meetings_browser import sign_in
from tests.factories import GroupFactory, MembershipFactory
from tests.meetings.factories import MeetingFactory, NoticeRuleFactory, paper_with_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAPER = """# Crisis line at weekends

## What we ask

We ask the group to agree that the crisis line opens on Saturdays and Sundays from May.

- Open from 10am to 10pm
- Two more staff on each shift

## What it costs

The cost is met from the money already agreed.
"""


def test_the_web_version_of_each_paper_passes_axe(page, live_server, manager, leader):
    group = GroupFactory(name="Working group: crisis support")
    NoticeRuleFactory(group=group, days=5, kind="working")
    MembershipFactory(group=group, person=leader, started_on=dt.date(2020, 1, 1))
    MembershipFactory(group=group, person=manager, started_on=dt.date(2020, 1, 1),
                      role_in_group=Membership.RoleInGroup.STAFF)
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=30)
    meeting = MeetingFactory(group=group, title="Crisis support working group", chair=manager, starts_at=start,
                             ends_at=start + dt.timedelta(hours=2))
    services.agenda_item_add(meeting=meeting, title="Weekend opening", purpose="decision")
    paper_with_text(meeting, title="Crisis line at weekends", text=PAPER, by=manager)

    sign_in(page, live_server, leader)
    page.goto("/meetings/needs/mine/")
    assert_accessible(page)
    page.get_by_label("An accessible web version").check()
    page.get_by_label("Large print").check()
    page.get_by_role("button", name="Save my needs").click()
    page.get_by_text("Your needs are saved.").wait_for()
    assert_accessible(page)
    assert CommunicationNeeds.objects.get(person=leader).web_version

    packs.pack_send(meeting=meeting, by=manager)
    [sent] = [m for m in mail.outbox if "formats you asked for" in m.subject]
    links = re.findall(r"http\S+(/meetings/formats/file/\d+/)", sent.body)
    web = {f.pk for f in FormatFile.objects.filter(kind="web")}
    web_links = [link for link in links if int(link.rstrip("/").rsplit("/", 1)[1]) in web]
    assert len(web_links) == 2  # the agenda and the paper
    for link in web_links:
        response = page.goto(link)
        assert response.status == 200 and response.headers["content-type"].startswith("text/html")
        assert page.locator("main h1").count() == 1
        assert_accessible(page)
    page.goto(web_links[1])
    page.get_by_role("heading", name="What it costs").wait_for()
    assert page.get_by_role("listitem").count() == 2
    # The styles came through with their nonce: the page is in its readable font size.
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18


def test_the_minutes_and_stop_pages_pass_axe(page, live_server, manager, leader):
    from engagement.models import FeedbackItem
    from tests.engagement.factories import FeedbackFactory

    group = GroupFactory(name="Working group: crisis support")
    MembershipFactory(group=group, person=leader, started_on=dt.date(2020, 1, 1))
    meeting = MeetingFactory(group=group, title="Crisis support working group", chair=manager)
    services.attendance_record(meeting=meeting, entries={leader.pk: "in_person"}, by=manager)
    minutes = minutes_service.minutes_save(meeting=meeting, text="We agreed to open at weekends.", by=manager)
    minutes_service.minutes_send_for_comments(minutes=minutes, by=manager)

    sign_in(page, live_server, leader)
    page.goto(f"/meetings/{meeting.pk}/minutes/review/")
    assert_accessible(page)
    page.get_by_label("Your comment").fill("Say that it starts in May.")
    page.get_by_role("button", name="Send my comment").click()
    page.get_by_text("Your comment is sent to the chair.").wait_for()
    assert_accessible(page)

    sign_in(page, live_server, manager)
    page.goto(f"/meetings/{meeting.pk}/minutes/review/")
    assert_accessible(page)
    page.get_by_label("Accept: the minutes will be changed").check()
    page.get_by_role("button", name="Save my answer").click()
    page.get_by_role("button", name="Send the minutes to the group").wait_for()
    assert_accessible(page)

    item = FeedbackFactory(consent=FeedbackItem.Consent.QUOTE, themes=[])  # the flushed database has no themes
    contact = telling.contact_save(item=item, may_contact=True, email="told@example.org")
    page.context.clear_cookies()
    page.goto(f"/listening/stop/{telling.stop_token(contact)}/")
    assert_accessible(page)
    page.get_by_role("button", name="Stop the messages").click()
    page.get_by_role("heading", name="Messages stopped").wait_for()
    assert_accessible(page)
