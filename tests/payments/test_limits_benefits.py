"""Several benefits at once, unknown benefit weeks, the week paid as well as the week worked, payment runs,
Pension Credit, Housing Benefit with permitted work, and benefits that close in 2026."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from payments import limits
from payments.limits import (
    Benefit,
    BenefitRule,
    Disregard,
    Earning,
    PermittedWork,
    Verdict,
    WorkAllowance,
)
from tests.payments.limits_tables import TABLE, D, day, pay

CA = Benefit(BenefitRule.CARERS_ALLOWANCE, week_starts_on=0)
UC17 = Benefit(BenefitRule.UC, uc_start_day=17, work_allowance=WorkAllowance.WITHOUT_HOUSING)
UC17_HOUSING = Benefit(BenefitRule.UC, uc_start_day=17, work_allowance=WorkAllowance.WITH_HOUSING)
ESA_HIGHER = Benefit(BenefitRule.ESA, week_starts_on=0, permitted_work=PermittedWork.HIGHER)
ESA_LOWER = Benefit(BenefitRule.ESA, week_starts_on=0, permitted_work=PermittedWork.LOWER)
ESA_IR_HIGHER = Benefit(BenefitRule.ESA_INCOME_RELATED, week_starts_on=0, permitted_work=PermittedWork.HIGHER)
HB = Benefit(BenefitRule.HOUSING_BENEFIT, week_starts_on=0, disregard=Disregard.STANDARD)
HB_20 = Benefit(BenefitRule.HOUSING_BENEFIT, week_starts_on=0, disregard=Disregard.HIGHER)
IS_5 = Benefit(BenefitRule.INCOME_SUPPORT, week_starts_on=0, disregard=Disregard.STANDARD)


def check(benefits, proposed, existing=(), **kwargs):
    return limits.assess_benefits(benefits, limits=TABLE, existing=list(existing), proposed=list(proposed),
                                  **kwargs)


# (name, benefits, proposed, expected: verdict, strictest rule, stopped rules, total estimated reduction)
SEVERAL = [
    # The example: £250 in a week passes under UC (work allowance £684, UC Regulations 2013 reg 22) and
    # stops under Carer's Allowance (earnings limit £196, SI 1976/409 reg 8).
    ("carer on UC: £250 in a week", [CA, UC17], [pay("250", "2025-06-04")],
     Verdict.STOPS, BenefitRule.CARERS_ALLOWANCE, {BenefitRule.CARERS_ALLOWANCE}, "0.00"),
    ("carer on UC: £196 exactly", [CA, UC17], [pay("196", "2025-06-04")],
     Verdict.WITHIN, BenefitRule.CARERS_ALLOWANCE, set(), "0.00"),
    # New-style ESA with UC: permitted work (ESA 2013 reg 39; £195.50 in 2025/26) and the UC taper (reg 22).
    ("new-style ESA and UC: £190", [ESA_HIGHER, UC17_HOUSING], [pay("190", "2025-06-04")],
     Verdict.WITHIN, BenefitRule.ESA, set(), "0.00"),
    ("new-style ESA and UC: £200 stops on ESA", [ESA_HIGHER, UC17_HOUSING], [pay("200", "2025-06-04")],
     Verdict.STOPS, BenefitRule.ESA, {BenefitRule.ESA}, "0.00"),
    # ESA with Housing Benefit: permitted-work earnings disregarded in HB (HB Regulations 2006 Sch 4 para 10A).
    ("ESA and HB: £150, nothing off HB", [ESA_HIGHER, HB_20], [pay("150", "2025-06-04")],
     Verdict.WITHIN, BenefitRule.ESA, set(), "0.00"),
    # Over the permitted-work limit the work is not exempt: £20 disregard, then 65% (HB reg 71).
    ("ESA and HB: £196 stops ESA and cuts HB", [ESA_HIGHER, HB_20], [pay("196", "2025-06-04")],
     Verdict.STOPS, BenefitRule.ESA, {BenefitRule.ESA}, "114.40"),
    # Both cliffs passed: ESA by £54.50 (£195.50), Carer's Allowance by £54 (£196): ESA is the strictest.
    ("ESA and Carer's Allowance: £250", [ESA_HIGHER, CA], [pay("250", "2025-06-04")],
     Verdict.STOPS, BenefitRule.ESA, {BenefitRule.ESA, BenefitRule.CARERS_ALLOWANCE}, "0.00"),
    # Income Support passports Housing Benefit (HB Sch 5 para 4); IS falls pound for pound above £5 (IS Sch 8).
    ("IS and HB: £45", [IS_5, HB], [pay("45", "2025-06-04")],
     Verdict.REDUCES, BenefitRule.INCOME_SUPPORT, set(), "40.00"),
    # Housing Benefit on its own: £5 disregard, then 65% (HB Sch 4; reg 71).
    ("HB alone: £45", [HB], [pay("45", "2025-06-04")],
     Verdict.REDUCES, BenefitRule.HOUSING_BENEFIT, set(), "26.00"),
    # Income-related ESA with permitted work: earnings up to the limit disregarded (ESA 2008 Sch 7).
    ("income-related ESA, permitted work: £150", [ESA_IR_HIGHER], [pay("150", "2025-06-04")],
     Verdict.WITHIN, BenefitRule.ESA_INCOME_RELATED, set(), "0.00"),
    ("income-related ESA and HB: £150", [ESA_IR_HIGHER, HB], [pay("150", "2025-06-04")],
     Verdict.WITHIN, BenefitRule.ESA_INCOME_RELATED, set(), "0.00"),
    # No means-tested benefit: earnings do not affect it.
    ("PIP only", [Benefit(BenefitRule.NONE)], [pay("500", "2025-06-04")],
     Verdict.NO_EFFECT, BenefitRule.NONE, set(), "0.00"),
]


@pytest.mark.parametrize(("name", "benefits", "proposed", "verdict", "strictest", "stopped", "reduction"),
                         SEVERAL, ids=[case[0] for case in SEVERAL])
def test_several_benefits_show_each_rules_figures_and_stop_on_the_strictest(
        name, benefits, proposed, verdict, strictest, stopped, reduction):
    result = check(benefits, proposed)
    assert [r.rule for r in result.results] == [b.rule for b in benefits]   # each rule's own figures
    assert result.verdict is verdict
    assert result.stopped is bool(stopped)
    assert result.strictest.rule is strictest
    assert {r.rule for r in result.stopping} == stopped
    assert result.estimated_reduction == D(reduction)


def test_each_rule_keeps_its_own_figures():
    result = check([CA, UC17], [pay("250", "2025-06-04")])
    ca, uc = result.results
    assert (ca.periods[0].period, ca.periods[0].limit, ca.periods[0].over_by) == (
        limits.Period(day("2025-06-02"), day("2025-06-08")), D("196.00"), D("54.00"))
    assert (uc.periods[0].period, uc.periods[0].limit, uc.stopped) == (
        limits.Period(day("2025-05-17"), day("2025-06-16")), D("684.00"), False)


@pytest.mark.parametrize(("disregard", "amount", "reduction"), [
    # State Pension Credit Regulations 2002 Sch VI disregards; guarantee credit falls pound for pound
    # (State Pension Credit Act 2002 s 2).
    (Disregard.STANDARD, "30", "25.00"),
    (Disregard.COUPLE, "30", "20.00"),
    (Disregard.HIGHER, "30", "10.00"),
    (Disregard.HIGHER, "20", "0.00"),
    (None, "30", "25.00"),     # not recorded: £5 (safe side)
])
def test_pension_credit(disregard, amount, reduction):
    result = check([Benefit(BenefitRule.PENSION_CREDIT, week_starts_on=0, disregard=disregard)],
                   [pay(amount, "2025-06-04")])
    assert result.estimated_reduction == D(reduction) and not result.stopped


@pytest.mark.parametrize(("benefit", "amount", "stopped"), [
    # ESA 2008 reg 45 / ESA 2013 reg 39: lower £20; supported permitted work £195.50 and no hours limit.
    (Benefit(BenefitRule.ESA, week_starts_on=0, permitted_work=PermittedWork.LOWER), "20.00", False),
    (Benefit(BenefitRule.ESA, week_starts_on=0, permitted_work=PermittedWork.LOWER), "20.01", True),
    (Benefit(BenefitRule.ESA, week_starts_on=0, permitted_work=PermittedWork.SUPPORTED), "195.50", False),
    (Benefit(BenefitRule.ESA, week_starts_on=0), "20.01", True),   # category unknown: the £20 limit (safe side)
    (Benefit(BenefitRule.ESA_INCOME_RELATED, week_starts_on=0, permitted_work=PermittedWork.HIGHER), "195.51",
     True),
])
def test_permitted_work_categories(benefit, amount, stopped):
    assert check([benefit], [pay(amount, "2025-06-04", hours="20")]).stopped is stopped


def test_supported_permitted_work_has_no_hours_limit_but_the_higher_limit_does():
    hours = [pay("50", "2025-06-04", hours="20")]
    assert not check([Benefit(BenefitRule.ESA, week_starts_on=0, permitted_work=PermittedWork.SUPPORTED)],
                     hours).stopped
    assert check([ESA_HIGHER], hours).stopped   # reg 45(4): fewer than 16 hours


# --- each person's own benefit week -------------------------------------------------------------------

SUNDAY_AND_MONDAY = [pay("150", "2025-06-08", key="sun"), pay("150", "2025-06-09", key="mon")]


@pytest.mark.parametrize(("starts_on", "stopped"), [
    # £150 on a Sunday and £150 the next Monday: two weeks if the week starts on Monday, one (£300) otherwise.
    (0, False),
    (2, True),    # Wednesday to Tuesday
    (6, True),
])
def test_the_persons_benefit_week_decides(starts_on, stopped):
    benefit = Benefit(BenefitRule.ESA, week_starts_on=starts_on, permitted_work=PermittedWork.HIGHER)
    assert check([benefit], SUNDAY_AND_MONDAY).stopped is stopped


def test_an_unknown_benefit_week_checks_every_seven_day_window_containing_the_payment():
    benefit = Benefit(BenefitRule.ESA, permitted_work=PermittedWork.HIGHER)   # start day not recorded
    result = check([benefit], SUNDAY_AND_MONDAY)
    esa = result.results[0]
    assert result.stopped and not result.week_start_known
    assert (esa.week_start_known, esa.alignments_checked, esa.stopping_starts) == (False, 7, [1, 2, 3, 4, 5, 6])
    assert any("every seven-day window" in note for note in result.notes)   # so a page can say so
    assert esa.periods[0].after == D("300.00")


def test_an_unknown_benefit_week_with_room_in_every_window_passes():
    result = check([Benefit(BenefitRule.CARERS_ALLOWANCE)], [pay("100", "2025-06-05")],
                   existing=[pay("96", "2025-05-30")])   # Friday before: some windows hold both (£196)
    assert not result.stopped
    assert result.results[0].periods[0].after == D("196.00")   # the worst window is the one shown


def test_an_unknown_uc_assessment_period_checks_every_start_day():
    benefit = Benefit(BenefitRule.UC, work_allowance=WorkAllowance.WITH_HOUSING, personal_cap=D("400"))
    result = check([benefit], [pay("250", "2025-06-20")], existing=[pay("200", "2025-06-10")])
    uc = result.results[0]
    assert (uc.period_start_known, uc.alignments_checked) == (False, 31)
    assert result.stopped   # some periods hold both: £450 passes the person's own £400 cap
    assert 11 not in uc.stopping_starts and 10 in uc.stopping_starts


def test_part_fee_with_an_unknown_week_is_safe_in_every_window():
    benefit = Benefit(BenefitRule.ESA, permitted_work=PermittedWork.HIGHER)
    existing = [pay("150", "2025-06-08")]
    proposed = [pay("100", "2025-06-09", key="a")]
    parts = limits.part_fee_amounts(check([benefit], proposed, existing), proposed)
    assert parts == {"a": D("45.50")}
    recheck = [pay("45.50", "2025-06-09", key="a")]
    assert not check([benefit], recheck, existing).stopped


# --- the week paid as well as the week worked ---------------------------------------------------------

def test_two_weeks_fees_paid_on_one_date_are_checked_in_the_week_paid():
    # ESA Regulations 2008 reg 93(1)(b); Computation of Earnings Regulations 1996 reg 7: earnings count in
    # the benefit week they are due to be paid. Two £150 fees worked in different weeks, paid on one day.
    proposed = [pay("150", "2025-06-02", "2025-06-13", key="a"), pay("150", "2025-06-09", "2025-06-13", key="b")]
    result = check([CA], proposed)
    ca = result.results[0]
    assert result.stopped
    paid_week = next(c for c in ca.periods if c.primary and c.period.start == day("2025-06-09"))
    assert (paid_week.basis, paid_week.after, paid_week.over_limit) == ("paid", D("300.00"), True)
    worked_week = next(c for c in ca.periods if c.period.start == day("2025-06-02"))
    assert (worked_week.basis, worked_week.primary, worked_week.after) == ("worked", False, D("150.00"))


@pytest.mark.parametrize(("also_week_worked", "stopped"), [(True, True), (False, False)])
def test_the_week_worked_is_checked_too_on_the_safe_side(also_week_worked, stopped):
    # Worked in one week (£300), paid in two: within the limit in each week paid; the safe-side check of the
    # week worked stops it unless turned off.
    proposed = [pay("150", "2025-06-02", "2025-06-06"), pay("150", "2025-06-04", "2025-06-13")]
    assert check([CA], proposed, also_week_worked=also_week_worked).stopped is stopped


def test_universal_credit_counts_only_the_period_received():
    # UC Regulations 2013 reg 54 (actual amounts received in the assessment period) and reg 61.
    result = check([UC17_HOUSING], [pay("100", "2025-06-10", "2025-07-18")])
    uc = result.results[0]
    assert [(c.period.start, c.basis, c.primary) for c in uc.periods] == [(day("2025-07-17"), "paid", True)]


def test_worked_week_checks_do_not_add_to_the_estimated_reduction():
    proposed = [pay("45", "2025-06-04", "2025-06-13")]
    hb = check([HB], proposed).results[0]
    assert len(hb.periods) == 2 and hb.estimated_reduction == D("26.00")


def test_a_payment_run_rechecks_each_claim_against_the_week_its_money_is_paid():
    claims = [("first", [pay("150", "2025-06-02", "2025-06-06", key="1")]),
              ("second", [pay("150", "2025-06-09", "2025-06-13", key="2")])]
    # Paid as claimed (different weeks): both are paid.
    assert [d.admitted for d in limits.recheck_run(claims, benefits=[CA], limits=TABLE, existing=[])] == [
        True, True]
    # The run pays both on Friday 13 June: the second would take that week to £300, so it is held.
    decisions = limits.recheck_run(claims, benefits=[CA], limits=TABLE, existing=[], pay_day=day("2025-06-13"))
    assert [(d.key, d.admitted) for d in decisions] == [("first", True), ("second", False)]
    held = decisions[1].assessment.strictest.periods
    assert any(c.period.start == day("2025-06-09") and c.after == D("300.00") for c in held)


def test_a_payment_run_rechecks_the_week_earned_as_well():
    claims = [("first", [pay("150", "2025-06-02", key="1")]), ("second", [pay("150", "2025-06-04", key="2")])]
    decisions = limits.recheck_run(claims, benefits=[CA], limits=TABLE, existing=[], pay_day=day("2025-06-13"))
    assert [d.admitted for d in decisions] == [True, False]


@pytest.mark.parametrize(("keeps", "admitted"), [
    # A £100 gift card given on 2 June is not paid by the run: kept on its own day it is in the week of
    # 2 June; moved to the run's pay day it would join a £150 fee in the week of 9 June (£250, over £196).
    (True, [True]),
    (False, [False]),
])
def test_a_payment_run_leaves_a_gift_card_on_the_day_it_was_given(keeps, admitted):
    card = Earning(amount=D("100.00"), worked_on=day("2025-06-02"), paid_on=day("2025-06-02"), is_fee=False,
                   kind="gift_card", key="given")
    claims = [("one", [pay("150", "2025-06-09", key="1"), card])]
    decisions = limits.recheck_run(claims, benefits=[CA], limits=TABLE, existing=[], pay_day=day("2025-06-13"),
                                   keeps_its_date=(lambda e: e.key == "given") if keeps else None)
    assert [d.admitted for d in decisions] == admitted


# --- part fees with several benefits ------------------------------------------------------------------

def test_part_fee_is_the_least_any_benefit_allows():
    proposed = [pay("100", "2025-06-04", key="a")]
    result = check([CA, ESA_LOWER], proposed)
    assert limits.part_fee_amounts(result, proposed) == {"a": D("20.00")}
    assert not check([CA, ESA_LOWER], [pay("20.00", "2025-06-04", key="a")]).stopped


def test_a_voucher_is_counted_first_and_the_fee_fills_what_is_left():
    proposed = [pay("30", "2025-06-04", is_fee=False, kind="gift_card", key="g"), pay("180", "2025-06-04", key="f")]
    result = check([ESA_HIGHER], proposed)
    assert result.stopped
    assert limits.part_fee_amounts(result, proposed) == {"f": D("165.50")}


# --- Income Support, income-based JSA and income-related ESA close in 2026 -----------------------------

@pytest.mark.parametrize(("rule", "on", "closed_from"), [
    # Welfare Reform Act 2012 (Commencement No. 35) (Abolition of Benefits) Order 2025: 1 April 2026.
    (BenefitRule.INCOME_SUPPORT, "2026-03-31", None),
    (BenefitRule.INCOME_SUPPORT, "2026-04-01", "2026-04-01"),
    (BenefitRule.JSA_INCOME_BASED, "2026-04-01", "2026-04-01"),
    # SI 2026/409 art 2(4) (new art 3A): income-related ESA from 1 July 2026.
    (BenefitRule.ESA_INCOME_RELATED, "2026-06-30", None),
    (BenefitRule.ESA_INCOME_RELATED, "2026-07-01", "2026-07-01"),
    (BenefitRule.ESA, "2027-01-01", None),     # new-style and contribution-based ESA continue
    (BenefitRule.HOUSING_BENEFIT, "2027-01-01", None),
])
def test_legacy_benefits_close_and_universal_credit_replaces_them(rule, on, closed_from):
    closure = limits.closure_on(rule, day(on))
    assert (closure.closed_from if closure else None) == (day(closed_from) if closed_from else None)
    if closure:
        assert closure.replaced_by is BenefitRule.UC and closure.citation.url.startswith("https://")


def test_a_claim_for_a_closed_benefit_says_so_and_still_follows_its_rules():
    result = check([IS_5], [pay("45", "2026-04-08")])
    income_support = result.results[0]
    assert income_support.closed is not None and income_support.estimated_reduction == D("40.00")
    assert any("closed on 1 April 2026" in note for note in income_support.notes)


def test_earning_takes_paid_on_or_received_on():
    assert Earning(amount=D("1"), worked_on=day("2025-06-02"), paid_on=day("2025-06-09")).received_on == day(
        "2025-06-09")
    assert Earning(amount=D("1"), worked_on=day("2025-06-02")).paid_on == day("2025-06-02")
    with pytest.raises(ValueError):
        Earning(amount=D("1"), worked_on=day("2025-06-02"), paid_on=day("2025-06-09"),
                received_on=day("2025-06-10"))


@pytest.mark.parametrize(("on", "says"), [
    ("2026-03-31", None),
    ("2026-04-08", "income-related ESA closes on 1 July 2026"),
    ("2026-07-08", "income-related ESA closed on 1 July 2026"),
])
def test_the_old_catch_all_legacy_rule_says_what_has_closed(on, says):
    legacy = limits.benefit_from_rule("legacy_5", week_starts_on=0)
    notes = check([legacy], [pay("45", on)]).notes
    assert any(says in note for note in notes) if says else not any("closed" in n for n in notes)
    assert check([legacy], [pay("45", on)]).results[0].closed is None   # Housing Benefit goes on


amounts = st.lists(st.tuples(st.integers(0, 13), st.decimals(min_value=D("0.01"), max_value=D("150"), places=2)),
                   min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(existing=amounts, proposed=amounts)
def test_an_unknown_week_stops_exactly_when_some_start_day_would(existing, proposed):
    def earnings(items, prefix):
        return [pay(str(a), f"2025-06-{1 + d:02d}", key=f"{prefix}{i}") for i, (d, a) in enumerate(items)]

    old, new = earnings(existing, "e"), earnings(proposed, "p")
    unknown = check([Benefit(BenefitRule.CARERS_ALLOWANCE)], new, old).stopped
    known = [check([Benefit(BenefitRule.CARERS_ALLOWANCE, week_starts_on=s)], new, old).stopped for s in range(7)]
    assert unknown is any(known)


@settings(max_examples=60, deadline=None)
@given(existing=amounts, proposed=amounts)
def test_part_fees_never_stop_a_claim_under_any_benefit(existing, proposed):
    def earnings(items, prefix):
        return [pay(str(a), f"2025-06-{1 + d:02d}", key=f"{prefix}{i}") for i, (d, a) in enumerate(items)]

    benefits = [Benefit(BenefitRule.CARERS_ALLOWANCE), Benefit(BenefitRule.ESA, week_starts_on=3,
                                                              permitted_work=PermittedWork.LOWER)]
    old, new = earnings(existing, "e"), earnings(proposed, "p")
    parts = limits.part_fee_amounts(check(benefits, new, old), new)
    reduced = [dataclasses.replace(e, amount=parts[e.key]) for e in new]
    assert not check(benefits, reduced, old).stopped
