"""The limits module, by tables: periods, each rule's shape, April uprating, paid later, exact limits."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payments import limits
from payments.limits import Earning, LimitValue, Rule

D = Decimal
DATA = Path(__file__).resolve().parents[2] / "payments" / "data" / "benefit_limits.csv"


def _table() -> list[LimitValue]:
    with DATA.open(newline="") as handle:
        return [LimitValue(parameter=row["parameter"], amount=D(row["amount"]),
                           effective_from=dt.date.fromisoformat(row["effective_from"]),
                           effective_to=dt.date.fromisoformat(row["effective_to"]) if row["effective_to"] else None,
                           counts_by=row["counts_by"], verified=row["verified"] == "yes")
                for row in csv.DictReader(handle)]


TABLE = _table()


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def fee(amount: str, worked: str, received: str | None = None, hours: str = "3", key: str = "") -> Earning:
    return Earning(amount=D(amount), worked_on=day(worked), received_on=day(received or worked), hours=D(hours),
                   key=key or worked)


@pytest.mark.parametrize(("on", "start", "end"), [
    ("2025-06-04", "2025-06-02", "2025-06-08"),   # Wednesday
    ("2025-06-02", "2025-06-02", "2025-06-08"),   # Monday
    ("2025-06-08", "2025-06-02", "2025-06-08"),   # Sunday
    ("2025-12-31", "2025-12-29", "2026-01-04"),   # across the new year
])
def test_weeks_run_monday_to_sunday(on, start, end):
    assert limits.week_of(day(on)) == limits.Period(day(start), day(end))


@pytest.mark.parametrize(("on", "start_day", "start", "end"), [
    ("2025-06-20", 17, "2025-06-17", "2025-07-16"),
    ("2025-06-16", 17, "2025-05-17", "2025-06-16"),
    ("2025-06-17", 17, "2025-06-17", "2025-07-16"),
    ("2025-01-05", 17, "2024-12-17", "2025-01-16"),   # across the new year
    ("2025-06-01", 1, "2025-06-01", "2025-06-30"),
    ("2025-02-28", 31, "2025-02-28", "2025-03-30"),   # starts on the last day of a short month
    ("2025-02-27", 31, "2025-01-31", "2025-02-27"),
    # UC Regulations 2013 reg 21(2)(b): a period that starts on the 29th or 30th starts in February on the
    # 27th, or in a leap year the 28th. This row used to say 29 February 2024 ("the last day of the month").
    ("2024-02-29", 30, "2024-02-28", "2024-03-29"),   # leap year
])
def test_assessment_periods_start_on_the_persons_day(on, start_day, start, end):
    assert limits.assessment_period_of(day(on), start_day) == limits.Period(day(start), day(end))


@pytest.mark.parametrize(("on", "start", "end"), [
    ("2025-04-05", "2024-04-06", "2025-04-05"),
    ("2025-04-06", "2025-04-06", "2026-04-05"),
    ("2026-01-10", "2025-04-06", "2026-04-05"),
])
def test_tax_years_run_6_april_to_5_april(on, start, end):
    assert limits.tax_year_of(day(on)) == limits.Period(day(start), day(end))


@pytest.mark.parametrize(("param", "on", "amount"), [
    ("esa_permitted_work_higher_weekly", "2025-04-06", "183.50"),   # last day of 2024/25 benefit year
    ("esa_permitted_work_higher_weekly", "2025-04-07", "195.50"),
    ("esa_permitted_work_lower_weekly", "2025-10-01", "20.00"),
    ("carers_allowance_earnings_limit_weekly", "2025-04-06", "151.00"),
    ("carers_allowance_earnings_limit_weekly", "2025-04-07", "196.00"),
    ("uc_work_allowance_with_housing_monthly", "2025-05-01", "411.00"),
    ("uc_work_allowance_without_housing_monthly", "2025-05-01", "684.00"),
    ("uc_work_allowance_with_housing_monthly", "2024-05-01", "404.00"),
    ("uc_taper_rate", "2025-05-01", "0.55"),
])
def test_the_shipped_table_has_the_published_values(param, on, amount):
    assert limits.value_on(TABLE, param, day(on)).amount == D(amount)


def test_figures_not_yet_verified_are_marked_so():
    unverified = [LimitValue("esa_permitted_work_higher_weekly", D("999"), day("2027-04-05"), verified=False)]
    assert not limits.value_on([*TABLE, *unverified], "esa_permitted_work_higher_weekly", day("2027-05-01")).verified
    assert limits.value_on(TABLE, "esa_permitted_work_higher_weekly", day("2025-05-01")).verified


@pytest.mark.parametrize(("param", "amount"), [
    ("esa_permitted_work_higher_weekly", "203.50"),          # ESA 2008 reg 45(4), (9A): 16 x £12.71, up to 50p
    ("uc_work_allowance_with_housing_monthly", "427.00"),    # DWP 2026/27 rates; UC reg 22
    ("uc_work_allowance_without_housing_monthly", "710.00"),
    ("carers_allowance_earnings_limit_weekly", "204.00"),    # 16 x £12.71, up to the next pound
])
def test_the_four_2026_figures_are_resolved_with_a_citation(param, amount):
    row = limits.value_on(TABLE, param, day("2026-05-01"))
    assert (row.amount, row.verified, row.effective_from) == (D(amount), True, day("2026-04-06"))


def test_a_missing_value_is_an_error_not_a_guess():
    with pytest.raises(limits.LimitsMissing):
        limits.value_on(TABLE, "carers_allowance_earnings_limit_weekly", day("2020-01-01"))


# (rule, existing earnings, proposed earnings, uc start day, cap, expected: stopped, first-period after,
#  first-period limit, estimated reduction)
CASES = [
    # ESA lower limit £20 a week: exactly £20 is fine, a penny over stops.
    ("esa lower exactly at limit", Rule.ESA_LOWER, [], [fee("20.00", "2025-06-04")], None, None,
     False, "20.00", "20.00", "0.00"),
    ("esa lower a penny over", Rule.ESA_LOWER, [], [fee("20.01", "2025-06-04")], None, None,
     True, "20.01", "20.00", "0.00"),
    ("esa lower: other claim same week", Rule.ESA_LOWER, [fee("15", "2025-06-02")], [fee("10", "2025-06-06")],
     None, None, True, "25.00", "20.00", "0.00"),
    ("esa lower: other claim in the week before", Rule.ESA_LOWER, [fee("15", "2025-06-01")],
     [fee("10", "2025-06-06")], None, None, False, "10.00", "20.00", "0.00"),
    # ESA higher: £195.50 from 7 April 2025, £183.50 the week before (uprating).
    ("esa higher exactly at the new limit", Rule.ESA_HIGHER, [], [fee("195.50", "2025-04-08")], None, None,
     False, "195.50", "195.50", "0.00"),
    ("esa higher: the week before uprating uses the old limit", Rule.ESA_HIGHER, [],
     [fee("190.00", "2025-04-03")], None, None, True, "190.00", "183.50", "0.00"),
    ("esa higher: 16 hours is too many", Rule.ESA_HIGHER, [fee("50", "2025-06-02", hours="10")],
     [fee("50", "2025-06-05", hours="6")], None, None, True, "100.00", "195.50", "0.00"),
    ("esa higher: 15.5 hours is fine", Rule.ESA_HIGHER, [fee("50", "2025-06-02", hours="10")],
     [fee("50", "2025-06-05", hours="5.5")], None, None, False, "100.00", "195.50", "0.00"),
    ("esa higher: personal cap below the limit", Rule.ESA_HIGHER, [], [fee("120", "2025-06-04")], None,
     D("100"), True, "120.00", "195.50", "0.00"),
    # Carer's Allowance: £196 a week from 7 April 2025, £151 before; any single week over is flagged.
    ("carers exactly at limit", Rule.CARERS_ALLOWANCE, [], [fee("196.00", "2025-06-04")], None, None,
     False, "196.00", "196.00", "0.00"),
    ("carers one week over", Rule.CARERS_ALLOWANCE, [fee("100", "2025-06-02")], [fee("96.01", "2025-06-04")],
     None, None, True, "196.01", "196.00", "0.00"),
    ("carers: the old limit before uprating", Rule.CARERS_ALLOWANCE, [], [fee("160", "2025-04-01")], None, None,
     True, "160.00", "151.00", "0.00"),
    # Universal Credit: received basis, assessment period 17th to 16th, reduction not a cliff.
    ("uc with housing, under the allowance", Rule.UC_WITH_ALLOWANCE_HOUSING, [], [fee("300", "2025-06-20")], 17,
     None, False, "300.00", "411.00", "0.00"),
    ("uc with housing, £100 over: 55p in the pound", Rule.UC_WITH_ALLOWANCE_HOUSING, [fee("311", "2025-06-18")],
     [fee("200", "2025-07-01")], 17, None, False, "511.00", "411.00", "55.00"),
    ("uc without housing", Rule.UC_WITH_ALLOWANCE, [], [fee("700", "2025-06-20")], 17, None,
     False, "700.00", "684.00", "8.80"),
    ("uc without a work allowance: taper from the first pound", Rule.UC_NO_ALLOWANCE, [],
     [fee("100.01", "2025-06-20")], 17, None, False, "100.01", None, "55.01"),
    ("uc: worked in June, paid in July: counts in the July period", Rule.UC_WITH_ALLOWANCE_HOUSING,
     [fee("400", "2025-06-20")], [fee("100", "2025-06-25", received="2025-07-18")], 17, None,
     False, "100.00", "411.00", "0.00"),
    ("uc: paid in the same period as other earnings", Rule.UC_WITH_ALLOWANCE_HOUSING,
     [fee("400", "2025-06-20")], [fee("100", "2025-06-25", received="2025-07-10")], 17, None,
     False, "500.00", "411.00", "48.95"),
    ("uc: person's cap stops the claim", Rule.UC_WITH_ALLOWANCE_HOUSING, [fee("380", "2025-06-20")],
     [fee("40", "2025-06-25")], 17, D("411"), True, "420.00", "411.00", "4.95"),
    ("uc: cap reached exactly is fine", Rule.UC_WITH_ALLOWANCE_HOUSING, [fee("371", "2025-06-20")],
     [fee("40", "2025-06-25")], 17, D("411"), False, "411.00", "411.00", "0.00"),
    ("uc: the April period uses the allowance in force when it starts", Rule.UC_WITH_ALLOWANCE_HOUSING, [],
     [fee("410", "2025-04-10")], 3, None, False, "410.00", "404.00", "3.30"),
    # Legacy benefits: weekly disregard, pound for pound above.
    ("legacy £5 disregard", Rule.LEGACY_STANDARD, [], [fee("30", "2025-06-04")], None, None,
     False, "30.00", "5.00", "25.00"),
    ("legacy £20 disregard exactly", Rule.LEGACY_HIGHER, [], [fee("20", "2025-06-04")], None, None,
     False, "20.00", "20.00", "0.00"),
    ("legacy £10 couple", Rule.LEGACY_COUPLE, [fee("8", "2025-06-02")], [fee("5", "2025-06-04")], None, None,
     False, "13.00", "10.00", "3.00"),
]


@pytest.mark.parametrize(("name", "rule", "existing", "proposed", "start_day", "cap", "stopped", "after",
                          "limit", "reduction"), CASES, ids=[case[0] for case in CASES])
def test_rules(name, rule, existing, proposed, start_day, cap, stopped, after, limit, reduction):
    result = limits.assess(rule=rule, limits=TABLE, existing=existing, proposed=proposed,
                           uc_start_day=start_day, personal_cap=cap)
    assert result.stopped is stopped
    first = result.periods[0]
    assert first.after == D(after)
    assert first.limit == (D(limit) if limit is not None else None)
    assert result.estimated_reduction == D(reduction)


def test_several_claims_in_one_period_and_one_in_the_next():
    result = limits.assess(rule=Rule.CARERS_ALLOWANCE, limits=TABLE,
                           existing=[fee("90", "2025-06-02"), fee("50", "2025-06-03")],
                           proposed=[fee("50", "2025-06-05"), fee("150", "2025-06-10")])
    assert [(c.period.start, c.before, c.after, c.over_limit) for c in result.periods] == [
        (day("2025-06-02"), D("140.00"), D("190.00"), False),
        (day("2025-06-09"), D("0.00"), D("150.00"), False),
    ]
    assert not result.stopped


def test_a_claim_across_the_april_uprating_checks_each_week_against_its_own_limit():
    result = limits.assess(rule=Rule.CARERS_ALLOWANCE, limits=TABLE, existing=[],
                           proposed=[fee("155", "2025-04-04"), fee("155", "2025-04-08")])
    assert [(c.limit, c.over_limit) for c in result.periods] == [(D("151.00"), True), (D("196.00"), False)]


def test_esa_reminds_the_person_to_tell_dwp_first():
    result = limits.assess(rule=Rule.ESA_HIGHER, limits=TABLE, existing=[], proposed=[fee("10", "2025-06-04")])
    assert result.tell_dwp_first
    assert not limits.assess(rule=Rule.UC_NO_ALLOWANCE, limits=TABLE, existing=[],
                             proposed=[fee("10", "2025-06-04")]).tell_dwp_first


def test_no_means_tested_benefit_is_never_stopped_without_a_cap():
    result = limits.assess(rule=Rule.NONE, limits=TABLE, existing=[], proposed=[fee("5000", "2025-06-04")])
    assert not result.stopped and result.periods == []
    capped = limits.assess(rule=Rule.NONE, limits=TABLE, existing=[], proposed=[fee("500", "2025-06-04")],
                           personal_cap=D("400"))
    assert capped.stopped


def test_no_rule_recorded_means_no_check():
    assert not limits.assess(rule=None, limits=TABLE, existing=[], proposed=[fee("5000", "2025-06-04")]).stopped


@pytest.mark.parametrize(("rule", "existing", "proposed", "cap", "expected"), [
    (Rule.ESA_LOWER, [], [fee("30", "2025-06-04", key="a")], None, {"a": "20.00"}),
    (Rule.ESA_LOWER, [fee("15", "2025-06-02")], [fee("30", "2025-06-04", key="a")], None, {"a": "5.00"}),
    (Rule.ESA_LOWER, [fee("25", "2025-06-02")], [fee("30", "2025-06-04", key="a")], None, {"a": "0.00"}),
    (Rule.CARERS_ALLOWANCE, [], [fee("150", "2025-06-03", key="a"), fee("150", "2025-06-05", key="b")], None,
     {"a": "150.00", "b": "46.00"}),
    (Rule.UC_WITH_ALLOWANCE_HOUSING, [fee("400", "2025-06-20")], [fee("50", "2025-06-22", key="a")], D("411"),
     {"a": "11.00"}),
    # hours: a fee whose hours would reach 16 gets nothing
    (Rule.ESA_HIGHER, [fee("50", "2025-06-02", hours="12")], [fee("40", "2025-06-04", hours="4", key="a")],
     None, {"a": "0.00"}),
])
def test_part_of_the_fee_up_to_the_limit(rule, existing, proposed, cap, expected):
    result = limits.assess(rule=rule, limits=TABLE, existing=existing, proposed=proposed, uc_start_day=17,
                           personal_cap=cap)
    parts = limits.part_fee_amounts(result, proposed)
    assert {k: str(v) for k, v in parts.items()} == expected
    recheck = [Earning(amount=parts[e.key], worked_on=e.worked_on, received_on=e.received_on, hours=e.hours,
                       key=e.key) for e in proposed]
    assert not limits.assess(rule=rule, limits=TABLE, existing=existing, proposed=recheck, uc_start_day=17,
                             personal_cap=cap).stopped


@pytest.mark.parametrize(("miles", "vehicle", "before", "amount"), [
    ("10", "car", "0", "4.50"),
    ("20", "car", "9990", "7.00"),      # 10 at 45p, 10 at 25p
    ("10", "car", "12000", "2.50"),
    ("10", "motorcycle", "0", "2.40"),
    ("10", "bicycle", "0", "2.00"),
    ("0.5", "car", "0", "0.23"),       # 22.5p rounds half up
])
def test_hmrc_mileage(miles, vehicle, before, amount):
    rates = [limits.MileageRate("car", D("0.45"), 10000, day("2011-04-06")),
             limits.MileageRate("car", D("0.25"), None, day("2011-04-06")),
             limits.MileageRate("motorcycle", D("0.24"), None, day("2011-04-06")),
             limits.MileageRate("bicycle", D("0.20"), None, day("2011-04-06"))]
    assert limits.hmrc_mileage(miles=D(miles), vehicle=vehicle, on=day("2025-06-01"),
                               miles_before_in_tax_year=D(before), rates=rates) == D(amount)


@pytest.mark.parametrize(("kind", "amount", "receipted", "hmrc", "earnings"), [
    ("mileage", "4.50", False, "4.50", "0.00"),
    ("mileage", "6.00", False, "4.50", "1.50"),   # above the HMRC rate: the excess is earnings
    ("parking", "3.00", True, None, "0.00"),
    ("other", "12.00", False, None, "12.00"),     # unreceipted: not shown to be at cost
    ("voucher", "25.00", True, None, "25.00"),
    ("thank_you", "10.00", False, None, "10.00"),
])
def test_which_expenses_count_as_earnings(kind, amount, receipted, hmrc, earnings):
    assert limits.expense_earnings_part(kind=kind, amount=D(amount), receipted=receipted,
                                        hmrc_amount=D(hmrc) if hmrc else None) == D(earnings)


@given(st.decimals(min_value=D("-10000"), max_value=D("10000"), places=3, allow_nan=False))
def test_money_rounds_half_up_to_a_decimal_penny(value):
    rounded = limits.money(value)
    assert isinstance(rounded, Decimal)
    assert rounded.as_tuple().exponent == -2
    assert abs(rounded - value) <= D("0.005")
    if (value * 1000) % 10 == 5 and value > 0:
        assert rounded > value


@given(st.lists(st.decimals(min_value=D("0.01"), max_value=D("500"), places=2), min_size=1, max_size=8))
def test_period_totals_add_up_and_stay_decimal(amounts):
    proposed = [Earning(amount=a, worked_on=day("2025-06-04"), received_on=day("2025-06-04"), key=str(i))
                for i, a in enumerate(amounts)]
    result = limits.assess(rule=Rule.UC_WITH_ALLOWANCE, limits=TABLE, existing=[], proposed=proposed)
    check = result.periods[0]
    assert check.after == sum(amounts) and isinstance(check.after, Decimal)
    assert check.reduction == limits.money(max(D(0), sum(amounts) - D("684")) * D("0.55"))
