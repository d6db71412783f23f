"""The arithmetic of one benefit: which periods a claim touches, and each period's figures.

Which period money counts in (the `Basis`) comes from the limits table (`counts_by`) and follows the law:

* Universal Credit: the assessment period in which the money is received (UC Regulations 2013 reg 54 and
  reg 61 for earnings reported through PAYE real time information).
* ESA, Carer's Allowance, Income Support, income-based JSA, Pension Credit: the benefit week in which the money
  is due to be paid (ESA Regulations 2008 reg 93(1)(b); Computation of Earnings Regulations 1996 reg 7;
  Income Support Regulations 1987 reg 31). Housing Benefit averages weekly earnings (HB Regulations 2006
  regs 29 and 29A); the portal checks it week by week, which can only over-state the effect (safe side).

For weekly rules the portal also checks, as a safe side, the week the work was done when it differs from the
week the money is paid ("worked" checks, `PeriodCheck.primary` False): a payment date can move, and a payment
run that pays several weeks' fees together must not push any week over a cliff either way. Those checks can
stop a claim but never add to the estimated reduction, which follows the legal basis only.

The ESA hours test ("fewer than 16 hours", reg 45(4)) counts the hours of the week the work is done. Hours of
work for which nothing is paid are left out, on the footing that unpaid work for a voluntary organisation is
exempt work (ESA Regulations 2008 reg 45(6)) where DWP is satisfied it is reasonable to do it free; they are
shown as `unpaid_hours` so a page can say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .core import ZERO, Basis, Citation, LimitValue, Period, money, value_on
from .expenses import EarningKind
from .rules import SPECS, Benefit, BenefitRule, Closure, Param, PeriodKind, Rule, RuleCheck, Shape

INFINITY = Decimal("Infinity")


@dataclass(frozen=True)
class Earning:
    """Money that may count as earnings, with the dates that decide its period.

    `paid_on` (also readable as `received_on`, its old name) is the date paid, or the expected payment date
    for a claim not yet paid; give either. `key` matches results back to the caller's lines (a fee line's id);
    `is_fee` marks amounts the leader could reduce, as opposed to fixed income (a voucher, mileage excess).
    """

    amount: Decimal
    worked_on: dt.date
    received_on: dt.date = None  # type: ignore[assignment]
    hours: Decimal = ZERO
    is_fee: bool = True
    key: str = ""
    kind: str = ""
    paid_on: dt.date = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        received, paid = self.received_on, self.paid_on
        if received is not None and paid is not None and received != paid:
            raise ValueError("received_on and paid_on are the same date: give one of them.")
        day = received or paid or self.worked_on
        object.__setattr__(self, "received_on", day)
        object.__setattr__(self, "paid_on", day)
        if not self.kind:
            object.__setattr__(self, "kind", EarningKind.FEE.value if self.is_fee else EarningKind.OTHER.value)

    def on(self, basis: Basis) -> dt.date:
        return self.worked_on if basis is Basis.WORKED else self.paid_on


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
    counts_by: str = "received"     # "received" (period paid) or "worked" (period the work was done)
    over_limit_applies: bool = False  # True when `limit` is a cliff limit
    basis: str = "paid"
    primary: bool = True            # on the legal basis; False: the safe-side check of the week worked
    unpaid_hours: Decimal = ZERO    # hours of work with no fee paid (left out of the hours test)
    exempt_limit: Decimal | None = None  # Housing Benefit: permitted-work earnings up to this are disregarded

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

    @property
    def headroom(self) -> Decimal | None:
        """How much more could be paid in the period before it stops (None: no ceiling)."""
        ceiling = self.ceiling
        return None if ceiling is None else money(ceiling - self.after)


@dataclass
class Assessment:
    """One benefit's figures for a claim: every period it touches, and whether it stops.

    When the benefit week (or UC assessment period) start day is unknown, every possible start is checked and
    the figures shown are those of the worst one (`assumed_start`); `stopping_starts` lists every start under
    which the claim stops, and `alternatives` holds the other starts' figures.
    """

    rule: Rule | BenefitRule | None
    periods: list[PeriodCheck] = field(default_factory=list)
    tell_dwp_first: bool = False
    benefit: Benefit | None = None
    shape_: Shape | None = None
    week_start_known: bool = True
    period_start_known: bool = True
    alignments_checked: int = 1
    assumed_start: int | None = None
    stopping_starts: list[int] = field(default_factory=list)
    alternatives: list[Assessment] = field(default_factory=list)
    closed: Closure | None = None
    notes: list[str] = field(default_factory=list)
    citations: tuple[Citation, ...] = ()

    @property
    def shape(self) -> Shape | None:
        if self.shape_ is not None:
            return self.shape_
        return SPECS[self.rule].shape if isinstance(self.rule, Rule) else None

    @property
    def label(self) -> str:
        return self.rule.label if self.rule else ""  # type: ignore[attr-defined]

    @property
    def stopped(self) -> bool:
        return any(check.stops for check in self.periods)

    @property
    def estimated_reduction(self) -> Decimal:
        return money(sum((check.reduction for check in self.periods if check.primary), ZERO))

    @property
    def over_amount(self) -> Decimal:
        """The most any period passes its ceiling by (0 when none does)."""
        overs = [check.after - check.ceiling for check in self.periods if check.ceiling is not None]
        return money(max([ZERO, *overs]))

    @property
    def headroom(self) -> Decimal | None:
        rooms = [check.headroom for check in self.periods if check.headroom is not None]
        return min(rooms) if rooms else None

    @property
    def all_alignments(self) -> list[Assessment]:
        return [self, *self.alternatives]


def severity(assessment: Assessment) -> tuple[bool, Decimal, Decimal, Decimal]:
    """Orders results from mildest to strictest: stops, by how much, least room left, then the reduction."""
    room = assessment.headroom
    return (assessment.stopped, assessment.over_amount, -(room if room is not None else INFINITY),
            assessment.estimated_reduction)


def evaluate(check: RuleCheck, *, limits: Sequence[LimitValue], existing: Sequence[Earning],
             proposed: Sequence[Earning], period: Callable[[dt.date], Period], personal_cap: Decimal | None,
             also_week_worked: bool = True) -> list[PeriodCheck]:
    """The period checks of one benefit for one alignment of its periods (see the module docstring)."""
    if check.shape is Shape.NONE and personal_cap is None:
        return []

    def row(param: Param, on: dt.date) -> LimitValue:
        return value_on(limits, param, on)

    basis_param = check.limit_param or check.taper_param

    def basis_on(day: dt.date) -> Basis:
        return Basis.from_counts_by(row(basis_param, day).counts_by) if basis_param else Basis.PAID

    spans: dict[Period, None] = {}
    worked_spans: dict[Period, None] = {}
    for earning in proposed:
        if earning.amount == 0 and earning.hours == 0:
            continue
        basis = basis_on(earning.worked_on)
        spans[period(earning.on(basis))] = None
        if check.hours_param is not None:
            spans.setdefault(period(earning.worked_on))
        if (also_week_worked and check.period is PeriodKind.WEEK and basis is Basis.PAID and earning.amount > 0
                and period(earning.worked_on) != period(earning.paid_on)):
            worked_spans[period(earning.worked_on)] = None

    def one(span: Period, basis: Basis, primary: bool) -> PeriodCheck:
        def total(items: Iterable[Earning]) -> Decimal:
            return money(sum((e.amount for e in items if e.on(basis) in span), ZERO))

        def hours(items: Iterable[Earning]) -> Decimal:
            return sum((e.hours for e in items if e.worked_on in span and e.amount > 0), ZERO)

        before = total(existing)
        after = money(before + total(proposed))
        limit_row = row(check.limit_param, span.start) if check.limit_param else None
        result = PeriodCheck(period=span, limit=limit_row.amount if limit_row else None,
                             limit_verified=limit_row.verified if limit_row else True, cap=personal_cap,
                             before=before, after=after, counts_by=basis.counts_by, basis=basis.value,
                             primary=primary, over_limit_applies=check.shape is Shape.CLIFF,
                             unpaid_hours=sum((e.hours for e in (*existing, *proposed)
                                               if e.worked_on in span and e.amount == 0), ZERO))
        if check.shape is Shape.CLIFF and result.limit is not None:
            result.over_limit = after > result.limit and after > before  # reaching the limit exactly is allowed
        if check.hours_param is not None:
            result.hours_limit = row(check.hours_param, span.start).amount
            result.hours_before = hours(existing)
            result.hours_after = result.hours_before + hours(proposed)
            result.over_hours = result.hours_after >= result.hours_limit and hours(proposed) > 0
        if personal_cap is not None:
            result.over_cap = after > personal_cap and after > before
        if check.shape is Shape.REDUCTION:
            taper = row(check.taper_param, span.start).amount if check.taper_param else check.taper or ZERO
            allowance = result.limit if result.limit is not None else ZERO
            if check.exempt_up_to is not None:
                result.exempt_limit = row(check.exempt_up_to, span.start).amount

            def reduction(amount: Decimal) -> Decimal:
                if result.exempt_limit is not None and amount <= result.exempt_limit:
                    return ZERO
                return money(max(ZERO, amount - allowance) * taper)

            result.reduction_before, result.reduction_after = reduction(before), reduction(after)
        return result

    checks = [one(span, basis_on(span.start), True) for span in sorted(spans)]
    seen = {(c.period, c.before, c.after, c.hours_after) for c in checks}
    for span in sorted(worked_spans):
        extra = one(span, Basis.WORKED, False)
        if (extra.period, extra.before, extra.after, extra.hours_after) not in seen:
            checks.append(extra)
    return sorted(checks, key=lambda c: (c.period.start, not c.primary))
