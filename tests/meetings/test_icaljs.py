"""The .ics files also parse with ical.js, the independent parser Thunderbird uses (npm, test-only).

Install with `npm ci --prefix tests/meetings/icaljs`. Without node or the module the test is skipped with a
reason, unless REQUIRE_BROWSER is set (as in CI), where that is a failure."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from meetings import ics, services
from tests.meetings.factories import london

HERE = Path(__file__).parent / "icaljs"
SCRIPT = HERE / "parse_ics.mjs"


def parse_with_icaljs(content: bytes, tmp_path: Path) -> dict:
    node = shutil.which("node")
    problem = ""
    if node is None:
        problem = "node is not installed"
    elif not (HERE / "node_modules" / "ical.js" / "package.json").exists():
        problem = "ical.js is not installed: run `npm ci --prefix tests/meetings/icaljs`"
    if problem:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{problem} (REQUIRE_BROWSER is set)")
        pytest.skip(problem)
    path = tmp_path / "invite.ics"
    path.write_bytes(content)
    result = subprocess.run([node, str(SCRIPT), str(path)], capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@time_machine.travel("2027-03-01 09:00Z", tick=False)
def test_the_invite_parses_with_icaljs(meeting, leader, tmp_path):
    parsed = parse_with_icaljs(ics.invite(meeting, leader), tmp_path)

    assert parsed["method"] == "REQUEST"
    assert parsed["timezones"] == ["Europe/London"]
    [event] = parsed["events"]
    assert event["uid"] == f"meeting-{meeting.pk}@127.0.0.1"
    assert event["sequence"] == 0
    assert event["status"] == "CONFIRMED"
    assert event["dtstart_tzid"] == "Europe/London"
    assert event["dtstart"] == "2027-03-16T10:00:00"
    assert event["dtend"] == "2027-03-16T12:00:00"
    assert event["organizer"].lower() == "mailto:portal@example.org"
    assert event["attendees"] == [{"value": f"mailto:{leader.email}", "cn": "Jo Bennett", "partstat": "NEEDS-ACTION"}]


@time_machine.travel("2027-03-01 09:00Z", tick=False)
def test_a_changed_then_cancelled_meeting_parses_with_icaljs(meeting, leader, manager, tmp_path):
    services.meeting_update(meeting=meeting, by=manager, starts_at=london(2027, 3, 30, 10),
                            ends_at=london(2027, 3, 30, 12))  # now after the clock change: BST
    services.meeting_cancel(meeting=meeting, reason="No longer needed.", by=manager)
    meeting.refresh_from_db()

    parsed = parse_with_icaljs(ics.invite(meeting, leader), tmp_path)

    assert parsed["method"] == "CANCEL"
    [event] = parsed["events"]
    assert event["sequence"] == 2
    assert event["status"] == "CANCELLED"
    assert event["dtstart"] == "2027-03-30T10:00:00"
    assert timezone.localtime(meeting.starts_at).utcoffset().total_seconds() == 3600


@time_machine.travel("2027-03-01 09:00Z", tick=False)
def test_the_feed_of_many_meetings_parses_with_icaljs(meeting, leader, manager, tmp_path):
    services.meeting_series_create(repeat="monthly", count=6, group=meeting.group, title="Monthly",
                                   starts_at=london(2027, 1, 12, 10), ends_at=london(2027, 1, 12, 12),
                                   place="Room 2", chair=manager)
    from meetings.access import invited_meetings

    parsed = parse_with_icaljs(ics.build_calendar(invited_meetings(leader), method=ics.PUBLISH), tmp_path)

    assert parsed["method"] == "PUBLISH"
    assert len(parsed["events"]) == 7
    assert {event["dtstart"][11:] for event in parsed["events"]} == {"10:00:00"}
