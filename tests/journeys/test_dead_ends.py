"""No dead ends: planning a meeting whose papers deadline has passed says so before it is saved; a meeting page
never links to a page the reader would find "not found"."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from coproduction.models import GovernanceGroup
from engagement import services as listening
from meetings.models import Meeting
from tests.engagement.factories import DecisionFactory, EventFactory, FeedbackFactory
from tests.factories import GroupFactory
from tests.meetings.factories import MeetingFactory, NoticeRuleFactory, add_member

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2027, 3, 10, 9, tzinfo=dt.UTC), tick=False)
def test_planning_a_meeting_after_its_papers_deadline_warns_first(group, manager, client_for):
    NoticeRuleFactory(group=group, days=7)
    plan = {"group": group.pk, "title": "Soon", "date": "2027-03-12", "start_time": "10:00", "end_time": "11:00",
            "place": "Room 1", "repeat": "none", "count": "1"}
    response = client_for(manager).post(reverse("meetings:meeting_create"), plan)
    page = response.content.decode()
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert "The papers deadline for this meeting, Friday 5 March 2027, has already passed." in page
    assert 'name="deadline_passed_ok" value="yes"' in page

    response = client_for(manager).post(reverse("meetings:meeting_create"), {**plan, "deadline_passed_ok": "yes"})
    assert response.status_code == 302 and Meeting.objects.get().title == "Soon"


@time_machine.travel(dt.datetime(2027, 3, 10, 9, tzinfo=dt.UTC), tick=False)
def test_a_meeting_with_time_for_papers_is_planned_without_a_warning(group, manager, client_for):
    response = client_for(manager).post(reverse("meetings:meeting_create"), {
        "group": group.pk, "title": "Later", "date": "2027-04-20", "start_time": "10:00", "end_time": "11:00",
        "place": "Room 1", "repeat": "none", "count": "1"})
    assert response.status_code == 302


def test_the_meeting_page_offers_a_format_for_this_meeting_only_to_people_it_is_for(leader, manager, board_member,
                                                                                    client_for):
    board = GroupFactory(name="Alliance board", kind=GovernanceGroup.Kind.BOARD)
    add_member(board, leader)
    meeting = MeetingFactory(group=board, title="Alliance board")
    meeting_page = reverse("meetings:meeting_detail", args=[meeting.pk])
    ask = reverse("meetings:format_request", args=[meeting.pk])

    assert f'href="{ask}"' in client_for(leader).get(meeting_page).content.decode()  # invited: a member
    assert client_for(leader).get(ask).status_code == 200
    for person in (manager, board_member):  # they see the meeting but are not invited to it
        page = client_for(person).get(meeting_page)
        assert page.status_code == 200 and f'href="{ask}"' not in page.content.decode()
        assert client_for(person).get(ask).status_code == 404


def test_a_leaders_feedback_page_links_only_to_what_they_may_open(client_for, leader, manager):
    theirs = GroupFactory(name="Their working group")
    add_member(theirs, leader)
    someone_elses_event = EventFactory(title="Drop-in run by someone else")
    item = FeedbackFactory(logged_by=leader, event=someone_elses_event, text="The bus never comes.")
    in_their_group = DecisionFactory(title="Evening buses", meeting=MeetingFactory(group=theirs))
    elsewhere = DecisionFactory(title="Board budget")
    for decision in (in_their_group, elsewhere):
        listening.feedback_link_decision(item=item, decision=decision, how_it_shaped="x", by=manager)

    page = client_for(leader).get(reverse("engagement:feedback_detail", args=[item.pk])).content.decode()

    assert "Drop-in run by someone else" in page
    assert reverse("engagement:event_detail", args=[someone_elses_event.pk]) not in page  # they would get "not found"
    assert reverse("engagement:decision_detail", args=[in_their_group.pk]) not in page  # the board's trail page
    assert reverse("meetings:decision_detail", args=[in_their_group.pk]) in page  # their group's decision log
    assert "Board budget" in page and reverse("meetings:decision_detail", args=[elsewhere.pk]) not in page
    assert client_for(leader).get(reverse("meetings:decision_detail", args=[in_their_group.pk])).status_code == 200
