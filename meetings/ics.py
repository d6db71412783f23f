"""Calendar files (RFC 5545) with icalendar 7: invites (REQUEST), cancellations (CANCEL), downloads and the
personal feed (PUBLISH). Stable UID `meeting-<pk>@<host>`, SEQUENCE from the meeting, exclusive DTEND, and a
VTIMEZONE for Europe/London covering only the years needed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from .deadlines import LONDON
from .models import Meeting

PRODID = "-//Co-production portal//Meetings//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"


def site_host() -> str:
    return urlsplit(getattr(settings, "SITE_URL", "http://localhost")).hostname or "localhost"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{site_host()}"


def organizer_address() -> vCalAddress:
    email = getattr(settings, "MEETINGS_ORGANIZER_EMAIL", "") or _from_address()
    return vCalAddress.new(email, cn=getattr(settings, "MEETINGS_ORGANIZER_NAME", "Co-production team"))


def _from_address() -> str:
    return parseaddr(getattr(settings, "DEFAULT_FROM_EMAIL", "portal@example.org"))[1] or "portal@example.org"


def _location(meeting: Meeting) -> str:
    parts = [meeting.place, meeting.online_details]
    return " / ".join(part for part in parts if part)


def _description(meeting: Meeting) -> str:
    url = getattr(settings, "SITE_URL", "").rstrip("/") + reverse("meetings:meeting_detail", args=[meeting.pk])
    lines = [f"{meeting.group.name}.", f"Agenda and papers: {url}"]
    if meeting.online_details:
        lines.append(f"Joining online: {meeting.online_details}")
    if meeting.accessibility:
        lines.append(f"Access: {meeting.accessibility}")
    return "\n".join(lines)


def _event(meeting: Meeting, *, attendees: Sequence[Any], cancelled: bool, stamp: dt.datetime) -> Event:
    status = "CANCELLED" if cancelled or meeting.is_cancelled else "CONFIRMED"
    event = Event.new(
        uid=meeting_uid(meeting),
        sequence=meeting.sequence,
        stamp=stamp,
        start=timezone.localtime(meeting.starts_at, LONDON),
        end=timezone.localtime(meeting.ends_at, LONDON),  # DTEND is exclusive (RFC 5545)
        summary=meeting.title,
        location=_location(meeting) or None,
        description=_description(meeting),
        organizer=organizer_address(),
        attendees=[
            vCalAddress.new(person.email, cn=person.full_name or person.email, role="REQ-PARTICIPANT",
                            partstat="NEEDS-ACTION", rsvp=False)
            for person in attendees
        ] or None,
        status=status,
    )
    return event


def build_calendar(meetings: Iterable[Meeting], *, method: str, attendees: Sequence[Any] = (),
                   name: str | None = None) -> bytes:
    """One calendar holding the given meetings. `attendees` (people) are listed on each event."""
    meetings = list(meetings)
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    calendar = Calendar.new(prodid=PRODID, method=method, name=name)
    for meeting in meetings:
        calendar.add_component(_event(meeting, attendees=attendees, cancelled=method == CANCEL, stamp=stamp))
    if meetings:
        first = min(timezone.localtime(m.starts_at, LONDON).date() for m in meetings)
        last = max(timezone.localtime(m.ends_at, LONDON).date() for m in meetings)
        # A narrow range: the VTIMEZONE needs only the rules around these dates.
        calendar.add_missing_timezones(first_date=first - dt.timedelta(days=366),
                                       last_date=last + dt.timedelta(days=366))
    return calendar.to_ical()


def invite(meeting: Meeting, person: Any) -> bytes:
    """The invite in a person's pack email: REQUEST, or CANCEL once the meeting is cancelled."""
    method = CANCEL if meeting.is_cancelled else REQUEST
    return build_calendar([meeting], method=method, attendees=[person])
