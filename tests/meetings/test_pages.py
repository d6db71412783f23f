"""Pages render for each role and run a constant number of queries as meetings and papers grow."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduction.models import GovernanceGroup
from meetings import minutes as minutes_service
from meetings import packs, services
from meetings.models import Attendance
from meetings.views import MEETINGS_PER_PAGE
from tests.factories import GroupFactory, UserFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, add_member, london, paper_with_text

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC)


def grow(group, manager, leader, *, meetings: int, start_day: int) -> None:
    """Meetings (some past, some to come) each with agenda items, papers, a pack, a format request and a
    decision."""
    for index in range(meetings):
        start = london(2027, 1 + (start_day + index) % 6, 1 + (start_day + index) % 27, 10)
        meeting = MeetingFactory(group=group, chair=manager, starts_at=start, ends_at=start + dt.timedelta(hours=1))
        item = AgendaItemFactory(meeting=meeting, lead=leader)
        for number in range(2):
            paper_with_text(meeting, title=f"Paper {index}-{number}", by=manager, author=leader, agenda_item=item)
        services.format_request_create(meeting=meeting, person=leader, format="large_print")
        services.decision_create(meeting=meeting, title=f"Decision {index}", decision="Agreed.", owner=leader,
                                 agenda_item=item)
        Attendance.objects.create(meeting=meeting, person=leader)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@time_machine.travel(NOW, tick=False)
def test_list_and_detail_pages_run_constant_queries(group, manager, leader, board_member, client_for,
                                                    django_assert_num_queries, django_capture_on_commit_callbacks):
    add_member(group, leader)
    add_member(group, manager)
    grow(group, manager, leader, meetings=3, start_day=0)
    meeting = MeetingFactory(group=group, chair=manager, starts_at=london(2027, 3, 20), ends_at=london(2027, 3, 20, 12))
    AgendaItemFactory(meeting=meeting)
    paper_with_text(meeting, by=manager)
    with django_capture_on_commit_callbacks(execute=True):
        packs.pack_send(meeting=meeting, by=manager)
    pages = {
        "list": reverse("meetings:meeting_list"),
        "detail": reverse("meetings:meeting_detail", args=[meeting.pk]),
        "decisions": reverse("meetings:decision_list") + "?q=Decision",
        "formats": reverse("meetings:format_requests"),
        "report": reverse("meetings:compliance_report") + "?start=2026-01-01&end=2027-12-31",
        "home": reverse("home"),
    }
    people = {"manager": client_for(manager), "leader": client_for(leader)}
    for client in people.values():
        client.get(pages["home"])  # the first request of a session records it (allauth user sessions)
    baseline = {(who, name): count_queries(people[who], url) for who in people for name, url in pages.items()
                if not (who == "leader" and name in ("formats", "report"))}

    grow(group, manager, leader, meetings=6, start_day=7)
    for extra in range(5):
        paper = services.paper_create(meeting=meeting, title=f"Extra {extra}", by=manager,
                                      agenda_item=AgendaItemFactory(meeting=meeting))
        services.paper_version_add(paper=paper, by=manager, summary="Extra.", content=b"Extra", filename="e.txt",
                                   late_reason="Added after the pack.")
        services.meeting_guest_add(meeting=meeting, person=UserFactory())

    for (who, name), expected in baseline.items():
        # Each page: session, the person with their roles (and the authenticator check for staff), then a fixed set of
        # reads: meetings with group, notice rule and chair in one query; papers and their versions in two;
        # agenda, dispatches with counts, late requests, minutes, decisions and format requests one each.
        with django_assert_num_queries(expected, info=f"{who} {name}"):
            response = people[who].get(pages[name])
        assert response.status_code == 200, (who, name)


@time_machine.travel(NOW, tick=False)
def test_the_meeting_page_shows_the_deadline_everywhere_the_meeting_is_planned(meeting, manager, leader, client_for):
    expected = "Tuesday 9 March 2027"  # 7 calendar days before Tuesday 16 March, at 5pm
    for url in (reverse("meetings:meeting_detail", args=[meeting.pk]), reverse("meetings:meeting_list"),
                reverse("meetings:pack_send", args=[meeting.pk]), reverse("meetings:paper_add", args=[meeting.pk]),
                reverse("meetings:agenda_item_add", args=[meeting.pk])):
        page = client_for(manager).get(url).content.decode()
        assert expected in page and "5pm" in page and "p.m." not in page, url


@time_machine.travel(NOW, tick=False)
def test_a_leader_reads_the_papers_from_the_meeting_page(meeting, manager, leader, client_for,
                                                         django_capture_on_commit_callbacks):
    paper_with_text(meeting, by=manager)
    with django_capture_on_commit_callbacks(execute=True):
        packs.pack_send(meeting=meeting, by=manager)
    client = client_for(leader)

    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "I have read the papers" in page and "Manage this meeting" not in page
    home = client.get(reverse("home")).content.decode()
    assert "Papers for Crisis support working group" in home

    client.post(reverse("meetings:papers_read", args=[meeting.pk]))
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "You told us you read the papers" in page


@time_machine.travel(NOW, tick=False)
def test_the_manager_sends_the_pack_from_the_page_and_sees_who_has_it(meeting, manager, leader, client_for,
                                                                      django_capture_on_commit_callbacks):
    client = client_for(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:pack_send", args=[meeting.pk]), {"action": "send"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert leader.full_name in page
    assert re.search(r'<dt class="govuk-summary-list__key">Sent</dt><dd class="govuk-summary-list__value">2</dd>', page)


def test_after_the_deadline_the_send_page_asks_the_chair(meeting, manager, client_for):
    with time_machine.travel(dt.datetime(2027, 3, 12, 9, tzinfo=dt.UTC), tick=False):
        client = client_for(manager)
        url = reverse("meetings:pack_send", args=[meeting.pk])
        assert "must approve sending the papers late" in client.get(url).content.decode()
        client.post(url, {"action": "send"})
        assert not meeting.dispatches.exists()
        client.post(url, {"action": "ask_chair", "reason": "Figures were late."})
        assert meeting.late_requests.get().reason == "Figures were late."


def test_admins_set_notice_rules(admin_user, manager, client_for):
    group = GroupFactory(name="Alliance Board", kind=GovernanceGroup.Kind.BOARD)
    assert client_for(manager).get(reverse("meetings:notice_rules")).status_code == 403
    response = client_for(admin_user).post(reverse("meetings:notice_rule_edit", args=[group.pk]),
                                           {"days": "5", "kind": "working"})
    assert response.status_code == 302
    assert str(group.notice_rule) == "5 working days"


@time_machine.travel(NOW, tick=False)
def test_manager_pages_render(meeting, manager, client_for):
    minutes_service.minutes_save(meeting=meeting, text="Draft.", by=manager)
    client = client_for(manager)
    for name in ("meeting_edit", "meeting_cancel", "guest_add", "agenda_item_add", "paper_add", "attendance",
                 "minutes_edit", "decision_add", "meeting_history"):
        assert client.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 200, name
    assert client.get(reverse("meetings:calendar_settings")).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_meetings_page_shows_the_next_ten_and_pages_on_as_meetings_pile_up(meeting, leader, client_for):
    for day in range(1, 40):
        MeetingFactory(group=meeting.group, title=f"Coming meeting {day}", starts_at=london(2027, 4, 1) + dt.timedelta(days=day))
    client = client_for(leader)

    first = client.get(reverse("meetings:meeting_list")).content.decode()
    assert first.count("Coming meeting ") == MEETINGS_PER_PAGE - 1  # the fixture's own meeting comes first
    assert "Coming meeting 1<" in first and f"Coming meeting {MEETINGS_PER_PAGE}<" not in first
    assert 'href="?upcoming=2"' in first and 'rel="next"' in first

    second = client.get(reverse("meetings:meeting_list"), {"upcoming": 2}).content.decode()
    assert f"Coming meeting {MEETINGS_PER_PAGE}<" in second and "Coming meeting 1<" not in second


@time_machine.travel(NOW, tick=False)
def test_a_meeting_under_way_is_still_coming_up_and_not_yet_past(meeting, leader, client_for):
    MeetingFactory(group=meeting.group, title="Under way now", starts_at=NOW - dt.timedelta(hours=1),
                   ends_at=NOW + dt.timedelta(hours=1))
    MeetingFactory(group=meeting.group, title="Ended this morning", starts_at=NOW - dt.timedelta(hours=3),
                   ends_at=NOW - dt.timedelta(hours=2))

    page = client_for(leader).get(reverse("meetings:meeting_list")).content.decode()

    coming, past = page.split("Past meetings</h2>")
    assert "Under way now" in coming and "Under way now" not in past
    assert "Ended this morning" in past and "Ended this morning" not in coming
    assert coming.index("Under way now") < coming.index(meeting.title)  # soonest first
