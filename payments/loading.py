"""Load the shipped limits and mileage tables (payments/data/*.csv) into the database. Idempotent."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from coproduction.upsert import upsert

from . import models

DATA = Path(__file__).resolve().parent / "data"


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def load_benefit_limits(models_module: object | None = None) -> tuple[int, int]:
    """Create or update every row of the two CSV files; returns (limits rows, mileage rows)."""
    models_module = models_module or models
    BenefitLimit = models_module.BenefitLimit  # type: ignore[attr-defined]
    MileageRate = models_module.MileageRate  # type: ignore[attr-defined]
    limits = mileage = 0
    with (DATA / "benefit_limits.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            upsert(
                BenefitLimit.objects, parameter=row["parameter"], effective_from=_date(row["effective_from"]),
                values={"amount": Decimal(row["amount"]), "effective_to": _date(row["effective_to"]),
                        "counts_by": row["counts_by"], "verified": row["verified"] == "yes",
                        "source_title": row["source_title"], "source_url": row["source_url"],
                        "note": row["note"][:300]})
            limits += 1
    with (DATA / "hmrc_mileage_rates.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            upsert(
                MileageRate.objects, vehicle=row["vehicle"], rate=Decimal(row["rate"]),
                effective_from=_date(row["effective_from"]),
                values={"up_to_miles": int(row["up_to_miles"]) if row["up_to_miles"] else None,
                        "effective_to": _date(row["effective_to"]), "source_title": row["source_title"],
                        "source_url": row["source_url"]})
            mileage += 1
    return limits, mileage
