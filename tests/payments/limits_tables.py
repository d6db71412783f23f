"""Shared by the limits tests: the shipped limits table and small builders."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from payments.limits import Earning, LimitValue

D = Decimal
DATA = Path(__file__).resolve().parents[2] / "payments" / "data" / "benefit_limits.csv"


def _table() -> list[LimitValue]:
    with DATA.open(newline="") as handle:
        return [LimitValue(parameter=row["parameter"], amount=D(row["amount"]),
                           effective_from=dt.date.fromisoformat(row["effective_from"]),
                           effective_to=dt.date.fromisoformat(row["effective_to"]) if row["effective_to"] else None,
                           counts_by=row["counts_by"], verified=row["verified"] == "yes")
                for row in csv.DictReader(handle)]


TABLE = _table()


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def pay(amount: str, worked: str, paid: str | None = None, *, hours: str = "3", key: str = "",
        is_fee: bool = True, kind: str = "") -> Earning:
    """An amount worked on `worked` and paid on `paid` (the same day if not given)."""
    return Earning(amount=D(amount), worked_on=day(worked), paid_on=day(paid or worked), hours=D(hours),
                   key=key or f"{worked}/{amount}", is_fee=is_fee, kind=kind)
