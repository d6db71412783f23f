"""Scheduled payments work: removing erased people's payment records once their retention has passed."""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.tasks import task
from django.utils import timezone

from coproduction.models import DataRetention, ErasureRequest
from coproduction.privacy import payment_records_kept_until
from coproduction.schedule import cron

from .models import Claim, Expense, FeeLine, LedgerEntry, PayableActivity


def expired_claim_ids(*, today: dt.date | None = None) -> list[int]:
    """Claims of people whose data was erased, kept past the end of their retention period.

    A claim's date is its latest: paid, created, or its newest ledger entry. It is kept until 31 March,
    `DataRetention.payment_records_years` years after the financial year (April to March) of that date.
    """

    today = today or timezone.localdate()
    years = DataRetention.load().payment_records_years
    erased = ErasureRequest.objects.filter(carried_out_at__isnull=False).values("person_id")
    expired = []
    for claim in (Claim.objects.filter(person_id__in=erased).annotate(last_entry=Max("ledger_entries__at"))
                  .only("pk", "paid_on", "created_at")):
        dates = [timezone.localtime(claim.created_at).date()]
        if claim.paid_on:
            dates.append(claim.paid_on)
        if claim.last_entry:
            dates.append(timezone.localtime(claim.last_entry).date())
        if payment_records_kept_until(max(dates), years=years) < today:
            expired.append(claim.pk)
    return expired


def purge_claims(claim_ids: list[int]) -> int:
    """Delete these claims with their fee lines, activities, expenses (and receipts), steps and ledger entries."""
    if not claim_ids:
        return 0
    with transaction.atomic():
        LedgerEntry.objects.purge_for_retention(LedgerEntry.objects.filter(claim_id__in=claim_ids))
        for name in Expense.objects.filter(claim_id__in=claim_ids).exclude(receipt_name="").values_list(
                "receipt_name", flat=True):
            transaction.on_commit(lambda name=name: default_storage.delete(name))
        expense_ids = list(Expense.objects.filter(claim_id__in=claim_ids).values_list("pk", flat=True))
        Expense.objects.filter(pk__in=expense_ids).delete()
        fee_lines = FeeLine.objects.filter(claim_id__in=claim_ids)
        fee_line_ids = list(fee_lines.values_list("pk", flat=True))
        activity_ids = list(fee_lines.values_list("activity_id", flat=True))
        fee_lines.delete()
        PayableActivity.objects.filter(pk__in=activity_ids).delete()
        count, _ = Claim.objects.filter(pk__in=claim_ids).delete()
        # Their history rows go with them (written after the deletes: a delete records a history row).
        Claim.history.filter(id__in=claim_ids).delete()
        Expense.history.filter(id__in=expense_ids).delete()
        FeeLine.history.filter(id__in=fee_line_ids).delete()
        PayableActivity.history.filter(id__in=activity_ids).delete()
    return count


def expired_unclaimed_activity_ids(*, today: dt.date | None = None) -> list[int]:
    """Activities of erased people never put in a claim, past the retention after their financial year."""

    today = today or timezone.localdate()
    years = DataRetention.load().payment_records_years
    erased = ErasureRequest.objects.filter(carried_out_at__isnull=False).values("person_id")
    return [pk for pk, day in PayableActivity.objects.filter(person_id__in=erased, fee_line__isnull=True)
            .values_list("pk", "date") if payment_records_kept_until(day, years=years) < today]


@cron("0 3 * * *")  # every night at 03:00 (Europe/London), run by `manage.py scheduler`
@task()
def purge_expired_payment_records() -> int:
    """Remove erased people's payment records once the retention period after their financial year ended."""
    with transaction.atomic():
        count = purge_claims(expired_claim_ids())
        activity_ids = expired_unclaimed_activity_ids()
        PayableActivity.objects.filter(pk__in=activity_ids).delete()
        PayableActivity.history.filter(id__in=activity_ids).delete()
    return count
