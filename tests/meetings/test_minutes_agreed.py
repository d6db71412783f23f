"""Minutes agreed with the people who were there: the leaders who attended see the draft first, then everyone
who attended; comments are kept with who wrote them; the chair accepts or answers each; the minutes go to the
group only then, and the chair of the next meeting records its approval."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coproduction.models import OutgoingEmail
from coproduction.transitions import steps
from meetings import minutes as minutes_service
from meetings import services
from meetings.minutes_models import MinutesComment
from meetings.models import Meeting, Minutes
from tests.factories import UserFactory
from tests.meetings.factories import MeetingFactory, add_member, london

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_attendee(group):
    person = UserFactory(full_name="Dana Wells", email="dana@example.org")
    add_member(group, person)
    return person


@pytest.fixture
def held(meeting, manager, leader, other_leader, staff_attendee):
    """The meeting was held: two leaders and a member of staff attended; the manager chairs it."""
    add_member(meeting.group, other_leader)
    services.attendance_record(meeting=meeting, entries={leader.pk: "in_person", other_leader.pk: "online",
                                                         staff_attendee.pk: "in_person"}, by=manager)
    return minutes_service.minutes_save(meeting=meeting, text="We agreed to open the line at weekends.",
                                        by=manager)


def emails_to(template):
    return sorted(OutgoingEmail.objects.filter(template=template).values_list("to", flat=True))


def test_the_draft_goes_to_the_leaders_first_then_the_attendees_then_the_group(
        held, meeting, manager, leader, other_leader, staff_attendee, client_for):
    review = reverse("meetings:minutes_review", args=[meeting.pk])
    chair_url = reverse("meetings:minutes_chair", args=[meeting.pk])
    # A draft is for the manager and the chair only.
    assert client_for(leader).get(review).status_code == 404
    assert "weekends" not in client_for(leader).get(reverse("meetings:meeting_detail", args=[meeting.pk])
                                                    ).content.decode()

    response = client_for(manager).post(chair_url, {"action": "send"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Minutes.Status.WITH_LEADERS
    assert emails_to("meetings-minutes-review") == ["jo@example.org", "kwame@example.org"]
    # Staff who attended wait for the second round.
    assert client_for(staff_attendee).get(review).status_code == 404
    with pytest.raises(PermissionDenied):
        minutes_service.comment_add(minutes=held, by=staff_attendee, text="Add the room booking.")

    page = client_for(leader).get(review).content.decode()
    assert "We agreed to open the line at weekends." in page and "Your comment" in page
    response = client_for(leader).post(review, {"text": "Say that it starts in May."})
    assert response.status_code == 302
    comment = MinutesComment.objects.get()
    assert (comment.author, comment.round, comment.text) == (leader, "with_leaders", "Say that it starts in May.")
    assert emails_to("meetings-minutes-comment") == ["sam@example.org"]
    assert "Comments on the minutes of Crisis support working group" in client_for(manager).get(
        reverse("home")).content.decode()

    # Only the chair acts: the leader may comment but not move the minutes on.
    assert client_for(leader).post(chair_url, {"action": "circulate"}).status_code == 403
    with pytest.raises(ValidationError, match="every comment"):
        minutes_service.minutes_circulate(minutes=held, by=manager)

    client_for(manager).post(chair_url, {"action": "open"})
    held.refresh_from_db()
    assert held.status == Minutes.Status.WITH_ATTENDEES
    assert emails_to("meetings-minutes-review") == ["dana@example.org", "jo@example.org", "kwame@example.org"]
    second = minutes_service.comment_add(minutes=held, by=staff_attendee, text="The room was Room 2.")

    # The chair accepts the first (through the page) and answers the second.
    response = client_for(manager).post(chair_url, {"action": "respond", "comment": comment.pk,
                                                    f"c{comment.pk}-decision": "accept"})
    assert response.status_code == 302
    with pytest.raises(ValidationError):
        minutes_service.comment_respond(comment=second, by=manager, accept=False, answer="")
    with pytest.raises(PermissionDenied):
        minutes_service.comment_respond(comment=second, by=leader, accept=True)
    minutes_service.comment_respond(comment=second, by=manager, accept=False,
                                    answer="It was Room 1; Room 2 was the week before.")
    comment.refresh_from_db()
    second.refresh_from_db()
    assert comment.status == MinutesComment.Status.ACCEPTED and comment.answered_by == manager
    assert second.status == MinutesComment.Status.ANSWERED
    assert emails_to("meetings-minutes-answer") == ["dana@example.org", "jo@example.org"]
    answer = OutgoingEmail.objects.get(template="meetings-minutes-answer", to="dana@example.org")
    assert "It was Room 1" in answer.body_text

    minutes_service.minutes_save(meeting=meeting, text="We agreed to open the line at weekends from May.",
                                 by=manager)
    client_for(manager).post(chair_url, {"action": "circulate"})
    held.refresh_from_db()
    assert held.status == Minutes.Status.CIRCULATED
    assert set(emails_to("meetings-minutes-circulated")) == {"jo@example.org", "kwame@example.org",
                                                            "dana@example.org", "sam@example.org"}
    with pytest.raises(ValidationError):
        minutes_service.minutes_save(meeting=meeting, text="Changed later.", by=manager)

    # Every comment stays with who wrote it, and the chair's answer, for everyone in the group to read.
    page = client_for(other_leader).get(review).content.decode()
    assert "Jo Bennett" in page and "Say that it starts in May." in page
    assert "It was Room 1; Room 2 was the week before." in page
    assert "Your comment" not in page
    assert [step.to_state for step in steps(held)] == ["draft", "with_leaders", "with_attendees", "circulated"]
    assert steps(held)[1].by == manager


def test_the_next_meeting_approves_and_its_chair_records_it(held, meeting, manager, leader, client_for):
    minutes_service.minutes_send_for_comments(minutes=held, by=manager)
    minutes_service.minutes_open_to_attendees(minutes=held, by=manager)
    next_meeting = MeetingFactory(group=meeting.group, chair=leader, starts_at=london(2027, 4, 13),
                                  ends_at=london(2027, 4, 13, 12))
    approve = reverse("meetings:minutes_approve", args=[meeting.pk])
    with pytest.raises(ValidationError, match="went to the group"):
        minutes_service.minutes_approve(minutes=held, at_meeting=next_meeting, by=leader)
    minutes_service.minutes_circulate(minutes=held, by=manager)

    # The manager chairs this meeting, not the next one: the next meeting's chair records the approval.
    assert client_for(manager).post(approve, {"at_meeting": next_meeting.pk}).status_code == 403
    page = client_for(leader).get(reverse("meetings:minutes_review", args=[meeting.pk])).content.decode()
    assert "Record approval" in page
    asked = client_for(leader).post(approve, {"at_meeting": next_meeting.pk})
    assert "Approved minutes cannot be changed." in asked.content.decode()  # it asks first, changing nothing
    held.refresh_from_db()
    assert held.status == Minutes.Status.CIRCULATED
    assert client_for(leader).post(approve, {"at_meeting": next_meeting.pk, "confirmed": "yes"}).status_code == 302

    held.refresh_from_db()
    assert held.status == Minutes.Status.APPROVED
    assert (held.approved_at_meeting, held.approved_by) == (next_meeting, leader)
    assert held.approved_at is not None
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.MINUTES_APPROVED
    last = steps(held)[-1]
    assert (last.to_state, last.by) == ("approved", leader)


def test_minutes_need_attendance_before_they_go_out(meeting, manager):
    minutes = minutes_service.minutes_save(meeting=meeting, text="Draft.", by=manager)
    with pytest.raises(ValidationError, match="who attended"):
        minutes_service.minutes_send_for_comments(minutes=minutes, by=manager)
