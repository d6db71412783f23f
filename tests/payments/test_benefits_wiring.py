"""Issue 16 in the product: several benefits per person, each person's own benefit week, the week money is paid,
vouchers, genuine expenses without receipts, declined fees, and the payment run's re-check. Each table cites
the rule it rests on (the provisions are in payments/limits/sources.py and payments/data/SOURCES.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils.html import escape

from payments import benefits, services
from payments.models import BenefitProfile, Claim, Expense, FeeLine, PaymentRun, PersonBenefit
from tests.payments.factories import activity, add_benefit, bank, benefit_rule, paid_claim, submitted_claim

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _tuesday_10_june_2025():
    # Claims sent today are expected to be paid in 14 days: Tuesday 24 June 2025.
    with time_machine.travel(dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _draft(person, days: list[str], hours: str = "2") -> Claim:
    claim = services.claim_start(person=person)
    services.claim_set_activities(claim=claim, activity_ids=[activity(person, d, hours).pk for d in days])
    return claim


def _check_page(client, claim: Claim) -> str:
    return " ".join(client.get(reverse("payments:claim_check", args=[claim.pk])).content.decode().split())


# --- several benefits at once ---------------------------------------------------------------------

@pytest.mark.parametrize(("recorded", "hours", "stopped", "strictest"), [
    # Carer's Allowance earnings limit £196 a week in 2025/26 (SI 1976/409 reg 8); UC reduces, never stops
    # (UC Regulations 2013 reg 22). £250 passes under UC alone and stops under Carer's Allowance.
    ((("uc", {"uc_start_day": 17, "work_allowance": "none"}),), "12.5", False, "uc"),
    ((("uc", {"uc_start_day": 17, "work_allowance": "none"}), ("carers", {"week_starts_on": 0})), "12.5", True,
     "carers"),
    # new-style ESA permitted work, lower limit £20 (ESA Regulations 2013 reg 39) with UC: ESA decides
    ((("esa", {"week_starts_on": 0, "permitted_work": "lower"}), ("uc", {"uc_start_day": 17})), "2", True, "esa"),
    # ESA higher limit £195.50 with Housing Benefit: permitted-work earnings disregarded for HB (HB Regs 2006
    # Sch 4 para 10A); £40 stops neither
    ((("esa", {"week_starts_on": 0, "permitted_work": "higher"}), ("hb", {"week_starts_on": 0})), "2", False, "esa"),
    # Pension Credit: £5 disregard, then pound for pound (SI 2002/1792 Sch VI): a reduction, not a stop
    ((("pc", {"week_starts_on": 0, "disregard": "standard"}),), "2", False, "pc"),
])
def test_a_claim_is_checked_under_every_benefit_recorded_and_stops_on_the_strictest(
        leader, rates, client_for, recorded, hours, stopped, strictest):
    for rule, details in recorded:
        add_benefit(leader, rule, **details)
    claim = _draft(leader, ["2025-06-02"], hours)
    assessment = services.claim_check(claim=claim)
    assert [r.rule.value for r in assessment.results] == [rule for rule, _ in recorded]
    assert assessment.stopped is stopped
    assert assessment.strictest.rule.value == strictest
    page = _check_page(client_for(leader), claim)
    for result in assessment.results:
        assert f'<h3 class="govuk-heading-s">{escape(result.label)}</h3>' in page   # each rule's own figures
    assert ("the claim stops on the strictest: <strong>" in page) is (stopped and len(recorded) > 1)
    assert "govuk-error-summary" not in page                                 # calm words (issue 17)
    assert ('name="submit"' in page) is not stopped


def test_a_carer_on_universal_credit_sees_both_rules_figures_and_the_carers_allowance_limit(leader, rates,
                                                                                           client_for):
    add_benefit(leader, "uc", uc_start_day=17, work_allowance="none")
    add_benefit(leader, "carers", week_starts_on=0)
    claim = _draft(leader, ["2025-06-02"], "12.5")   # £250
    page = _check_page(client_for(leader), claim)
    assert "You told us about 2 benefits. Each is checked with its own rule" in page
    assert "<strong>Carer&#x27;s Allowance</strong>" in page
    assert "This brings your paid work this week to <strong>£250.00</strong> of your <strong>£196.00</strong>" in page
    assert "Estimated fall in your benefit because of this claim: <strong>£137.50</strong>" in page  # 55% of £250
    assert "This claim would go past a limit, so we have not sent it" in page
    assert page.count("This claim would go past a limit") == 1                # never two summaries
    assert "Carer&#x27;s Allowance: in the benefit week the money is paid in (Monday 23 June 2025 to Sunday " \
           "29 June 2025), £250.00 is over the £196.00 limit." in page
    response = client_for(leader).post(reverse("payments:claim_check", args=[claim.pk]), {"submit": "1"})
    follow = " ".join(client_for(leader).get(response.url).content.decode().split())
    assert "There is a problem" not in follow and "govuk-error-summary" not in follow
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


# --- each person's own benefit week ---------------------------------------------------------------

@pytest.mark.parametrize(("week_starts_on", "stopped", "says_every_window"), [
    # ESA higher limit £195.50 (ESA Regulations 2008 reg 45(4)); the benefit week is the person's own (ESA
    # Regulations 2013 reg 2) and earnings count in the week they are paid (ESA Regulations 2008 reg 93(1)(b)).
    # £150 paid on Sunday 22 June and £150 paid on Tuesday 24 June:
    (0, False, False),   # Monday weeks: two weeks, £150 each
    (2, True, False),    # Wednesday weeks: one week, £300
    (1, False, False),   # Tuesday weeks: 17-23 and 24-30 June
    (None, True, True),  # not known: every seven-day window containing the payment is checked (safe side)
])
def test_the_persons_benefit_week_decides_and_an_unknown_one_checks_every_window(
        leader, rates, client_for, week_starts_on, stopped, says_every_window):
    add_benefit(leader, "esa", week_starts_on=week_starts_on, permitted_work="higher")
    first = submitted_claim(leader, ["2025-06-02"], hours="7.5")           # £150
    Claim.objects.filter(pk=first.pk).update(expected_payment_on=dt.date(2025, 6, 22))   # paid on Sunday
    claim = _draft(leader, ["2025-06-09"], "7.5")                           # £150, expected Tuesday 24 June
    assert services.claim_check(claim=claim).stopped is stopped
    page = _check_page(client_for(leader), claim)
    assert ("so we checked every seven-day window that contains a payment (the safe side)" in page) \
        is says_every_window
    assert ("£300.00 is over the £195.50 limit" in page) is stopped


def test_the_benefits_page_says_what_an_unknown_week_means(leader, rates, client_for):
    add_benefit(leader, "carers")
    page = client_for(leader).get(reverse("payments:benefits")).content.decode()
    assert "not known (every seven-day window is checked)" in page


# --- the payment run re-checks the week money is paid and the week it was earned ----------------------

def test_a_run_paying_two_weeks_fees_on_one_date_holds_back_the_claim_that_passes_the_week_paid(
        leader, manager, finance, rates, client_for):
    """Carer's Allowance: earnings count from the benefit week they are paid in (SI 1996/2745 reg 7)."""
    bank(leader)
    benefit_rule(leader, "carers")                        # Monday weeks, £196 a week
    first = paid_claim(leader, manager, finance, ["2025-06-02"], hours="6")   # £120, expected 24 June
    Claim.objects.filter(pk=first.pk).update(expected_payment_on=dt.date(2025, 6, 13))
    second = paid_claim(leader, manager, finance, ["2025-06-09"], hours="6")  # £120, expected 24 June
    response = client_for(finance).post(reverse("payments:runs"), {"method": "bank_file",
                                                                   "payment_date": "20/6/2025"})
    run = PaymentRun.objects.get()
    assert list(run.claims.values_list("pk", flat=True)) == [first.pk]
    second.refresh_from_db()
    assert second.status == Claim.Status.AUTHORISED and second.expected_payment_on == dt.date(2025, 6, 24)
    reason = (f"{second.reference} (Jo Bennett) is held back, paid on Friday 20 June 2025: Carer's Allowance: in the "
              "benefit week the money is paid in (Monday 16 June 2025 to Sunday 22 June 2025), £240.00 is over the "
              "£196.00 limit.")
    assert run.notes == reason
    page = " ".join(client_for(finance).get(response.url).content.decode().split())
    assert "Held back when this run was built" in page
    assert reason.replace("'", "&#x27;") in page


