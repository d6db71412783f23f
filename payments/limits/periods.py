"""Benefit weeks and Universal Credit assessment periods.

Benefit weeks. Each person's benefit week starts on a day set for their claim, not always Monday: the ESA
Regulations 2013 (SI 2013/379) reg 2 define a benefit week as "a period of seven days ending on such day as
the Secretary of State may direct"; for Carer's Allowance and Pension Credit it follows the pay day
(Computation of Earnings Regulations 1996, SI 1996/2745, reg 2(1); State Pension Credit Regulations 2002,
SI 2002/1792, reg 1(2)). `week_of` takes the start day; when it is unknown, `seven_day_windows` gives every
seven-day window containing a day, so a check can take the safe side.

Assessment periods. Universal Credit Regulations 2013 (SI 2013/376) reg 21(2): each assessment period
begins on the same day of each month, except that (a) if the first date of entitlement is the 31st, each
period begins on the last day of the month, and (b) if it is the 29th or 30th, each period begins on that
day "except in February when it begins on the 27th day or, in a leap year, the 28th day".
https://www.legislation.gov.uk/uksi/2013/376/regulation/21
"""

from __future__ import annotations

import calendar
import datetime as dt

from .core import Period

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def week_of(day: dt.date, starts_on: int = 0) -> Period:
    """The seven-day benefit week containing `day` that starts on weekday `starts_on` (0 Monday .. 6 Sunday).

    Called with one argument it keeps the portal's old Monday-to-Sunday week.
    """
    if not 0 <= starts_on <= 6:
        raise ValueError("A benefit week starts on a weekday from 0 (Monday) to 6 (Sunday).")
    start = day - dt.timedelta(days=(day.weekday() - starts_on) % 7)
    return Period(start, start + dt.timedelta(days=6))


def seven_day_windows(day: dt.date) -> list[Period]:
    """Every seven-day window containing `day`: the seven possible benefit weeks (safe side when unknown)."""
    return [week_of(day, starts_on) for starts_on in range(7)]


def assessment_period_start(year: int, month: int, start_day: int) -> dt.date:
    """The day an assessment period begins in a month (UC Regulations 2013 reg 21(2), quoted above)."""
    if not 1 <= start_day <= 31:
        raise ValueError("An assessment period starts on a day from 1 to 31.")
    last = calendar.monthrange(year, month)[1]
    if start_day == 31:
        return dt.date(year, month, last)                               # reg 21(2)(a)
    if start_day in (29, 30) and month == 2:
        return dt.date(year, 2, 28 if calendar.isleap(year) else 27)    # reg 21(2)(b)
    return dt.date(year, month, start_day)


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def assessment_period_of(day: dt.date, start_day: int = 1) -> Period:
    """The Universal Credit assessment period (a month, reg 21) that contains `day`."""
    start = assessment_period_start(day.year, day.month, start_day)
    if day < start:
        year, month = _add_months(day.year, day.month, -1)
        start = assessment_period_start(year, month, start_day)
    year, month = _add_months(start.year, start.month, 1)
    return Period(start, assessment_period_start(year, month, start_day) - dt.timedelta(days=1))


def calendar_month_of(day: dt.date) -> Period:
    return assessment_period_of(day, 1)
