"""The figures of a statement for the Jobcentre or an adviser: by benefit week or assessment period per rule,
fees and expenses apart, and the service-user provisions named."""

from __future__ import annotations

import pytest

from payments import limits
from payments.limits import Benefit, BenefitRule, StatementLine, WorkAllowance
from tests.payments.limits_tables import TABLE, D, day

CA_WEDNESDAY = Benefit(BenefitRule.CARERS_ALLOWANCE, week_starts_on=2)
UC17 = Benefit(BenefitRule.UC, uc_start_day=17, work_allowance=WorkAllowance.WITHOUT_HOUSING)


def line(kind, amount, worked, paid, **kwargs):
    return StatementLine(kind=kind, amount=D(amount), worked_on=day(worked), paid_on=day(paid), **kwargs)


LINES = [
    line("fee", "100.00", "2025-06-02", "2025-06-05", key="f1"),
    line("public_transport", "4.20", "2025-06-02", "2025-06-05", counted=D("0"), key="e1"),
    line("mileage", "6.00", "2025-06-02", "2025-06-05", counted=D("1.50"), key="e2"),
    line("fee", "0.00", "2025-06-03", "2025-06-05", offered=D("80.00"), key="declined"),
    line("gift_card", "20.00", "2025-06-11", "2025-06-12", key="g"),
    line("fee", "150.00", "2025-06-18", "2025-06-20", key="f2"),
    line("fee", "999.00", "2025-08-01", "2025-08-01", key="outside"),
]


def statement(benefits=(CA_WEDNESDAY, UC17)):
    return limits.statement_figures(LINES, benefits=benefits, start=day("2025-06-01"), end=day("2025-06-30"),
                                    limits=TABLE)


def test_fees_and_expenses_are_kept_apart():
    totals = statement().totals
    assert (totals.fees, totals.expenses, totals.expenses_counted, totals.other_income, totals.foregone) == (
        D("250.00"), D("10.20"), D("1.50"), D("20.00"), D("80.00"))
    assert totals.earnings == D("271.50")   # fees, the gift card and the mileage above the HMRC rate


def test_only_money_paid_in_the_period_is_shown():
    assert "outside" not in {ln.key for ln in statement().lines}


@pytest.mark.parametrize(("rule_index", "expected"), [
    # Carer's Allowance: benefit weeks Wednesday to Tuesday, the week paid (Computation of Earnings
    # Regulations 1996 reg 7); earnings limit £196 (SI 1976/409 reg 8).
    (0, [("2025-06-04", "100.00", "10.20", "101.50", "196.00"), ("2025-06-11", "0.00", "0.00", "20.00", "196.00"),
         ("2025-06-18", "150.00", "0.00", "150.00", "196.00")]),
    # Universal Credit: assessment periods from the 17th, the period received (UC Regulations 2013 reg 54).
    (1, [("2025-05-17", "100.00", "10.20", "121.50", "684.00"), ("2025-06-17", "150.00", "0.00", "150.00",
                                                                  "684.00")]),
])
def test_figures_are_grouped_by_each_rules_own_period(rule_index, expected):
    rule = statement().rules[rule_index]
    assert [(p.period.start.isoformat(), str(p.totals.fees), str(p.totals.expenses), str(p.totals.earnings),
             str(p.limit)) for p in rule.periods] == expected


@pytest.mark.parametrize(("benefit", "provisions"), [
    # Carer's Allowance: Computation of Earnings Regulations 1996 reg 9(3)(b), (3A), as amended by SI 2015/784.
    (CA_WEDNESDAY, ("SI 2015/784", "reg 9(3)(b)")),
    # Universal Credit: UC Regulations 2013 regs 53(2), 55(3)(b) and 60(4)(b).
    (UC17, ("reg 53(2)", "reg 55(3)(b)", "reg 60(4)(b)")),
    # Housing Benefit, Income Support, JSA, ESA, Pension Credit: SI 2009/2655 and SI 2014/591.
    (Benefit(BenefitRule.HOUSING_BENEFIT, week_starts_on=0), ("SI 2009/2655", "SI 2014/591", "Schedule 5")),
    (Benefit(BenefitRule.PENSION_CREDIT, week_starts_on=0), ("SI 2009/2655", "reg 5")),
    (Benefit(BenefitRule.ESA, week_starts_on=0), ("SI 2009/2655", "reg 11")),
])
def test_the_service_user_provisions_that_apply_are_named(benefit, provisions):
    result = statement([benefit])
    names = " ".join(c.title for c in result.provisions)
    assert all(provision in names for provision in provisions)
    assert all(c.url.startswith("https://") for c in result.provisions)


def test_each_rule_names_when_its_money_counts():
    ca, uc = statement().rules
    assert ca.period_name == "Benefit week" and uc.period_name == "Assessment period"
    assert any("reg 54" in c.title for c in uc.timing) and any("reg 7" in c.title for c in ca.timing)


def test_the_plain_words_say_declining_a_fee_is_not_treated_as_paid():
    words = " ".join(statement().plain_words)
    assert "Declining or reducing a fee is not treated as if it had been paid" in words
    assert "Expenses paid back at the cost actually incurred are not earnings" in words


def test_an_unknown_benefit_week_is_shown_monday_to_sunday_and_says_so():
    rule = statement([Benefit(BenefitRule.CARERS_ALLOWANCE)]).rules[0]
    assert not rule.start_known and rule.periods[0].period.start == day("2025-06-02")
    assert any("not recorded" in note for note in rule.notes)


def test_a_period_over_a_cliff_is_marked():
    lines = [line("fee", "200.00", "2025-06-02", "2025-06-05")]
    figures = limits.statement_figures(lines, benefits=[CA_WEDNESDAY], start=day("2025-06-01"),
                                       end=day("2025-06-30"), limits=TABLE)
    assert figures.rules[0].periods[0].over_limit