def test_a_run_also_rechecks_the_week_the_work_was_done(leader, manager, finance, rates):
    """The week worked is checked too, on the safe side (payments.limits.engine), as well as the week paid."""
    bank(leader)
    earlier = paid_claim(leader, manager, finance, ["2025-06-02"], hours="7.5")    # £150 worked 2 June
    Claim.objects.filter(pk=earlier.pk).update(status=Claim.Status.PAID, paid_on=dt.date(2025, 6, 6))
    later = paid_claim(leader, manager, finance, ["2025-06-03"], hours="3")        # £60 worked 3 June
    benefit_rule(leader, "carers")      # recorded after both were authorised: the run is the next check
    run, held = services.run_build(by=finance, method=PaymentRun.Method.BANK_FILE, payment_date=dt.date(2025, 6, 20))
    assert held["limits"] == [later.pk] and not run.claims.exists()
    assert "in the week the work was done (Monday 2 June 2025 to Sunday 8 June 2025), £210.00 is over the " \
           "£196.00 limit" in held["reasons"][0]


def test_a_run_keeps_claims_within_every_week(leader, manager, finance, rates):
    bank(leader)
    benefit_rule(leader, "carers")
    first = paid_claim(leader, manager, finance, ["2025-06-02"], hours="4")
    Claim.objects.filter(pk=first.pk).update(expected_payment_on=dt.date(2025, 6, 13))
    second = paid_claim(leader, manager, finance, ["2025-06-09"], hours="4")
    run, held = services.run_build(by=finance, method=PaymentRun.Method.BANK_FILE, payment_date=dt.date(2025, 6, 20))
    assert held["limits"] == [] and set(run.claims.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert set(Claim.objects.values_list("expected_payment_on", flat=True)) == {dt.date(2025, 6, 20)}


# --- what counts as earnings ----------------------------------------------------------------------

RECEIPT = b"%PDF-1.4 receipt"


@pytest.mark.parametrize(("kind", "amount", "receipt", "confirmed", "counted"), [
    # Expenses of a person participating as a service user are not earnings (UC Regulations 2013 reg 55(3)(b);
    # SI 2009/2655, SI 2014/591, SI 2015/784). A receipt is evidence, not the test.
    ("public_transport", "4.20", True, False, "0.00"),
    ("public_transport", "4.20", False, False, "4.20"),   # counts until shown to be genuine
    ("public_transport", "4.20", False, True, "0.00"),    # an approver confirmed it was genuinely incurred
    ("parking", "3.00", False, True, "0.00"),
    ("flat_allowance", "10.00", False, False, "10.00"),   # a set sum, not a repayment of a cost: earnings
])
def test_an_expense_counts_unless_shown_genuine(leader, manager, rates, kind, amount, receipt, confirmed, counted):
    claim = _draft(leader, ["2025-06-02"])
    upload = SimpleUploadedFile("r.pdf", RECEIPT, content_type="application/pdf") if receipt else None
    expense = services.expense_add(claim=claim, kind=kind, date=dt.date(2025, 6, 2), amount=D(amount),
                                   receipt=upload)
    services.claim_submit(claim=claim, by=leader)
    if confirmed:
        benefits.expense_confirm_genuine(expense_id=expense.pk, by=manager)
    expense.refresh_from_db()
    assert expense.earnings_amount == D(counted)
    assert (expense.confirmed_genuine_by == manager) is confirmed


def test_the_approver_confirms_an_expense_without_a_receipt_on_the_claim_page(leader, manager, finance, rates,
                                                                               client_for):
    claim = _draft(leader, ["2025-06-02"])
    expense = services.expense_add(claim=claim, kind="public_transport", date=dt.date(2025, 6, 2), amount=D("4.20"),
                                   description="Bus, no ticket")
    leader_page = _check_page(client_for(leader), claim)
    # the right reason: not "it is income", but no receipt and no confirmation yet (issue 17)
    assert "has no receipt yet, so for now it counts as earnings in this check" in leader_page
    assert "Not yet shown to be a cost actually incurred" in leader_page
    services.claim_submit(claim=claim, by=leader)
    page = client_for(manager).get(reverse("payments:claim_detail", args=[claim.pk])).content.decode()
    assert "Confirm it was genuinely paid" in page
    assert "Confirm it was genuinely paid" not in client_for(finance).get(
        reverse("payments:claim_detail", args=[claim.pk])).content.decode()
    assert client_for(finance).post(reverse("payments:expense_confirm", args=[expense.pk])).status_code == 403
    asked = client_for(manager).get(reverse("payments:expense_confirm", args=[expense.pk])).content.decode()
    assert "Bus, train or taxi fares: Bus, no ticket, £4.20, has no receipt." in asked  # the link asks first
    assert Expense.objects.get(pk=expense.pk).confirmed_genuine_at is None
    client_for(manager).post(reverse("payments:expense_confirm", args=[expense.pk]), {"confirmed": "yes"})
    expense.refresh_from_db()
    assert expense.earnings_amount == 0 and expense.confirmed_genuine_at is not None
    assert expense.history.first().history_user == manager
    with pytest.raises(benefits.BenefitError, match="own"):
        benefits.expense_confirm_genuine(expense_id=expense.pk, by=leader)


@pytest.mark.parametrize(("kind", "value", "stopped"), [
    # Vouchers, gift cards and thank-you payments count at face value (payments.limits.expenses, the safe side):
    # with a £180 fee, a £20 gift card passes the ESA higher limit of £195.50 (ESA Regulations 2008 reg 45(4)).
    ("gift_card", "20.00", True),
    ("voucher", "15.00", False),
    ("thank_you", "15.50", False),
    ("thank_you", "15.51", True),
])
@time_machine.travel(dt.datetime(2025, 6, 30, 10, 0, tzinfo=dt.UTC), tick=False)  # a week after the work
def test_vouchers_gift_cards_and_thank_you_payments_count_as_earnings(leader, rates, client_for, kind, value,
                                                                      stopped):
    add_benefit(leader, "esa", week_starts_on=1, permitted_work="higher")   # Tuesday weeks
    claim = _draft(leader, ["2025-06-24"], "9")                              # £180, expected 24 June
    client = client_for(leader)
    response = client.post(reverse("payments:other_income", args=[claim.pk]),
                           {"kind": kind, "received_on": "24/6/2025", "value": value})
    assert response.status_code == 302
    assert services.claim_check(claim=claim).stopped is stopped
    page = _check_page(client, claim)
    assert "Counts as earnings at its value; not paid again with this claim." in page


def test_a_declined_or_reduced_fee_is_the_leaders_choice_with_its_date(leader, rates, client_for):
    benefit_rule(leader, "esa_lower")
    claim = _draft(leader, ["2025-06-02"])
    client_for(leader).post(reverse("payments:claim_check", args=[claim.pk]), {"choose": "1", "option": "part_fee"})
    line = FeeLine.objects.get(claim=claim)
    assert (line.amount_claimed, line.choice, line.choice_on) == (D("20.00"), "reduced", dt.date(2025, 6, 10))
    client_for(leader).post(reverse("payments:claim_check", args=[claim.pk]), {"choose": "1", "option": "decline_fee"})
    line.refresh_from_db()
    assert (line.amount_claimed, line.choice, line.choice_on) == (D("0.00"), "declined", dt.date(2025, 6, 10))


def test_a_closed_benefit_says_so_on_the_check(leader, rates, client_for):
    # Income Support abolished for remaining awards from 1 April 2026 (Commencement No. 35 Order 2025)
    add_benefit(leader, "is", week_starts_on=0, disregard="standard")
    with time_machine.travel(dt.datetime(2026, 6, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        claim = _draft(leader, ["2026-06-02"])
        page = _check_page(client_for(leader), claim)
    assert "Income Support closed on 1 April 2026" in page


# --- moving the old single choice to several benefits ----------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_old_single_rule_to_a_benefit_record():
    """payments 0005: each old choice keeps its meaning; the week start day was never asked, so it is not known
    (every seven-day window is checked); the UC start day moves across; an own limit stays."""
    before = [("payments", "0004_status_steps_live_in_the_history")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    users, profiles = old.get_model("coproduction", "User"), old.get_model("payments", "BenefitProfile")
    cases = {"esa_higher": None, "uc_wa_housing": 17, "legacy_20": None, "carers": None, "": None}
    for n, (rule, start) in enumerate(cases.items()):
        person = users.objects.create(email=f"p{n}@example.org", full_name=f"Person {n}")
        profiles.objects.create(person=person, rule=rule, uc_period_start_day=start,
                                personal_cap=D("50.00") if rule == "" else None)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    moved = {(b.person.email, b.rule, b.week_starts_on, b.uc_start_day, b.permitted_work, b.work_allowance,
              b.disregard) for b in PersonBenefit.objects.select_related("person")}
    assert moved == {("p0@example.org", "esa", None, None, "higher", "", ""),
                     ("p1@example.org", "uc", None, 17, "", "with_housing", ""),
                     ("p2@example.org", "legacy", None, None, "", "", "higher"),
                     ("p3@example.org", "carers", None, None, "", "", "")}
    assert BenefitProfile.objects.get(person__email="p4@example.org").personal_cap == D("50.00")
