"""Sensible bounds on dates and amounts: one place says how far back and ahead each kind of date may be and
how large an amount may be, so a typing slip (1900, 2099, £50000 for a bus fare) is caught with a clear message.

Forms use these through `coproduction.formtools.SpecificErrors` (every DateField and DecimalField of every
form gets a window and a cap, the default unless the field names its own); services call `check_date` and
`check_amount` too, so the rule holds for every caller, not only the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone


@dataclass(frozen=True)
class Window:
    """Days before and after today that a date may be."""

    back: int
    ahead: int

    def limits(self, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        today = today or timezone.localdate()
        return today - dt.timedelta(days=self.back), today + dt.timedelta(days=self.ahead)


WINDOWS = {
    # Something a leader did, or paid for, and claims for: not in the future, and claims go in within the year.
    "activity": Window(back=366, ahead=0),
    # A meeting planned (or recorded late) and a listening event's report.
    "meeting": Window(back=366, ahead=3 * 366),
    "event": Window(back=3 * 366, ahead=0),
    # Due dates, closing dates and plans.
    "due": Window(back=366, ahead=5 * 366),
    # The day a payment run pays: soon, either way.
    "payment": Window(back=31, ahead=92),
    # Records of things that happened (memberships, training, conversations) and report ranges.
    "record": Window(back=20 * 366, ahead=366),
}
DEFAULT_WINDOW = "record"

# The largest amount any form accepts, by kind; the default covers a whole budget line.
CAPS = {
    "expense": Decimal("1000.00"),   # one receipt: a train fare, a night's stay
    "weekly": Decimal("5000.00"),    # a person's own weekly or monthly limit
    "budget": Decimal("10000000.00"),
}
DEFAULT_CAP = "budget"


def _day(value: dt.date) -> str:
    return f"{value:%-d %B %Y}"


def date_message(label: str, window: Window, today: dt.date | None = None) -> str:
    earliest, latest = window.limits(today)
    today = today or timezone.localdate()
    if latest == today:
        return f"{label} must be today or in the past, and no earlier than {_day(earliest)}"
    return f"{label} must be between {_day(earliest)} and {_day(latest)}"


def check_date(value: dt.date | None, *, kind: str = DEFAULT_WINDOW, label: str = "The date") -> None:
    """Raise a ValidationError with a clear message when `value` is outside the window for its kind."""
    if value is None:
        return
    window = WINDOWS[kind]
    earliest, latest = window.limits()
    if not earliest <= value <= latest:
        raise ValidationError(date_message(label, window), code="date_window")


def check_amount(value: Decimal | None, *, kind: str = DEFAULT_CAP, label: str = "The amount") -> None:
    """Amounts are more than nothing and no larger than the cap for their kind."""
    if value is None:
        return
    if value <= 0:
        raise ValidationError(f"{label} must be more than £0", code="amount_bounds")
    if value > CAPS[kind]:
        raise ValidationError(f"{label} must be £{CAPS[kind]:,.2f} or less", code="amount_bounds")
