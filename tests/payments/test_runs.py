"""Payment runs: budgets, limits re-checked, the bank file, encrypted bank details, ledger = claims."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduction.transitions import steps
from payments import services
from payments.models import BudgetLine, BudgetOverride, Claim, LedgerEntry, PaymentDetails, PaymentRun
from tests.factories import PASSWORD
from tests.payments.factories import bank, benefit_rule, paid_claim

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _june_2025():
    with time_machine.travel(dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _build(finance, **kwargs):
    return services.run_build(by=finance, method=PaymentRun.Method.BANK_FILE, payment_date=dt.date(2025, 6, 13),
                              **kwargs)


def test_a_bank_run_makes_a_file_banks_accept_and_pays_each_claim_once(leader, other_leader, manager, finance,
                                                                       rates, client_for):
    bank(leader, "30-99-50", "12345678", "Jo Bennett")
    bank(other_leader, "401276", "87654321", "Kwame Mensah")
    first = paid_claim(leader, manager, finance, ["2025-06-02"], parking="3.50")
    second = paid_claim(other_leader, manager, finance, ["2025-06-03"], hours="1")
    run, held = _build(finance)
    assert held == {"limits": [], "details": [], "reasons": []}
    assert run.total == D("63.50")
    response = client_for(finance).post(reverse("payments:run_file", args=[run.pk]))  # the run page's button
    assert response["Content-Disposition"] == f'attachment; filename="payment-run-{run.pk}.csv"'
    assert response.content.decode().splitlines() == [
        "Sort code,Account number,Account name,Amount,Reference",
        f"309950,12345678,JO BENNETT,43.50,{first.reference}",
        f"401276,87654321,KWAME MENSAH,20.00,{second.reference}",
    ]
    # "The bank has paid this run" cannot be undone: a page asks first, listing each claim; nothing changes yet.
    asked = client_for(finance).post(reverse("payments:run_detail", args=[run.pk]), {"action": "mark_paid"})
    assert asked.status_code == 200 and "Has the bank paid this run?" in asked.content.decode()
    assert first.reference in asked.content.decode() and "£43.50" in asked.content.decode()
    assert set(Claim.objects.values_list("status", flat=True)) == {"in_run"}
    confirm = {"action": "mark_paid", "confirmed": "yes"}
    client_for(finance).post(reverse("payments:run_detail", args=[run.pk]), confirm)
    client_for(finance).post(reverse("payments:run_detail", args=[run.pk]), confirm)  # twice
    assert set(Claim.objects.values_list("status", flat=True)) == {"paid"}
    paid = LedgerEntry.objects.filter(entry_type="paid")
    assert paid.aggregate(t=Sum("amount"))["t"] == Claim.objects.aggregate(
        t=Sum("fees_total") + Sum("expenses_total"))["t"] == D("63.50")
    assert paid.filter(kind="fee").aggregate(t=Sum("amount"))["t"] == D("60.00")
    assert paid.filter(kind="expense").aggregate(t=Sum("amount"))["t"] == D("3.50")
    assert LedgerEntry.objects.filter(entry_type="committed").aggregate(t=Sum("amount"))["t"] == D("0.00")
    client_for(finance).post(reverse("payments:run_detail", args=[run.pk]), {"action": "reconcile"})
    assert set(Claim.objects.values_list("status", flat=True)) == {"paid"}  # asked first
    client_for(finance).post(reverse("payments:run_detail", args=[run.pk]), {"action": "reconcile", "confirmed": "yes"})
    assert set(Claim.objects.values_list("status", flat=True)) == {"reconciled"}


def test_downloading_the_file_from_the_run_page_marks_the_run_sent_once_and_a_plain_get_changes_nothing(
        leader, manager, finance, rates, client_for):
    bank(leader, "30-99-50", "12345678", "Jo Bennett")
    paid_claim(leader, manager, finance, ["2025-06-02"])
    run, _ = _build(finance)
    client = client_for(finance)

    client.get(reverse("payments:run_file", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.OPEN

    client.post(reverse("payments:run_file", args=[run.pk]))
    client.post(reverse("payments:run_file", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.SENT
    assert [step.to_state for step in steps(run)] == ["open", "sent"]
    assert steps(run)[-1].by == finance


def test_claims_without_valid_bank_details_are_held_back(leader, manager, finance, rates):
    claim = paid_claim(leader, manager, finance, ["2025-06-02"])
    run, held = _build(finance)
    assert held["details"] == [claim.pk] and run.total == 0
    claim.refresh_from_db()
    assert claim.status == Claim.Status.AUTHORISED


def test_bank_details_are_validated_encrypted_at_rest_and_shown_masked(leader, rates, client_for):
    with pytest.raises(ValueError):
        bank(leader, "12345", "12345678")
    with pytest.raises(ValueError):
        bank(leader, "123456", "1234567")
    client = client_for(leader)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # asked before bank details change
    response = client.post(reverse("payments:payment_details"), {
        "preference": "bank", "account_name": "Jo Bennett", "sort_code": "30-99-5", "account_number": "12345678"})
    assert "Enter a sort code of 6 digits" in response.content.decode()
    client.post(reverse("payments:payment_details"), {
        "preference": "bank", "account_name": "Jo Bennett", "sort_code": "30-99-50", "account_number": "31926819"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM payments_paymentdetails")
        table = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM payments_historicalpaymentdetails")
        table += repr(cursor.fetchall())
    assert "31926819" not in table and "309950" not in table and "Jo Bennett" not in table
    page = client.get(reverse("payments:payment_details")).content.decode()
    assert "••••6819" in page and "31926819" not in page


def test_a_run_cannot_pass_what_is_left_without_a_recorded_override(leader, manager, finance, rates):
    bank(leader)
    BudgetLine.objects.filter(financial_year=2025, kind="fees").update(amount=D("30.00"))
    claim = paid_claim(leader, manager, finance, ["2025-06-02"])   # £40 fee
    with pytest.raises(services.BudgetExceeded) as refused:
        _build(finance)
    assert list(refused.value.over.values()) == [D("10.00")]
    assert not PaymentRun.objects.exists()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.AUTHORISED
    run, _ = _build(finance, override_reason="Board agreed extra spend on 5 June.")
    override = BudgetOverride.objects.get(run=run)
    assert (override.amount_over, override.by, override.reason) == (D("10.00"), finance,
                                                                    "Board agreed extra spend on 5 June.")


def test_the_run_page_refuses_an_overrun_plainly(leader, manager, finance, rates, client_for):
    bank(leader)
    BudgetLine.objects.filter(financial_year=2025, kind="fees").update(amount=D("30.00"))
    paid_claim(leader, manager, finance, ["2025-06-02"])
    response = client_for(finance).post(reverse("payments:runs"), {"method": "bank_file",
                                                                   "payment_date": "13/6/2025"})
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in page and "more than is left" in page


def test_the_run_checks_limits_again(leader, manager, finance, rates):
    bank(leader)
    benefit_rule(leader, "carers")
    claim = paid_claim(leader, manager, finance, ["2025-06-02"])
    benefit_rule(leader, "carers", cap="30")
    _, held = _build(finance)
    assert held["limits"] == [claim.pk]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.AUTHORISED


def test_a_failed_payment_is_reversed_and_can_be_retried(leader, manager, finance, rates):
    bank(leader)
    claim = paid_claim(leader, manager, finance, ["2025-06-02"])
    run, _ = _build(finance)
    services.run_mark_paid(run=run, by=finance)
    claim.refresh_from_db()
    services.claim_fail(claim=claim, by=finance, reason="Account closed")
    paid = LedgerEntry.objects.filter(claim=claim, entry_type="paid")
    assert [e.amount for e in paid] == [D("40.00"), D("-40.00")]
    assert paid.last().reverses == paid.first()
    assert LedgerEntry.objects.filter(claim=claim, entry_type="committed").aggregate(t=Sum("amount"))["t"] == 40
    assert services.claim_retry(claim_id=claim.pk, by=finance)
    run2, _ = _build(finance)
    services.run_mark_paid(run=run2, by=finance)
    assert paid.aggregate(t=Sum("amount"))["t"] == D("40.00")


def test_budget_dashboard_shows_spent_committed_left_and_forecast(leader, other_leader, manager, finance, rates,
                                                                 client_for):
    bank(leader)
    paid_claim(leader, manager, finance, ["2025-06-02"])                 # £40 to be paid
    services.claim_approve(claim_id=__import__("tests.payments.factories", fromlist=["x"]).submitted_claim(
        other_leader, ["2025-06-03"]).pk, by=manager)                   # £40 committed
    run, _ = _build(finance)
    services.run_mark_paid(run=run, by=finance)
    page = client_for(manager).get(reverse("payments:budgets")).content.decode()
    assert "Involvement payments" in page
    from payments.selectors import budget_lines_with_totals

    fees = next(r for r in budget_lines_with_totals(2025, dt.date(2025, 6, 10)) if r["line"].kind == "fees")
    assert (fees["spent"], fees["committed"], fees["left"]) == (D("40.00"), D("40.00"), D("9920.00"))
    assert fees["forecast"] == D("205.63")   # £40 in 71 days (1 April to 10 June), over 365 days


def test_budget_totals_count_a_new_ledger_entry_at_once(leader, other_leader, manager, finance, rates, client_for):
    from payments.selectors import budget_lines_with_totals
    from tests.payments.factories import submitted_claim

    def committed() -> D:
        return next(r for r in budget_lines_with_totals(2025, dt.date(2025, 6, 10)) if r["line"].kind == "fees")[
            "committed"]

    services.claim_approve(claim_id=submitted_claim(leader, ["2025-06-02"]).pk, by=manager)
    assert committed() == D("40.00")
    client_for(finance).get(reverse("payments:budgets"))  # the sums are now kept
    services.claim_approve(claim_id=submitted_claim(other_leader, ["2025-06-03"]).pk, by=manager)
    assert committed() == D("80.00")  # a new entry is a new newest id: the kept sums are not used


def test_only_finance_builds_runs(leader, manager, rates, client_for):
    response = client_for(manager).get(reverse("payments:runs"))
    assert response.status_code == 403 and "<html" in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.run_build(by=manager, method="bank_file", payment_date=dt.date(2025, 6, 13))


def test_universal_credit_is_rechecked_for_the_period_of_the_payment_date(leader, manager, finance, rates):
    """Claims approved separately, each within the cap, land in one assessment period when paid together."""
    bank(leader)
    benefit_rule(leader, "uc_wa_housing", start_day=17, cap="60")
    first = paid_claim(leader, manager, finance, ["2025-06-02"])      # £40, expected 24 June
    with time_machine.travel(dt.datetime(2025, 7, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        second = paid_claim(leader, manager, finance, ["2025-07-14"])  # £40, expected 3 August
        run, held = services.run_build(by=finance, method=PaymentRun.Method.BANK_FILE,
                                       payment_date=dt.date(2025, 8, 1))
    # paid on 1 August, both fall in the period 17 July to 16 August: £80 is over the £60 cap
    assert set(run.claims.values_list("pk", flat=True)) | set(held["limits"]) == {first.pk, second.pk}
    assert len(held["limits"]) == 1


def test_changing_bank_details_asks_for_the_password_again(leader, rates, client_for):
    response = client_for(leader).post(reverse("payments:payment_details"), {
        "preference": "bank", "account_name": "Jo Bennett", "sort_code": "30-99-50", "account_number": "31926819"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not PaymentDetails.objects.filter(person=leader).exists()


@pytest.mark.parametrize("method", [PaymentRun.Method.BANK_FILE, PaymentRun.Method.STRIPE])
def test_a_run_s_page_counts_its_claims_from_the_run_s_index_alone(method, leader, other_leader, manager, finance,
                                                                    rates, client_for):
    """However many claims a run has, its counts read only the columns of payments_claim_run_progress."""
    bank(leader)
    bank(other_leader, "401276", "87654321", "Kwame Mensah")
    paid_claim(leader, manager, finance, ["2025-06-02"])
    paid_claim(other_leader, manager, finance, ["2025-06-03"])
    run, _held = services.run_build(by=finance, method=method, payment_date=dt.date(2025, 6, 13))

    with CaptureQueriesContext(connection) as queries:
        response = client_for(finance).get(reverse("payments:run_detail", args=[run.pk]))

    assert response.status_code == 200
    counting = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"] and "payments_claim" in q["sql"]]
    assert len(counting) == 1
    columns = set(re.findall(r'"payments_claim"\."(\w+)"', counting[0]))
    assert columns <= {"payment_run_id", "status", "stripe_transfer_id", "transfer_error"}, columns
