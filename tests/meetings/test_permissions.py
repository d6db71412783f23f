"""Who may see what: papers only for people invited (and the manager, and board members for the board),
404 for a meeting someone is not invited to, 403 for manager pages, and the private calendar feed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from coproduction.models import AuditEvent, GovernanceGroup
from meetings import access, packs, services
from tests.factories import GroupFactory, UserFactory
from tests.meetings.factories import MeetingFactory, add_member, london, paper_with_text

pytestmark = pytest.mark.django_db


def download_url(paper, version):
    return reverse("meetings:paper_download", args=[paper.pk, version.pk])


def test_an_invited_member_downloads_a_paper_as_an_attachment(meeting, leader, manager, client_for):
    paper, version = paper_with_text(meeting, text="Hello <script>alert(1)</script>", by=manager)

    response = client_for(leader).get(download_url(paper, version))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert version.download_filename in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert b"".join(response.streaming_content) == b"Hello <script>alert(1)</script>"


def test_a_guest_can_download_but_someone_not_invited_gets_404(meeting, manager, other_leader, client_for):
    paper, version = paper_with_text(meeting, by=manager)

    assert client_for(other_leader).get(download_url(paper, version)).status_code == 404
    assert AuditEvent.objects.filter(action="access_refused", actor=other_leader).exists()

    services.meeting_guest_add(meeting=meeting, person=other_leader)
    assert client_for(other_leader).get(download_url(paper, version)).status_code == 200


def test_a_former_member_cannot_see_meetings_after_they_left(meeting, manager, client_for):
    former = UserFactory()
    add_member(meeting.group, former, ended_on=dt.date(2027, 1, 31))
    paper, version = paper_with_text(meeting, by=manager)

    assert client_for(former).get(download_url(paper, version)).status_code == 404
    assert client_for(former).get(reverse("meetings:meeting_detail", args=[meeting.pk])).status_code == 404


def test_board_members_see_board_papers_but_not_working_group_papers(meeting, manager, board_member, client_for):
    board = GroupFactory(name="Alliance Board", kind=GovernanceGroup.Kind.BOARD)
    board_meeting = MeetingFactory(group=board, title="Board")
    board_paper, board_version = paper_with_text(board_meeting, by=manager)
    paper, version = paper_with_text(meeting, by=manager)
    client = client_for(board_member)

    assert client.get(download_url(board_paper, board_version)).status_code == 200
    assert client.get(download_url(paper, version)).status_code == 404


def test_a_paper_id_with_another_papers_version_is_not_found(meeting, manager, leader, client_for):
    paper, _ = paper_with_text(meeting, by=manager)
    _, other_version = paper_with_text(meeting, title="Other", by=manager)

    assert client_for(leader).get(download_url(paper, other_version)).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(meeting, manager, client):
    paper, version = paper_with_text(meeting, by=manager)
    response = client.get(download_url(paper, version))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", ["meeting_create", "format_requests"])
def test_manager_pages_are_403_for_leaders(name, leader, client_for):
    response = client_for(leader).get(reverse(f"meetings:{name}"))
    assert response.status_code == 403
    assert "Your role does not let you" in response.content.decode()


@pytest.mark.parametrize("name", ["pack_send", "paper_add", "agenda_item_add", "attendance", "minutes_edit",
                                  "decision_add", "meeting_edit", "meeting_cancel"])
def test_meeting_manager_pages_are_403_for_an_invited_leader(name, meeting, leader, client_for):
    response = client_for(leader).get(reverse(f"meetings:{name}", args=[meeting.pk]))
    assert response.status_code == 403


def test_a_meeting_someone_is_not_invited_to_is_404(meeting, other_leader, client_for):
    response = client_for(other_leader).get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode() or response.status_code == 404


def test_a_held_late_version_is_hidden_from_invitees(meeting, manager, leader, client_for):
    paper, first = paper_with_text(meeting, by=manager)
    with time_machine.travel("2027-03-01 09:00Z", tick=False):
        packs.pack_send(meeting=meeting, by=manager)
        late = services.paper_version_add(paper=paper, by=manager, summary="Changed.", content=b"New text",
                                          filename="new.txt", late_reason="A figure was wrong.")
    assert late.held

    assert client_for(leader).get(download_url(paper, late)).status_code == 404
    assert client_for(manager).get(download_url(paper, late)).status_code == 200
    page = client_for(leader).get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert download_url(paper, first) in page and download_url(paper, late) not in page


# --- The private calendar feed --------------------------------------------------------------------------

def feed_url(token, secret):
    return reverse("meetings:calendar_feed", args=[token.public_id, secret])


def test_the_feed_lists_only_the_persons_own_meetings(meeting, leader, other_leader, client):
    other_group = GroupFactory()
    add_member(other_group, other_leader)
    not_mine = MeetingFactory(group=other_group, title="Someone else's meeting")
    token, secret = services.feed_token_create(person=leader)

    response = client.get(feed_url(token, secret))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    uids = {str(event["UID"]) for event in calendar.events}
    assert uids == {f"meeting-{meeting.pk}@127.0.0.1"}
    assert f"meeting-{not_mine.pk}@" not in response.content.decode()


def test_a_revoked_or_wrong_feed_token_is_404(meeting, leader, client):
    token, secret = services.feed_token_create(person=leader)
    assert client.get(feed_url(token, secret[:-1] + ("A" if secret[-1] != "A" else "B"))).status_code == 404

    services.feed_token_revoke(person=leader)
    assert client.get(feed_url(token, secret)).status_code == 404


def test_a_new_feed_link_stops_the_old_one(meeting, leader, client):
    old, old_secret = services.feed_token_create(person=leader)
    new, new_secret = services.feed_token_create(person=leader)

    assert client.get(feed_url(old, old_secret)).status_code == 404
    assert client.get(feed_url(new, new_secret)).status_code == 200


def test_the_feed_secret_is_not_stored(leader):
    token, secret = services.feed_token_create(person=leader)
    token.refresh_from_db()
    assert secret not in token.secret_hash and len(secret) >= 40


def test_another_persons_secret_does_not_open_my_feed(leader, other_leader, client):
    mine, _ = services.feed_token_create(person=leader)
    _, their_secret = services.feed_token_create(person=other_leader)
    assert client.get(feed_url(mine, their_secret)).status_code == 404


def test_the_calendar_page_shows_the_link_once(leader, client_for):
    client = client_for(leader)
    response = client.post(reverse("meetings:calendar_settings"), {"action": "create"})
    assert response.status_code == 200
    assert "/meetings/calendar/" in response.content.decode()
    again = client.get(reverse("meetings:calendar_settings")).content.decode()
    assert ".ics" not in again


def test_the_single_meeting_download(meeting, leader, other_leader, client_for):
    response = client_for(leader).get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200
    [event] = Calendar.from_ical(response.content).events
    assert event.decoded("DTSTART") == london(2027, 3, 16, 10)
    assert client_for(other_leader).get(reverse("meetings:meeting_ics", args=[meeting.pk])).status_code == 404


def test_a_member_is_invited_to_the_meetings_held_on_the_days_of_their_membership_in_london(group):
    """From the first day of a membership to its last, both included, as days in London: at 00:30 on a
    summer day it is still the day before in UTC, and at 23:30 in winter it is the same day."""
    member = UserFactory()
    add_member(group, member, started_on=dt.date(2027, 6, 1), ended_on=dt.date(2027, 12, 1))
    add_member(group, member, started_on=dt.date(2028, 2, 1))  # came back

    def meeting_at(when):
        return MeetingFactory(group=group, starts_at=when, ends_at=when + dt.timedelta(minutes=20))

    shown = [meeting_at(london(2027, 6, 1, 0, 30)), meeting_at(london(2027, 12, 1, 23, 30)),
             meeting_at(london(2028, 2, 1, 0, 10))]
    hidden = [meeting_at(london(2027, 5, 31, 23, 50)), meeting_at(london(2027, 12, 2, 0, 10)),
              meeting_at(london(2028, 1, 31, 23, 50)), MeetingFactory(starts_at=london(2027, 7, 1))]

    invited = set(access.invited_meetings(member).values_list("pk", flat=True))
    assert {m.pk for m in shown} <= invited
    assert not invited & {m.pk for m in hidden}
    assert set(access.visible_meetings(member).values_list("pk", flat=True)) == invited
    assert [access.is_invited(member, m) for m in shown + hidden] == [True] * 3 + [False] * 4
