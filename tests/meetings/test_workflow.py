"""Planning a series, reminders to authors, accessible formats, attendance, minutes and the decision log."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from meetings import minutes as minutes_service
from meetings import packs, services
from meetings.models import AccessibleFormatRequest, Attendance, Decision, Meeting, Minutes
from meetings.services import series_dates
from tests.meetings.factories import MeetingFactory, london

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("first", "repeat", "count", "expected"), [
    # Second Tuesday of each month.
    (dt.date(2027, 1, 12), "monthly", 4,
     [dt.date(2027, 1, 12), dt.date(2027, 2, 9), dt.date(2027, 3, 9), dt.date(2027, 4, 13)]),
    # A fifth Friday becomes the last Friday of each month; across the year end.
    (dt.date(2027, 10, 29), "monthly", 3, [dt.date(2027, 10, 29), dt.date(2027, 11, 26), dt.date(2027, 12, 31)]),
    (dt.date(2027, 1, 5), "fortnightly", 3, [dt.date(2027, 1, 5), dt.date(2027, 1, 19), dt.date(2027, 2, 2)]),
    (dt.date(2027, 1, 5), "weekly", 2, [dt.date(2027, 1, 5), dt.date(2027, 1, 12)]),
])
def test_series_dates(first, repeat, count, expected):
    assert series_dates(first, repeat=repeat, count=count) == expected


def test_a_monthly_series_keeps_local_time_across_the_clock_change(group, manager):
    meetings = services.meeting_series_create(repeat="monthly", count=3, group=group, title="Monthly",
                                              starts_at=london(2027, 2, 9, 10), ends_at=london(2027, 2, 9, 12),
                                              place="Room 2", chair=manager)
    assert [m.starts_at for m in meetings] == [london(2027, 2, 9, 10), london(2027, 3, 9, 10),
                                              london(2027, 4, 13, 10)]
    assert len({m.series for m in meetings}) == 1


def test_planning_a_series_through_the_page(group, manager, client_for):
    response = client_for(manager).post(reverse("meetings:meeting_create"), {
        "group": group.pk, "title": "Monthly check-in", "date": "2027-01-12", "start_time": "10:00",
        "end_time": "11:30", "place": "Room 3", "online_details": "", "accessibility": "Step-free access",
        "chair": manager.pk, "repeat": "monthly", "count": "6",
    })
    assert response.status_code == 302
    assert Meeting.objects.filter(title="Monthly check-in").count() == 6


def test_the_plan_page_explains_mistakes(group, manager, client_for):
    response = client_for(manager).post(reverse("meetings:meeting_create"), {
        "group": group.pk, "title": "Bad", "date": "2027-01-12", "start_time": "11:00", "end_time": "10:00",
        "repeat": "none", "count": "1",
    })
    page = response.content.decode()
    assert "<title>Error: Plan a meeting" in page
    assert "The end time must be after the start time." in page
    assert "Enter a place, or how to join online, or both." in page


def test_reminders_go_to_authors_of_missing_papers_once(meeting, manager, leader,
                                                        django_capture_on_commit_callbacks):
    missing = services.paper_create(meeting=meeting, title="Missing paper", by=manager, author=leader)
    services.paper_create(meeting=meeting, title="No author", by=None)
    # The deadline is Tuesday 9 March 2027 at 17:00; three days before is inside the reminder window.
    with time_machine.travel(dt.datetime(2027, 3, 7, 8, tzinfo=dt.UTC), tick=False):
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_paper_reminders", stdout=out)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_paper_reminders", stdout=io.StringIO())
    assert "Reminders queued: 1" in out.getvalue()
    assert [m.to for m in mail.outbox] == [[leader.email]]
    assert "Missing paper" in mail.outbox[0].subject
    assert f"/meetings/papers/{missing.pk}/new-version/" in mail.outbox[0].body


def test_no_reminder_too_early_or_once_the_paper_is_in(meeting, manager, leader):
    paper = services.paper_create(meeting=meeting, title="Paper", by=manager, author=leader)
    with time_machine.travel(dt.datetime(2027, 2, 20, 8, tzinfo=dt.UTC), tick=False):
        assert packs.paper_reminders_send() == 0
    services.paper_version_add(paper=paper, by=leader, summary="Done.", content=b"text", filename="a.txt")
    with time_machine.travel(dt.datetime(2027, 3, 8, 8, tzinfo=dt.UTC), tick=False):
        assert packs.paper_reminders_send() == 0


def test_accessible_format_requests(meeting, leader, manager, other_leader, client_for):
    url = reverse("meetings:format_request", args=[meeting.pk])
    assert client_for(other_leader).get(url).status_code == 404

    response = client_for(leader).post(url, {"format": "large_print", "note": "Size 18, please."})
    assert response.status_code == 302
    request = AccessibleFormatRequest.objects.get()
    assert (request.person, request.format, request.note) == (leader, "large_print", "Size 18, please.")

    listing = client_for(manager).get(reverse("meetings:format_requests")).content.decode()
    assert "Size 18, please." in listing
    client_for(manager).post(reverse("meetings:format_request_done", args=[request.pk]))
    request.refresh_from_db()
    assert request.done_by == manager and request.done_at is not None


def test_recording_attendance(meeting, leader, manager, client_for):
    response = client_for(manager).post(reverse("meetings:attendance", args=[meeting.pk]), {
        f"person_{leader.pk}": "online", f"person_{manager.pk}": "in_person",
    })
    assert response.status_code == 302
    assert {(a.person, a.mode) for a in Attendance.objects.all()} == {(leader, "online"), (manager, "in_person")}
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD

    services.attendance_record(meeting=meeting, entries={leader.pk: None, manager.pk: "online"}, by=manager)
    assert {(a.person, a.mode) for a in Attendance.objects.all()} == {(manager, "online")}


def test_minutes_approval_is_recorded_by_the_chair_of_a_later_meeting(meeting, manager, leader):
    minutes = minutes_service.minutes_save(meeting=meeting, text="<b>We</b> agreed things.", by=manager)
    assert minutes.text == "We agreed things."
    earlier = MeetingFactory(group=meeting.group, starts_at=london(2027, 2, 1), ends_at=london(2027, 2, 1, 12),
                             chair=manager)
    later = MeetingFactory(group=meeting.group, starts_at=london(2027, 4, 1), ends_at=london(2027, 4, 1, 12),
                           chair=manager)
    services.attendance_record(meeting=meeting, entries={leader.pk: "in_person"}, by=manager)
    minutes_service.minutes_send_for_comments(minutes=minutes, by=manager)
    minutes_service.minutes_circulate(minutes=minutes, by=manager)

    with pytest.raises(ValidationError):
        minutes_service.minutes_approve(minutes=minutes, at_meeting=earlier, by=manager)
    with pytest.raises(PermissionDenied):
        minutes_service.minutes_approve(minutes=minutes, at_meeting=later, by=leader)
    minutes_service.minutes_approve(minutes=minutes, at_meeting=later, by=manager)

    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED and minutes.approved_at_meeting == later
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.MINUTES_APPROVED
    with pytest.raises(ValidationError):
        minutes_service.minutes_save(meeting=meeting, text="Changed", by=manager)


def test_decisions_are_recorded_searched_and_their_history_kept(meeting, manager, leader, other_leader,
                                                                 board_member, client_for):
    item = services.agenda_item_add(meeting=meeting, title="Helpline hours", purpose="decision")
    response = client_for(manager).post(reverse("meetings:decision_add", args=[meeting.pk]), {
        "title": "Extend helpline hours", "decision": "Open the helpline until midnight.",
        "rationale": "Leaders said evenings are hardest.", "agenda_item": item.pk, "owner": manager.pk,
        "due_on": "2027-06-30", "status": "agreed",
    })
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.agenda_item, decision.decided_on) == (item, dt.date(2027, 3, 16))
    services.decision_update(decision=decision, changes={"status": Decision.Status.IN_PROGRESS})
    services.decision_create(meeting=meeting, title="Something else", decision="Other.")

    search = reverse("meetings:decision_list") + "?q=midnight"
    for person in (manager, board_member, leader):  # manager and board: all; leader: their group
        page = client_for(person).get(search).content.decode()
        assert "Extend helpline hours" in page and "Something else" not in page
    assert "Extend helpline hours" not in client_for(other_leader).get(search).content.decode()
    assert client_for(other_leader).get(reverse("meetings:decision_detail", args=[decision.pk])).status_code == 404

    detail = client_for(board_member).get(reverse("meetings:decision_detail", args=[decision.pk])).content.decode()
    assert "Leaders said evenings are hardest." in detail and "In progress" in detail
    assert decision.history.count() == 2
