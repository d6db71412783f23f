"""The papers deadline: 17:00 London time on the Nth calendar or working day before the meeting's day.

Working days skip weekends and England and Wales bank holidays; the clock change never moves the deadline
off 17:00 local time."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings.deadlines import LONDON, days_of_notice, deadline_date, is_working_day, papers_deadline

UTC = dt.UTC


def at(year, month, day, hour=10, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


# (meeting start in London, days, kind, expected deadline day, expected UTC offset hours of 17:00 that day)
CASES = [
    # Calendar days ignore bank holidays.
    (at(2027, 1, 5), 7, "calendar", dt.date(2026, 12, 29), 0),
    # Working days across Christmas and New Year 2026-27: Boxing Day observed Mon 28 Dec, New Year Fri 1 Jan.
    (at(2027, 1, 5), 5, "working", dt.date(2026, 12, 24), 0),
    (at(2027, 1, 4), 1, "working", dt.date(2026, 12, 31), 0),
    # Christmas 2027 falls at a weekend: observed Mon 27 and Tue 28 December.
    (at(2027, 12, 30), 3, "working", dt.date(2027, 12, 23), 0),
    # Easter 2027 (Good Friday 26 March, Easter Monday 29 March) straddles the clock change (28 March).
    (at(2027, 3, 31), 5, "working", dt.date(2027, 3, 22), 0),
    (at(2027, 4, 1), 2, "working", dt.date(2027, 3, 30), 1),
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
    (at(2026, 4, 7), 5, "working", dt.date(2026, 3, 27), 0),
    # Early May bank holiday 2027: Monday 3 May.
    (at(2027, 5, 6), 3, "working", dt.date(2027, 4, 30), 1),
    # Calendar days across the March clock change: deadline in GMT, meeting in BST.
    (at(2027, 4, 3), 7, "calendar", dt.date(2027, 3, 27), 0),
    # The clock-change day itself (Sunday 28 March 2027) as the deadline day.
    (at(2027, 4, 4), 7, "calendar", dt.date(2027, 3, 28), 1),
    # Across the October clock change (Sunday 31 October 2027): deadline in BST, meeting in GMT.
    (at(2027, 11, 1), 7, "calendar", dt.date(2027, 10, 25), 1),
    (at(2027, 11, 2), 2, "working", dt.date(2027, 10, 29), 1),
    (at(2027, 11, 1), 1, "working", dt.date(2027, 10, 29), 1),
    # An ordinary week: Monday meeting, five working days back is the Monday before.
    (at(2027, 4, 12), 5, "working", dt.date(2027, 4, 5), 1),
    # A meeting on a Sunday counts back from the Friday.
    (at(2027, 6, 13), 1, "working", dt.date(2027, 6, 11), 1),
    # No notice at all: 5pm on the meeting's own day.
    (at(2027, 6, 14), 0, "calendar", dt.date(2027, 6, 14), 1),
]


@pytest.mark.parametrize(("start", "days", "kind", "expected_day", "offset_hours"), CASES)
def test_papers_deadline(start, days, kind, expected_day, offset_hours):
    deadline = papers_deadline(start, days, kind)

    assert deadline.date() == expected_day
    assert (deadline.hour, deadline.minute) == (17, 0)
    assert deadline.utcoffset() == dt.timedelta(hours=offset_hours)
    assert deadline.astimezone(UTC).hour == 17 - offset_hours
    if kind == "working":
        assert is_working_day(deadline.date())


def test_the_meetings_local_date_counts_not_its_utc_date():
    # 00:30 BST on 1 July is 23:30 UTC on 30 June: the meeting's day is 1 July.
    start = dt.datetime(2027, 6, 30, 23, 30, tzinfo=UTC)
    assert papers_deadline(start, 1, "calendar").date() == dt.date(2027, 6, 30)


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="aware"):
        papers_deadline(dt.datetime(2027, 6, 30, 10), 1, "calendar")


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        deadline_date(dt.date(2027, 6, 30), 1, "fortnights")


@pytest.mark.parametrize(("sent", "start", "expected"), [
    # A week of notice across the March clock change is still 7 days (the short day does not count less).
    (at(2027, 3, 27, 18), at(2027, 4, 3, 10), 7),
    (at(2027, 10, 30, 9), at(2027, 11, 1, 9), 2),
    (at(2027, 6, 14, 8), at(2027, 6, 14, 10), 0),
])
def test_days_of_notice_are_counted_in_london_dates(sent, start, expected):
    assert days_of_notice(sent, start) == expected
