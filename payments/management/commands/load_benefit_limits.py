from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from payments.loading import load_benefit_limits


class Command(BaseCommand):
    help = "Load (or bring up to date) the benefit limits and HMRC mileage rates shipped in payments/data/."

    def handle(self, *args: Any, **options: Any) -> None:
        limits, mileage = load_benefit_limits()
        self.stdout.write(f"Benefit limits: {limits} rows; mileage rates: {mileage} rows.")
