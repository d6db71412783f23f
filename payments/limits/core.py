"""Shared pieces: money, the limits table, periods, citations. No database access."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Decimal | int | str | float) -> Decimal:
    """Round to the penny, half up (0.005 -> 0.01). The one rounding rule of the payments app.

    (A float only arrives from SQLite's SUM of decimals; it goes through str() so 0.1 stays 0.1.)
    """
    if isinstance(value, float):
        value = str(value)
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


class Basis(StrEnum):
    """Which date puts money in a period: the day it is paid (received) or the day the work was done."""

    PAID = "paid"
    WORKED = "worked"

    @classmethod
    def from_counts_by(cls, counts_by: str) -> Basis:
        """The limits table says "received" or "worked" (payments/data/benefit_limits.csv)."""
        return cls.WORKED if counts_by == "worked" else cls.PAID

    @property
    def counts_by(self) -> str:
        return "worked" if self is Basis.WORKED else "received"


@dataclass(frozen=True)
class Citation:
    """Where a rule comes from: the instrument and provision, and a public address for it."""

    title: str
    url: str
    note: str = ""

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class LimitValue:
    """One row of the limits table: a parameter's value from a date (to a date, inclusive)."""

    parameter: str
    amount: Decimal
    effective_from: dt.date
    effective_to: dt.date | None = None
    counts_by: str = "worked"   # "worked" (period the work was done) or "received" (period paid)
    verified: bool = True

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class LimitsMissing(LookupError):
    """The limits table has no value in force for a parameter on a date (the table needs a new row)."""


def value_on(limits: Iterable[LimitValue], parameter: str, day: dt.date) -> LimitValue:
    """The row for `parameter` in force on `day` (the latest-starting one if rows overlap)."""
    matches = [row for row in limits if row.parameter == parameter and row.in_force_on(day)]
    if not matches:
        raise LimitsMissing(f"No value for {parameter} on {day.isoformat()}.")
    return max(matches, key=lambda row: row.effective_from)


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        return f"{_long(self.start)} to {_long(self.end)}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _long(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def tax_year_of(day: dt.date) -> Period:
    """The UK tax year, 6 April to 5 April."""
    year = day.year if day >= dt.date(day.year, 4, 6) else day.year - 1
    return Period(dt.date(year, 4, 6), dt.date(year + 1, 4, 5))


def financial_year_of(day: dt.date) -> int:
    """The alliance's financial year (April to March), named by the year it starts."""
    return day.year if day.month >= 4 else day.year - 1
