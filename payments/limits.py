"""Benefit-safe limits: the rules and their arithmetic, in one pure module (no database access).

Everything here works on plain values so that it can be tested by tables: the database side
(`payments.selectors`) gathers a person's earnings with a constant number of aggregate queries and
passes them in. Money is `Decimal` in pounds; every rounding goes through `money()`, which rounds half up
to the penny (ROUND_HALF_UP, the only rounding mode used in the payments app).

The rules differ in shape and are modelled one by one:

* ESA permitted work (weekly, on net earnings). Lower limit: earnings up to the lower limit a week.
  Higher limit: earnings up to the higher limit a week AND fewer than 16 hours' work a week. Going over
  either is a cliff (permitted work stops), so a claim that would pass it is stopped. The person must tell
  DWP before starting permitted work: the portal reminds them and never reports for them.
* Carer's Allowance (weekly net earnings): a week over the earnings limit loses that week's Carer's
  Allowance, so every single week over is flagged (DWP may average irregular earnings; the portal does not
  rely on averaging).
* Universal Credit (monthly assessment period, counted in the period the money is received): above the
  work allowance (only for people with limited capability for work or responsible for a child; lower
  when UC includes help with housing) UC falls by the taper rate. A reduction, not a cliff: the portal
  shows the estimated reduction, and the person's own cap (if they set one) stops a claim.
* Legacy benefits (Income Support, income-based JSA, income-related ESA, Housing Benefit): a weekly
  earnings disregard (£5, £10 or £20 as applicable), then pound for pound. Shown as a reduction.
* No means-tested benefit (for example PIP, DLA or Attendance Allowance only): not affected by earnings.

Net or gross: the portal compares the amount the alliance pays. When the alliance pays gross (no payroll
deductions) that is the net figure; when it pays through payroll, net pay can only be lower, so using the
gross amount is the safe side. Either way the messages say which was used.

Only receipted out-of-pocket expenses at cost, and mileage at or below the HMRC approved rate, are not
earnings; mileage above the HMRC rate (the excess), vouchers and flat "thank you" payments are income.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Decimal | int | str | float) -> Decimal:
    """Round to the penny, half up (0.005 -> 0.01). The one rounding rule of the payments app.

    (A float only arrives from SQLite's SUM of decimals; it goes through str() so 0.1 stays 0.1.)
    """
    if isinstance(value, float):
        value = str(value)
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


class Rule(StrEnum):
    """Which benefit rule applies to a person (they may record one; they never have to)."""

    ESA_LOWER = "esa_lower", "ESA permitted work: lower limit"
    ESA_HIGHER = "esa_higher", "ESA permitted work: higher limit (under 16 hours a week)"
    UC_WITH_ALLOWANCE_HOUSING = "uc_wa_housing", "Universal Credit with a work allowance, with help with housing"
    UC_WITH_ALLOWANCE = "uc_wa_no_housing", "Universal Credit with a work allowance, no help with housing"
    UC_NO_ALLOWANCE = "uc_no_allowance", "Universal Credit without a work allowance"
    CARERS_ALLOWANCE = "carers", "Carer's Allowance"
    LEGACY_STANDARD = "legacy_5", "Income Support, income-based JSA/ESA or Housing Benefit: £5 disregard"
    LEGACY_COUPLE = "legacy_10", "Income Support, income-based JSA/ESA or Housing Benefit: £10 disregard (couple)"
    LEGACY_HIGHER = "legacy_20", "Income Support, income-based JSA/ESA or Housing Benefit: £20 disregard"
    NONE = "none", "No means-tested benefit (for example PIP, DLA or Attendance Allowance only)"

    def __new__(cls, value: str, label: str = "") -> Rule:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label  # type: ignore[attr-defined]
        return obj

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(rule.value, rule.label) for rule in cls]  # type: ignore[attr-defined]


class Shape(StrEnum):
    CLIFF = "cliff"          # going over loses the benefit (for the week or altogether)
    REDUCTION = "reduction"  # going over reduces the benefit
    NONE = "none"            # earnings do not affect it


class Param(StrEnum):
    """Keys of the limits table (payments/data/benefit_limits.csv)."""

    ESA_LOWER = "esa_permitted_work_lower_weekly"
    ESA_HIGHER = "esa_permitted_work_higher_weekly"
    ESA_HOURS = "esa_permitted_work_hours_weekly"
    UC_WA_HOUSING = "uc_work_allowance_with_housing_monthly"
    UC_WA_NO_HOUSING = "uc_work_allowance_without_housing_monthly"
    UC_TAPER = "uc_taper_rate"
    CARERS = "carers_allowance_earnings_limit_weekly"
    LEGACY_STANDARD = "legacy_disregard_standard_weekly"
    LEGACY_COUPLE = "legacy_disregard_couple_weekly"
    LEGACY_HIGHER = "legacy_disregard_higher_weekly"


@dataclass(frozen=True)
class RuleSpec:
    period: str                    # "week" or "assessment_period" (UC) or "month" (no rule: personal cap only)
    shape: Shape
    limit_param: Param | None      # the earnings limit / work allowance / disregard
    hours_param: Param | None = None
    taper: Param | Decimal | None = None  # UC taper rate param, or 1 (pound for pound) for legacy rules
    tell_dwp_first: bool = False


SPECS: dict[Rule, RuleSpec] = {
    Rule.ESA_LOWER: RuleSpec("week", Shape.CLIFF, Param.ESA_LOWER, tell_dwp_first=True),
    Rule.ESA_HIGHER: RuleSpec("week", Shape.CLIFF, Param.ESA_HIGHER, hours_param=Param.ESA_HOURS,
                              tell_dwp_first=True),
    Rule.UC_WITH_ALLOWANCE_HOUSING: RuleSpec("assessment_period", Shape.REDUCTION, Param.UC_WA_HOUSING,
                                             taper=Param.UC_TAPER),
    Rule.UC_WITH_ALLOWANCE: RuleSpec("assessment_period", Shape.REDUCTION, Param.UC_WA_NO_HOUSING,
                                     taper=Param.UC_TAPER),
    Rule.UC_NO_ALLOWANCE: RuleSpec("assessment_period", Shape.REDUCTION, None, taper=Param.UC_TAPER),
    Rule.CARERS_ALLOWANCE: RuleSpec("week", Shape.CLIFF, Param.CARERS),
    Rule.LEGACY_STANDARD: RuleSpec("week", Shape.REDUCTION, Param.LEGACY_STANDARD, taper=Decimal(1)),
    Rule.LEGACY_COUPLE: RuleSpec("week", Shape.REDUCTION, Param.LEGACY_COUPLE, taper=Decimal(1)),
    Rule.LEGACY_HIGHER: RuleSpec("week", Shape.REDUCTION, Param.LEGACY_HIGHER, taper=Decimal(1)),
    Rule.NONE: RuleSpec("month", Shape.NONE, None),
}


@dataclass(frozen=True)
class LimitValue:
    """One row of the limits table: a parameter's value from a date (to a date, inclusive)."""

    parameter: str
    amount: Decimal
    effective_from: dt.date
    effective_to: dt.date | None = None
    counts_by: str = "worked"   # "worked" (period the work was done) or "received" (period paid)
    verified: bool = True

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True)
class Earning:
    """Money that may count as earnings, with the dates that decide its period.

    `received_on` is the date paid, or the expected payment date for a claim not yet paid. `key` lets a
    caller match results back to its own lines (for example a fee line's id); `is_fee` marks amounts the
    leader could reduce (part of the fee) as opposed to income that is fixed (a voucher, mileage excess).
    """

    amount: Decimal
    worked_on: dt.date
    received_on: dt.date
    hours: Decimal = ZERO
    is_fee: bool = True
    key: str = ""


