"""What counts as earnings: expenses with a receipt or an approver's confirmation, flat-rate allowances,
mileage, vouchers, gift cards and thank-you payments, and fees declined or reduced at the leader's choice."""

from __future__ import annotations

import pytest

from payments import limits
from payments.limits import Benefit, BenefitRule, EarningKind, PermittedWork
from tests.payments.limits_tables import TABLE, D, day, pay

# Service-user expenses are not earnings: UC Regulations 2013 reg 55(3)(b); SI 2009/2655 and SI 2014/591
# (Income Support, JSA, ESA, Housing Benefit, Pension Credit); SI 2015/784 (Carer's Allowance). The test is
# whether the expense was genuinely incurred; a receipt is evidence of that, not the test.
EXPENSES = [
    # (kind, amount, receipted, confirmed by an approver, HMRC amount, counts as earnings)
    ("public_transport", "4.20", False, True, None, "0.00"),    # an un-ticketed bus fare, confirmed
    ("public_transport", "4.20", False, False, None, "4.20"),   # not yet shown: counts for now (safe side)
    ("public_transport", "4.20", True, False, None, "0.00"),
    ("care", "30.00", False, True, None, "0.00"),                # replacement care, confirmed
    ("subsistence", "8.00", True, True, None, "0.00"),
    ("flat_allowance", "5.00", True, True, None, "5.00"),        # a flat rate is not a cost incurred
    ("mileage", "4.50", False, False, "4.50", "0.00"),           # at the HMRC approved rate
    ("mileage", "6.00", False, True, "4.50", "1.50"),            # above it: the excess counts
    # Paid in return for the involvement: counted at face value under every rule (safe side).
    ("voucher", "25.00", True, True, None, "25.00"),
    ("gift_card", "20.00", False, False, None, "20.00"),
    ("thank_you", "10.00", False, False, None, "10.00"),
    ("fee", "50.00", False, False, None, "50.00"),
]


@pytest.mark.parametrize(("kind", "amount", "receipted", "confirmed", "hmrc", "counted"), EXPENSES)
def test_what_counts_as_earnings(kind, amount, receipted, confirmed, hmrc, counted):
    treatment = limits.expense_treatment(kind=kind, amount=D(amount), receipted=receipted,
                                         confirmed_genuine=confirmed, hmrc_amount=D(hmrc) if hmrc else None)
    assert treatment.counted == D(counted)
    assert treatment.counted + treatment.disregarded == D(amount)
    assert treatment.reason
    assert limits.expense_earnings_part(kind=kind, amount=D(amount), receipted=receipted,
                                        confirmed_genuine=confirmed,
                                        hmrc_amount=D(hmrc) if hmrc else None) == D(counted)


def test_the_old_keywords_of_expense_earnings_part_still_work():
    assert limits.expense_earnings_part(kind="other", amount=D("12.00"), receipted=False) == D("12.00")
    assert limits.expense_earnings_part(kind="parking", amount=D("3.00"), receipted=True) == D("0.00")


@pytest.mark.parametrize(("kind", "income"), [
    ("voucher", True), ("gift_card", True), ("thank_you", True), ("flat_allowance", True),
    ("fee", False), ("mileage", False), ("public_transport", False), ("other", False),
])
def test_earnings_kinds(kind, income):
    assert EarningKind(kind).is_income is income
    assert EarningKind(kind).is_expense is (not income and kind != "fee")


@pytest.mark.parametrize(("benefit", "stopped"), [
    (Benefit(BenefitRule.ESA, week_starts_on=0, permitted_work=PermittedWork.LOWER), True),
    (Benefit(BenefitRule.CARERS_ALLOWANCE, week_starts_on=0), False),
])
def test_a_gift_card_counts_under_the_rules(benefit, stopped):
    gift = pay("25", "2025-06-04", is_fee=False, kind="gift_card")
    assert limits.assess_benefits([benefit], limits=TABLE, existing=[], proposed=[gift]).stopped is stopped


# Declined or reduced fees: notional earnings (UC reg 60(3); ESA 2008 reg 108(3)) are not applied to a person
# participating as a service user (UC reg 60(4)(b); SI 2009/2655; SI 2014/591), so only what is paid counts.
FEES = [
    # (offered, paid, service user, counted, foregone, declined, reduced)
    ("50.00", "0.00", True, "0.00", "50.00", True, False),
    ("50.00", "20.00", True, "20.00", "30.00", False, True),
    ("50.00", "50.00", True, "50.00", "0.00", False, False),
    ("50.00", "0.00", False, "50.00", "0.00", True, False),    # not service-user involvement: safe side
]


@pytest.mark.parametrize(("offered", "paid", "service_user", "counted", "foregone", "declined", "reduced"), FEES)
def test_declining_or_reducing_a_fee_is_not_treated_as_if_it_had_been_paid(
        offered, paid, service_user, counted, foregone, declined, reduced):
    result = limits.fee_counted(offered=D(offered), paid=D(paid), decided_on=day("2025-06-01"),
                                participating_as_service_user=service_user)
    assert (result.counted, result.foregone, result.declined, result.reduced) == (
        D(counted), D(foregone), declined, reduced)
    assert result.decided_on == day("2025-06-01")


def test_a_fee_paid_cannot_be_more_than_the_fee_offered():
    with pytest.raises(ValueError):
        limits.fee_counted(offered=D("10"), paid=D("11"))


def test_a_declined_fee_leaves_the_limit_untouched():
    esa = Benefit(BenefitRule.ESA, week_starts_on=0, permitted_work=PermittedWork.LOWER)
    decision = limits.fee_counted(offered=D("60"), paid=D("15"))
    proposed = [pay(str(decision.counted), "2025-06-04")]
    result = limits.assess_benefits([esa], limits=TABLE, existing=[], proposed=proposed)
    assert not result.stopped and result.results[0].periods[0].after == D("15.00")


def test_unpaid_hours_are_left_out_of_the_hours_test_and_shown():
    # ESA 2008 reg 45(4) (fewer than 16 hours); unpaid work for a voluntary organisation is exempt work where
    # DWP is satisfied it is reasonable to do it free (reg 45(6)).
    esa = Benefit(BenefitRule.ESA, week_starts_on=0, permitted_work=PermittedWork.HIGHER)
    result = limits.assess_benefits([esa], limits=TABLE, existing=[pay("0", "2025-06-02", hours="10")],
                                    proposed=[pay("40", "2025-06-04", hours="5")])
    check = result.results[0].periods[0]
    assert (check.hours_after, check.unpaid_hours, result.stopped) == (D("5"), D("10"), False)
