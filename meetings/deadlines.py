"""The papers deadline: pure date arithmetic, no database.

Rule: the deadline day is N days before the meeting's local date (Europe/London), counting either calendar
days or working days. Working days skip Saturdays, Sundays and England and Wales bank holidays (from the
`holidays` package, offline). The meeting's own day is never counted; with working days the deadline day is
itself a working day.

The deadline is **17:00 (Europe/London) on the deadline day** — the end of a working day, so "papers by
Tuesday" means by 5pm on Tuesday. 17:00 is never inside a clock change, so the aware datetime is exact in
both GMT and BST.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
DEADLINE_TIME = dt.time(17, 0)
CALENDAR = "calendar"
WORKING = "working"


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def deadline_date(meeting_date: dt.date, days: int, kind: str) -> dt.date:
    """The last day papers can go out with the required notice."""
    if kind == CALENDAR:
        return meeting_date - dt.timedelta(days=days)
    if kind != WORKING:
        raise ValueError(f"Unknown notice kind: {kind!r}")
    day = meeting_date
    counted = 0
    while counted < days:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def papers_deadline(meeting_start: dt.datetime, days: int, kind: str) -> dt.datetime:
    """The papers deadline for a meeting starting at `meeting_start` (aware), as an aware London datetime."""
    if meeting_start.tzinfo is None:
        raise ValueError("meeting_start must be timezone-aware")
    meeting_date = meeting_start.astimezone(LONDON).date()
    return dt.datetime.combine(deadline_date(meeting_date, days, kind), DEADLINE_TIME, tzinfo=LONDON)


def days_of_notice(sent_at: dt.datetime, meeting_start: dt.datetime) -> int:
    """Whole days between the day papers went out and the meeting's day (London dates, so clock changes
    do not shorten a day)."""
    return (meeting_start.astimezone(LONDON).date() - sent_at.astimezone(LONDON).date()).days