class LimitsMissing(LookupError):
    """The limits table has no value in force for a parameter on a date (the table needs a new row)."""


def value_on(limits: Iterable[LimitValue], parameter: str, day: dt.date) -> LimitValue:
    matches = [row for row in limits if row.parameter == parameter and row.in_force_on(day)]
    if not matches:
        raise LimitsMissing(f"No value for {parameter} on {day.isoformat()}.")
    return max(matches, key=lambda row: row.effective_from)


# --- periods ---------------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        return f"{_long(self.start)} to {_long(self.end)}"


def _long(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def week_of(day: dt.date) -> Period:
    """Benefit weeks here run Monday to Sunday."""
    start = day - dt.timedelta(days=day.weekday())
    return Period(start, start + dt.timedelta(days=6))


def _start_in_month(year: int, month: int, start_day: int) -> dt.date:
    # An assessment period that starts on the 29th, 30th or 31st starts on the last day of shorter months.
    return dt.date(year, month, min(start_day, calendar.monthrange(year, month)[1]))


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def assessment_period_of(day: dt.date, start_day: int = 1) -> Period:
    """The Universal Credit assessment period (a month starting on `start_day`) that contains `day`."""
    if not 1 <= start_day <= 31:
        raise ValueError("An assessment period starts on a day from 1 to 31.")
    start = _start_in_month(day.year, day.month, start_day)
    if day < start:
        year, month = _add_months(day.year, day.month, -1)
        start = _start_in_month(year, month, start_day)
    year, month = _add_months(start.year, start.month, 1)
    return Period(start, _start_in_month(year, month, start_day) - dt.timedelta(days=1))


def period_of(rule: Rule, day: dt.date, uc_start_day: int | None = None) -> Period:
    spec = SPECS[rule]
    if spec.period == "week":
        return week_of(day)
    if spec.period == "assessment_period":
        return assessment_period_of(day, uc_start_day or 1)
    return assessment_period_of(day, 1)  # calendar month


def tax_year_of(day: dt.date) -> Period:
    """The UK tax year, 6 April to 5 April."""
    year = day.year if day >= dt.date(day.year, 4, 6) else day.year - 1
    return Period(dt.date(year, 4, 6), dt.date(year + 1, 4, 5))


def financial_year_of(day: dt.date) -> int:
    """The alliance's financial year (April to March), named by the year it starts."""
    return day.year if day.month >= 4 else day.year - 1


# --- expenses ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MileageRate:
    vehicle: str
    rate: Decimal                 # pounds per mile
    up_to_miles: int | None       # per tax year; None = no threshold
    effective_from: dt.date
    effective_to: dt.date | None = None


def hmrc_mileage(*, miles: Decimal, vehicle: str, on: dt.date, miles_before_in_tax_year: Decimal,
                 rates: Sequence[MileageRate]) -> Decimal:
    """Mileage at the HMRC approved rates (for cars, the higher rate up to the threshold in a tax year)."""
    in_force = sorted((r for r in rates if r.vehicle == vehicle and r.effective_from <= on
                       and (r.effective_to is None or on <= r.effective_to)),
                      key=lambda r: (r.up_to_miles is None, r.up_to_miles or 0))
    if not in_force:
        raise LimitsMissing(f"No HMRC mileage rate for {vehicle} on {on.isoformat()}.")
    remaining, done, total = Decimal(miles), Decimal(miles_before_in_tax_year), Decimal(0)
    for band in in_force:
        if remaining <= 0:
            break
        room = remaining if band.up_to_miles is None else max(Decimal(0), Decimal(band.up_to_miles) - done)
        used = min(remaining, room)
        total += used * band.rate
        remaining -= used
        done += used
    return money(total)


def expense_earnings_part(*, kind: str, amount: Decimal, receipted: bool,
                          hmrc_amount: Decimal | None = None) -> Decimal:
    """How much of an expense payment counts as earnings.

    Mileage counts only above the HMRC amount; receipted out-of-pocket costs at cost do not count;
    vouchers, flat "thank you" payments and anything unreceipted that is not mileage do count.
    """
    amount = money(amount)
    if kind == "mileage":
        return max(ZERO, money(amount - (hmrc_amount if hmrc_amount is not None else ZERO)))
    if kind in {"voucher", "thank_you"}:
        return amount
    return ZERO if receipted else amount


# --- assessment --------------------------------------------------------------------------------------

@dataclass
class PeriodCheck:
    period: Period
    limit: Decimal | None           # earnings limit (cliff), work allowance or disregard (reduction)
    limit_verified: bool
    cap: Decimal | None             # the person's own cap for the period
    before: Decimal                 # earnings already counted in the period (other claims)
    after: Decimal                  # ... with this claim
    hours_before: Decimal = ZERO
    hours_after: Decimal = ZERO
    hours_limit: Decimal | None = None   # fewer than this many hours
    over_limit: bool = False
    over_hours: bool = False
    over_cap: bool = False
    reduction_before: Decimal = ZERO
    reduction_after: Decimal = ZERO
    counts_by: str = "worked"

    @property
    def reduction(self) -> Decimal:
        return money(self.reduction_after - self.reduction_before)

    @property
    def over_by(self) -> Decimal:
        return money(self.after - self.limit) if self.limit is not None and self.after > self.limit else ZERO

    @property
    def stops(self) -> bool:
        return self.over_limit or self.over_hours or self.over_cap

    @property
    def ceiling(self) -> Decimal | None:
        """The amount earnings in the period must not pass (the lower of a cliff limit and the cap)."""
        values = [v for v in (self.limit if self.over_limit_applies else None, self.cap) if v is not None]
        return min(values) if values else None

    over_limit_applies: bool = False  # True when `limit` is a cliff limit


@dataclass
class Assessment:
    rule: Rule | None
    periods: list[PeriodCheck] = field(default_factory=list)
    tell_dwp_first: bool = False

    @property
    def shape(self) -> Shape | None:
        return SPECS[self.rule].shape if self.rule else None

    @property
    def stopped(self) -> bool:
        return any(check.stops for check in self.periods)

    @property
    def estimated_reduction(self) -> Decimal:
        return money(sum((check.reduction for check in self.periods), ZERO))


def _basis_date(earning: Earning, counts_by: str) -> dt.date:
    return earning.received_on if counts_by == "received" else earning.worked_on


def assess(*, rule: Rule | str | None, limits: Sequence[LimitValue], existing: Sequence[Earning],
           proposed: Sequence[Earning], uc_start_day: int | None = None,
           personal_cap: Decimal | None = None) -> Assessment:
    """What the proposed earnings do to the person's position in every period they fall in."""
    if rule in (None, ""):
        return Assessment(rule=None)
    rule = Rule(rule)
    spec = SPECS[rule]
    assessment = Assessment(rule=rule, tell_dwp_first=spec.tell_dwp_first)
    if spec.shape is Shape.NONE and personal_cap is None:
        return assessment

    def period(day: dt.date) -> Period:
        return period_of(rule, day, uc_start_day)

    def row(param: Param, on: dt.date) -> LimitValue:
        return value_on(limits, param, on)

    # Which basis (worked / received) a period uses comes from the limit row in force at its start; a
    # proposed earning's period is found with the basis of the row in force on its work date.
    def counts_by_on(day: dt.date) -> str:
        if spec.limit_param is not None:
            return row(spec.limit_param, day).counts_by
        if isinstance(spec.taper, Param):
            return row(spec.taper, day).counts_by
        return "worked"

    periods: dict[Period, str] = {}
    for earning in proposed:
        if earning.amount == 0 and earning.hours == 0:
            continue
        counts_by = counts_by_on(earning.worked_on)
        periods[period(_basis_date(earning, counts_by))] = counts_by
        if spec.hours_param is not None:
            periods.setdefault(period(earning.worked_on), counts_by)

    for span in sorted(periods):
        counts_by = counts_by_on(span.start)

        def total(items: Sequence[Earning], span: Period = span, counts_by: str = counts_by) -> Decimal:
            return money(sum((e.amount for e in items if _basis_date(e, counts_by) in span), ZERO))

        def hours(items: Sequence[Earning], span: Period = span) -> Decimal:
            return sum((e.hours for e in items if e.worked_on in span and e.amount > 0), ZERO)

        before = total(existing)
        after = money(before + total(proposed))
        limit_row = row(spec.limit_param, span.start) if spec.limit_param else None
        check = PeriodCheck(period=span, limit=limit_row.amount if limit_row else None,
                            limit_verified=limit_row.verified if limit_row else True,
                            cap=personal_cap, before=before, after=after, counts_by=counts_by,
                            over_limit_applies=spec.shape is Shape.CLIFF)
        if spec.shape is Shape.CLIFF and check.limit is not None:
            check.over_limit = after > check.limit and after > before  # reaching the limit exactly is allowed
        if spec.hours_param is not None:
            check.hours_limit = row(spec.hours_param, span.start).amount
            check.hours_before = hours(existing)
            check.hours_after = check.hours_before + hours(proposed)
            check.over_hours = check.hours_after >= check.hours_limit and hours(proposed) > 0
        if personal_cap is not None:
            check.over_cap = after > personal_cap and after > before
        if spec.shape is Shape.REDUCTION:
            taper = row(spec.taper, span.start).amount if isinstance(spec.taper, Param) else spec.taper
            allowance = check.limit if check.limit is not None else ZERO
            check.reduction_before = money(max(ZERO, before - allowance) * taper)
            check.reduction_after = money(max(ZERO, after - allowance) * taper)
        assessment.periods.append(check)
    return assessment


def part_fee_amounts(assessment: Assessment, proposed: Sequence[Earning]) -> dict[str, Decimal]:
    """The most of each proposed fee that keeps every period within its limit, hours rule and cap.

    Fixed income (not fees) in a period is counted first; fees are then filled in date order. A fee
    whose hours would reach the hours limit gets nothing (hours cannot be part-paid).
    """
    checks = {check.period: check for check in assessment.periods}
    if assessment.rule is None:
        return {e.key: e.amount for e in proposed if e.is_fee}
    rule = assessment.rule

    room: dict[Period, Decimal] = {}
    hours_used: dict[Period, Decimal] = defaultdict(lambda: ZERO)
    for check in checks.values():
        ceiling = check.ceiling
        room[check.period] = ZERO if ceiling is None else ceiling - check.before
        if ceiling is None:
            room[check.period] = Decimal("Infinity")
        hours_used[check.period] = check.hours_before
    for earning in proposed:
        if not earning.is_fee:
            check = next((c for c in checks.values() if _basis_date(earning, c.counts_by) in c.period), None)
            if check is not None:
                room[check.period] -= earning.amount

    result: dict[str, Decimal] = {}
    for earning in sorted((e for e in proposed if e.is_fee), key=lambda e: (e.worked_on, e.key)):
        check = next((c for c in checks.values() if _basis_date(earning, c.counts_by) in c.period), None)
        if check is None:
            result[earning.key] = earning.amount
            continue
        allowed = max(ZERO, min(earning.amount, room[check.period]))
        hours_check = checks.get(period_of(rule, earning.worked_on)) if check.hours_limit is not None else None
        if hours_check is not None and hours_check.hours_limit is not None:
            if hours_used[hours_check.period] + earning.hours >= hours_check.hours_limit:
                allowed = ZERO
            elif allowed > 0:
                hours_used[hours_check.period] += earning.hours
        allowed = money(allowed) if allowed != Decimal("Infinity") else earning.amount
        room[check.period] -= allowed
        result[earning.key] = allowed
    return result
