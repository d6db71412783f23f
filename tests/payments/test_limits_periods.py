"""Benefit weeks on the person's own start day, UC assessment periods (reg 21), and the April 2026 uprating."""

from __future__ import annotations

import pytest

from payments import limits
from payments.limits import Benefit, BenefitRule, PermittedWork, WorkAllowance
from tests.payments.limits_tables import TABLE, D, day, pay


@pytest.mark.parametrize(("on", "starts_on", "start", "end"), [
    # ESA Regulations 2013 reg 2 ("benefit week": seven days ending on a day the Secretary of State directs);
    # Computation of Earnings Regulations 1996 reg 2(1) (Carer's Allowance: the week it is paid for).
    ("2025-06-04", 0, "2025-06-02", "2025-06-08"),   # Monday start (the old default)
    ("2025-06-04", 2, "2025-06-04", "2025-06-10"),   # Wednesday start: the day itself
    ("2025-06-03", 2, "2025-05-28", "2025-06-03"),   # Wednesday start: the Tuesday ends the week
    ("2025-06-04", 6, "2025-06-01", "2025-06-07"),   # Sunday start
    ("2025-12-31", 3, "2025-12-25", "2025-12-31"),   # Thursday start, across the new year
])
def test_benefit_weeks_start_on_the_persons_own_day(on, starts_on, start, end):
    assert limits.week_of(day(on), starts_on) == limits.Period(day(start), day(end))


def test_a_week_start_outside_monday_to_sunday_is_an_error():
    with pytest.raises(ValueError):
        limits.week_of(day("2025-06-04"), 7)


def test_every_seven_day_window_containing_a_day():
    windows = limits.seven_day_windows(day("2025-06-04"))
    assert len(set(windows)) == 7
    assert all(day("2025-06-04") in window and window.days == 7 for window in windows)
    assert sorted(w.start for w in windows) == [day(f"2025-{d}") for d in
                                                 ("05-29", "05-30", "05-31", "06-01", "06-02", "06-03", "06-04")]


@pytest.mark.parametrize(("start_day", "year", "month", "begins"), [
    # UC Regulations 2013 reg 21(2)(b): 29th or 30th -> in February the 27th, in a leap year the 28th.
    (29, 2025, 2, "2025-02-27"),
    (30, 2025, 2, "2025-02-27"),
    (29, 2024, 2, "2024-02-28"),     # not the 29th, although 2024 has one
    (30, 2024, 2, "2024-02-28"),
    (29, 2025, 3, "2025-03-29"),
    (30, 2025, 4, "2025-04-30"),
    # reg 21(2)(a): 31st -> the last day of every month.
    (31, 2025, 2, "2025-02-28"),
    (31, 2024, 2, "2024-02-29"),
    (31, 2025, 4, "2025-04-30"),
    (28, 2025, 2, "2025-02-28"),     # reg 21(2): the same day of each month
])
def test_assessment_periods_begin_as_regulation_21_says(start_day, year, month, begins):
    assert limits.assessment_period_start(year, month, start_day) == day(begins)


@pytest.mark.parametrize(("on", "start_day", "start", "end"), [
    ("2025-02-27", 30, "2025-02-27", "2025-03-29"),   # reg 21(2)(b)
    ("2025-02-26", 30, "2025-01-30", "2025-02-26"),
    ("2025-03-01", 29, "2025-02-27", "2025-03-28"),
    ("2024-02-28", 29, "2024-02-28", "2024-03-28"),   # leap year: the 28th
    ("2024-02-27", 29, "2024-01-29", "2024-02-27"),
    ("2025-05-01", 31, "2025-04-30", "2025-05-30"),   # reg 21(2)(a)
])
def test_february_assessment_periods(on, start_day, start, end):
    assert limits.assessment_period_of(day(on), start_day) == limits.Period(day(start), day(end))


def _limit(benefit: Benefit, worked: str) -> D:
    return limits.assess_benefit(benefit, limits=TABLE, existing=[], proposed=[pay("1", worked)]).periods[0].limit


@pytest.mark.parametrize(("benefit", "worked", "limit"), [
    # Social Security Administration Act 1992 s 150(10): the week beginning with the first Monday of the
    # 2026/27 tax year, Monday 6 April 2026; weekly benefits change from the first benefit week starting on or
    # after that day (Up-rating Orders: "the first benefit week to commence ... on or after").
    (Benefit(BenefitRule.CARERS_ALLOWANCE, week_starts_on=6), "2026-04-11", "196.00"),   # week from Sun 5 Apr
    (Benefit(BenefitRule.CARERS_ALLOWANCE, week_starts_on=0), "2026-04-11", "204.00"),   # week from Mon 6 Apr
    (Benefit(BenefitRule.CARERS_ALLOWANCE, week_starts_on=1), "2026-04-06", "196.00"),   # week from Tue 31 Mar
    (Benefit(BenefitRule.CARERS_ALLOWANCE, week_starts_on=1), "2026-04-07", "204.00"),   # week from Tue 7 Apr
    # ESA reg 45(4): 16 x NLW. The NLW rose on 1 April; the portal moves with the uprating week (safe side).
    (Benefit(BenefitRule.ESA, week_starts_on=3, permitted_work=PermittedWork.HIGHER), "2026-04-08", "195.50"),
    (Benefit(BenefitRule.ESA, week_starts_on=3, permitted_work=PermittedWork.HIGHER), "2026-04-09", "203.50"),
    # s 150(10ZB): UC from the first assessment period beginning on or after Monday 6 April 2026.
    (Benefit(BenefitRule.UC, uc_start_day=5, work_allowance=WorkAllowance.WITH_HOUSING), "2026-05-04", "411.00"),
    (Benefit(BenefitRule.UC, uc_start_day=6, work_allowance=WorkAllowance.WITH_HOUSING), "2026-04-06", "427.00"),
    (Benefit(BenefitRule.UC, uc_start_day=6, work_allowance=WorkAllowance.WITHOUT_HOUSING), "2026-04-06",
     "710.00"),
    (Benefit(BenefitRule.UC, uc_start_day=31, work_allowance=WorkAllowance.WITHOUT_HOUSING), "2026-04-29",
     "684.00"),   # the period from 31 March 2026 still uses 2025/26
])
def test_each_2026_figure_starts_on_the_right_day_for_its_benefit(benefit, worked, limit):
    assert _limit(benefit, worked) == D(limit)
