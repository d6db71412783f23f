"""Markup in a person's text stays text in what the portal sends and files it makes: messages after an action,
email subjects and bodies, PDFs, and calendar files (where a line break could add a property)."""

from __future__ import annotations

import io

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from coproduction.models import OutgoingEmail
from recruitment.services import invitation_send
from tests.factories import GroupFactory, UserFactory
from tests.meetings.factories import MeetingFactory, add_member
from tests.security.test_markup_everywhere import PAYLOADS, came_through

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("payload", list(PAYLOADS.values()))
def test_a_message_naming_a_person_shows_their_name_as_text(client_for, manager, payload):
    person = UserFactory(full_name=f"Jo {payload}"[:150])
    group = GroupFactory()

    response = client_for(manager).post(reverse("memberships_manage", args=[person.pk]), {
        "group": group.pk, "role_in_group": "ebe_leader", "started_on": timezone.localdate().isoformat(),
    }, follow=True)

    html = response.content.decode()
    assert "is added to" in html
    assert came_through(html) == []


@pytest.mark.parametrize("payload", list(PAYLOADS.values()))
def test_an_email_naming_a_person_keeps_their_name_as_text(payload):
    person = UserFactory(full_name=f"Jo {payload}"[:150])
    person.set_unusable_password()
    person.save()

    invitation_send(person=person)

    email = OutgoingEmail.objects.get(recipient=person)
    assert "\n" not in email.subject
    assert email.body_html and came_through(email.body_html) == []
    assert payload in email.body_text  # the plain-text body is plain text: the name as typed
    assert lxml.html.fromstring(email.body_html).text_content().count(payload) == 1


def test_a_meeting_title_cannot_add_lines_to_a_calendar_file(client_for, leader):
    group = GroupFactory()
    add_member(group, leader)
    title = "Board\r\nATTENDEE:mailto:evil@example.org\r\nURL:https://evil.example/ <a data-xp href=//e>"
    meeting = MeetingFactory(group=group, title=title, place="Room 1\nDESCRIPTION:fake")

    response = client_for(leader).get(reverse("meetings:meeting_ics", args=[meeting.pk]))

    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == title.replace("\r\n", "\n")  # one property, the text kept
    assert "URL" not in events[0]
    assert "evil@example.org" not in str(events[0].get("ATTENDEE", ""))
    assert b"\r\nATTENDEE:mailto:evil" not in response.content


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


@pytest.mark.parametrize("payload", [PAYLOADS["link"], PAYLOADS["tag breakout"], PAYLOADS["image with a handler"]])
def test_a_statement_pdf_prints_markup_in_a_name_as_text(client_for, leader, payload):
    leader.full_name = f"Jo {payload}"
    leader.save()

    response = client_for(leader).get(reverse("payments:statement_tax_year_pdf", args=[2025]))

    assert response["Content-Type"] == "application/pdf"
    assert payload.replace(" ", "") in pdf_text(response.content).replace(" ", "")  # shown, not obeyed
    assert b"evil.example" not in response.content or b"/URI" not in response.content
