"""Payment records of erased people are kept 6 years after the financial year (admin-set), then removed by
a scheduled task; nobody else's are ever removed; the ledger stays append-only for everything else."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction

from coproduction.models import DataRetention
from coproduction.privacy import financial_year_end, payment_records_kept_until, person_erase
from payments.models import Claim, Expense, FeeLine, LedgerEntry, PayableActivity
from payments.tasks import purge_expired_payment_records
from tests.privacy.conftest import claim_for

pytestmark = pytest.mark.django_db
CLAIMED = dt.datetime(2026, 5, 10, 10, 0, tzinfo=dt.UTC)


def at(day: str):
    return time_machine.travel(dt.datetime.fromisoformat(day + "T04:00:00+00:00"), tick=False)


def records_of(person) -> dict[str, int]:
    return {
        "claims": Claim.objects.filter(person=person).count(),
        "fee_lines": FeeLine.objects.filter(claim__person=person).count(),
        "activities": PayableActivity.objects.filter(person=person).count(),
        "expenses": Expense.objects.filter(claim__person=person).count(),
        "steps": Claim.history.filter(person=person).count(),
        "ledger": LedgerEntry.objects.filter(person=person).count(),
    }


@pytest.mark.parametrize(("day", "end"), [
    ("2026-05-10", "2027-03-31"), ("2026-04-01", "2027-03-31"), ("2026-03-31", "2026-03-31"),
    ("2027-01-15", "2027-03-31"),
])
def test_the_financial_year_runs_april_to_march(day, end):
    assert financial_year_end(dt.date.fromisoformat(day)) == dt.date.fromisoformat(end)


def test_a_claim_paid_in_may_2026_is_kept_until_march_2033(db):
    assert payment_records_kept_until(dt.date(2026, 5, 10)) == dt.date(2033, 3, 31)


@pytest.fixture
def two_claims(zeb, other_leader, manager, finance, admin_user):
    with time_machine.travel(CLAIMED, tick=False):
        erased_claim = claim_for(zeb, manager, finance)
        kept_claim = claim_for(other_leader, manager, finance, day="2026-05-11")
    with time_machine.travel(CLAIMED + dt.timedelta(days=30), tick=False):
        person_erase(person=zeb, by=admin_user)
    return erased_claim, kept_claim


def test_nothing_is_removed_before_the_retention_ends(zeb, other_leader, two_claims):
    before = records_of(zeb), records_of(other_leader)

    with at("2033-03-31"):
        assert purge_expired_payment_records.call() == 0

    assert (records_of(zeb), records_of(other_leader)) == before
    assert all(before[0].values())


def test_after_the_retention_only_the_erased_persons_records_go(zeb, other_leader, two_claims):
    erased_claim, kept_claim = two_claims
    theirs_before = records_of(other_leader)
    expense = Expense.objects.filter(claim=kept_claim).first()

    with at("2033-04-01"):
        assert purge_expired_payment_records.call() == 1

    assert set(records_of(zeb).values()) == {0}
    assert not Claim.history.filter(id=erased_claim.pk).exists()
    assert records_of(other_leader) == theirs_before  # never removed: not erased
    assert default_storage.exists(expense.receipt_name)

    with at("2040-01-01"):
        purge_expired_payment_records.call()
    assert records_of(other_leader) == theirs_before


def test_the_admin_sets_the_retention_period(zeb, two_claims):
    retention = DataRetention.load()
    retention.payment_records_years = 2
    retention.save()

    with at("2029-03-31"):
        purge_expired_payment_records.call()
    assert records_of(zeb)["claims"] == 1
    with at("2029-04-01"):
        purge_expired_payment_records.call()
    assert records_of(zeb)["claims"] == 0


def test_an_ordinary_delete_or_change_of_a_ledger_entry_is_still_refused(zeb, manager, finance):
    claim_for(zeb, manager, finance)
    entry = LedgerEntry.objects.first()
    memo = entry.memo

    with pytest.raises(ValueError, match="cannot be deleted"):
        entry.delete()
    with pytest.raises(ValueError, match="cannot be deleted"):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(ValueError, match="cannot be changed"):
        LedgerEntry.objects.filter(pk=entry.pk).update(memo="changed")
    entry.memo = "changed"
    with pytest.raises(ValueError, match="cannot be changed"):
        entry.save()
    assert LedgerEntry.objects.filter(pk=entry.pk, memo=memo).exists()


@pytest.mark.postgres
def test_the_database_refuses_a_delete_without_the_purge_setting_and_any_update(zeb, manager, finance):
    claim_for(zeb, manager, finance)
    entry = LedgerEntry.objects.first()
    memo = entry.memo
    table = LedgerEntry._meta.db_table

    for sql in (f"DELETE FROM {table} WHERE id = %s", f"UPDATE {table} SET memo = 'x' WHERE id = %s"):  # noqa: S608
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [entry.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
        c.execute("SET LOCAL portal.retention_purge = 'on'")
        c.execute(f"UPDATE {table} SET memo = 'x' WHERE id = %s", [entry.pk])  # noqa: S608

    assert LedgerEntry.objects.filter(pk=entry.pk, memo=memo).exists()
    deleted = LedgerEntry.objects.purge_for_retention(LedgerEntry.objects.filter(pk=entry.pk))
    assert deleted == 1
    # The purge turns the setting off again: the rest of the transaction is append-only as before.
    other = LedgerEntry.objects.first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
        c.execute(f"DELETE FROM {table} WHERE id = %s", [other.pk])  # noqa: S608
