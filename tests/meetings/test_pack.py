"""Sending the pack: one email per person invited, papers attached (or linked when large), a valid calendar
invite; updates raise SEQUENCE; a cancellation sends METHOD:CANCEL; running the task again sends nothing new."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from icalendar import Calendar

from coproduction import background
from coproduction.models import OutgoingEmail
from meetings import packs, services
from meetings.models import Meeting, PackDispatch, PackRecipient
from meetings.packs import send_dispatch
from tests.factories import UserFactory
from tests.meetings.factories import add_member, london, paper_with_text

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_DEADLINE = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)  # the meeting is on 16 March 2027


def attachment(message, filename):
    for item in message.attachments:
        if item[0] == filename:
            return item
    raise AssertionError(f"{filename} not attached; have {[a[0] for a in message.attachments]}")


def parse_invite(message) -> Calendar:
    _, content, mimetype = attachment(message, "invite.ics")
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_each_invited_person_gets_one_email_with_papers_and_a_calendar_invite(meeting, leader, manager, outsider):
    guest = UserFactory(full_name="Guest Speaker", email="guest@example.org")
    services.meeting_guest_add(meeting=meeting, person=guest)
    former = UserFactory(email="former@example.org")
    add_member(meeting.group, former, started_on=dt.date(2020, 1, 1), ended_on=dt.date(2027, 1, 1))
    services.agenda_item_add(meeting=meeting, title="Crisis line hours", purpose="decision", lead=leader)
    _, version = paper_with_text(meeting, text="# Crisis line\n\nWe propose longer hours.", by=manager)

    dispatch = packs.pack_send(meeting=meeting, by=manager)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([leader.email, manager.email, guest.email])
    message = next(m for m in mail.outbox if m.to == [leader.email])
    assert message.subject == "Papers for Crisis support working group on Tuesday 16 March 2027"
    assert "Crisis line hours" in message.body and "What we plan and what we ask you to agree." in message.body
    _, content, mimetype = attachment(message, version.download_filename)
    content = content.encode() if isinstance(content, str) else content  # Django decodes text/* to str
    assert content == b"# Crisis line\n\nWe propose longer hours." and mimetype == "text/markdown"
    assert message.alternatives and "Crisis line hours" in message.alternatives[0][0]

    dispatch.refresh_from_db()
    assert dispatch.on_time and dispatch.completed_at is not None and dispatch.sent_by == manager
    assert dispatch.recipients.count() == 3
    assert all(r.email.status == OutgoingEmail.Status.SENT for r in dispatch.recipients.select_related("email"))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PAPERS_SENT

    calendar = parse_invite(message)
    assert calendar["METHOD"] == "REQUEST"
    assert attachment(message, "invite.ics")[2] == "text/calendar; method=REQUEST"
    assert calendar["PRODID"].startswith("-//Co-production portal")
    [timezone_component] = calendar.timezones
    assert timezone_component["TZID"] == "Europe/London"
    assert {sub.name for sub in timezone_component.subcomponents} == {"STANDARD", "DAYLIGHT"}
    [event] = calendar.events
    assert event["UID"] == f"meeting-{meeting.pk}@127.0.0.1"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "Crisis support working group"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART") == london(2027, 3, 16, 10)
    assert event.decoded("DTEND") == london(2027, 3, 16, 12)
    assert "Room 1, Town Hall" in event["LOCATION"]
    assert str(event["ORGANIZER"]).lower() == "mailto:portal@example.org"
    [attendee] = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert str(attendee).lower() == f"mailto:{leader.email}"
    assert attendee.params["CN"] == "Jo Bennett" and attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert "DTSTAMP" in event


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_running_the_task_again_sends_nobody_a_duplicate(meeting, leader, manager):
    paper_with_text(meeting, by=manager)
    dispatch = packs.pack_send(meeting=meeting, by=manager)
    assert len(mail.outbox) == 2

    send_dispatch.enqueue(dispatch.pk)
    packs.dispatch_run(dispatch_id=dispatch.pk)

    assert len(mail.outbox) == 2
    assert OutgoingEmail.objects.filter(key__startswith=f"pack:{meeting.pk}:").count() == 2
    assert PackRecipient.objects.filter(dispatch=dispatch).count() == 2


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_a_worker_that_stopped_half_way_finishes_without_duplicates(meeting, leader, manager, other_leader):
    add_member(meeting.group, other_leader)
    # As if the worker stopped after queuing the leader's email but before sending it or reaching the others.
    dispatch = PackDispatch.objects.create(meeting=meeting, kind=PackDispatch.Kind.PACK, sent_by=manager)
    half_done = OutgoingEmail.objects.create(key=f"pack:{meeting.pk}:{leader.pk}:{dispatch.pk}", to=leader.email,
                                             recipient=leader, template="meetings-pack", subject="Papers",
                                             body_text="Papers")
    PackRecipient.objects.create(dispatch=dispatch, person=leader, email=half_done)

    packs.dispatch_run(dispatch_id=dispatch.pk)
    packs.dispatch_run(dispatch_id=dispatch.pk)
    background.recover()  # the leader's email, never enqueued, is picked up by the sweep
    background.recover()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([leader.email, manager.email, other_leader.email])
    half_done.refresh_from_db()
    assert half_done.status == OutgoingEmail.Status.SENT and half_done.attempts == 1


@time_machine.travel(BEFORE_DEADLINE, tick=False)
@override_settings(MEETINGS_ATTACH_LIMIT_BYTES=10)
def test_large_papers_are_linked_not_attached(meeting, leader, manager):
    paper, version = paper_with_text(meeting, text="A paper longer than ten bytes.", by=manager)

    packs.pack_send(meeting=meeting, by=manager)

    message = next(m for m in mail.outbox if m.to == [leader.email])
    assert [a[0] for a in message.attachments] == ["invite.ics"]
    assert f"/meetings/papers/{paper.pk}/v/{version.pk}/download/" in message.body
    assert PackRecipient.objects.get(person=leader).attached is False


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_a_failed_email_is_recorded_with_its_reason_and_tried_again_later(meeting, leader, manager):
    broken = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                          "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}}
    with override_settings(MAILERS=broken):
        dispatch = packs.pack_send(meeting=meeting, by=manager)

    recipient = PackRecipient.objects.select_related("email").get(dispatch=dispatch, person=leader)
    assert recipient.email.status == OutgoingEmail.Status.RETRYING  # the server is down: a temporary failure
    assert "ConnectionRefusedError" in recipient.email.error
    assert recipient.email.next_attempt_at is not None


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_changing_the_time_sends_an_update_with_a_higher_sequence(meeting, leader, manager):
    packs.pack_send(meeting=meeting, by=manager)
    mail.outbox.clear()

    services.meeting_update(meeting=meeting, by=manager, starts_at=london(2027, 3, 16, 14),
                            ends_at=london(2027, 3, 16, 16))

    message = next(m for m in mail.outbox if m.to == [leader.email])
    assert message.subject.startswith("Changed: Crisis support working group")
    [event] = parse_invite(message).events
    assert event["SEQUENCE"] == 1
    assert event["UID"] == f"meeting-{meeting.pk}@127.0.0.1"
    assert event.decoded("DTSTART") == london(2027, 3, 16, 14)
    assert parse_invite(message)["METHOD"] == "REQUEST"


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_a_change_that_does_not_touch_the_calendar_keeps_the_sequence(meeting, manager):
    services.meeting_update(meeting=meeting, by=manager, title="New title")
    meeting.refresh_from_db()
    assert meeting.sequence == 0
    assert mail.outbox == []  # no pack yet, nothing to update


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_cancelling_sends_method_cancel(meeting, leader, manager):
    packs.pack_send(meeting=meeting, by=manager)
    mail.outbox.clear()

    services.meeting_cancel(meeting=meeting, reason="The venue flooded.", by=manager)

    message = next(m for m in mail.outbox if m.to == [leader.email])
    assert message.subject == "Cancelled: Crisis support working group on Tuesday 16 March 2027"
    assert "The venue flooded." in message.body
    calendar = parse_invite(message)
    assert calendar["METHOD"] == "CANCEL"
    assert attachment(message, "invite.ics")[2] == "text/calendar; method=CANCEL"
    [event] = calendar.events
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert event["UID"] == f"meeting-{meeting.pk}@127.0.0.1"
    assert len(mail.outbox) == 2


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_the_pack_cannot_be_sent_twice(meeting, manager):
    from django.core.exceptions import ValidationError

    packs.pack_send(meeting=meeting, by=manager)
    with pytest.raises(ValidationError):
        packs.pack_send(meeting=meeting, by=manager)


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_marking_the_papers_read(meeting, leader, manager, other_leader):
    packs.pack_send(meeting=meeting, by=manager)

    assert services.papers_mark_read(meeting=meeting, person=leader) is True
    assert services.papers_mark_read(meeting=meeting, person=other_leader) is False

    recipient = PackRecipient.objects.get(person=leader)
    assert recipient.read_at == BEFORE_DEADLINE
