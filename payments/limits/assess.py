"""Assessments: one benefit, several benefits at once, part fees, and the payment-run re-check.

`assess_benefits` is the entry point for a person with any number of benefits: each benefit's own figures,
and an overall verdict that stops if any benefit stops, naming the strictest. `assess` is the old
one-rule function, kept as a wrapper (Monday-to-Sunday weeks, UC periods from the 1st unless told).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .core import ZERO, Basis, LimitValue, Period, money
from .engine import INFINITY, Assessment, Earning, PeriodCheck, evaluate, severity
from .periods import assessment_period_of, calendar_month_of, week_of
from .rules import (
    RULES,
    Benefit,
    BenefitRule,
    PeriodKind,
    Rule,
    benefit_from_rule,
    check_for,
    closure_on,
    legacy_closing_note,
)


def _alignments(benefit: Benefit) -> tuple[list[int], bool]:
    """The period starts to check: the known one, or every possible one (safe side)."""
    kind = RULES[benefit.rule].period
    if kind is PeriodKind.WEEK:
        known = benefit.week_starts_on is not None
        return ([benefit.week_starts_on] if known else list(range(7))), known  # type: ignore[list-item]
    if kind is PeriodKind.ASSESSMENT_PERIOD:
        known = benefit.uc_start_day is not None
        return ([benefit.uc_start_day] if known else list(range(1, 32))), known  # type: ignore[list-item]
    return [1], True


def period_function(benefit: Benefit, start: int) -> Callable[[dt.date], Period]:
    """How the benefit's periods are found, for one start (weekday or UC start day)."""
    kind = RULES[benefit.rule].period
    if kind is PeriodKind.WEEK:
        return lambda day: week_of(day, start)
    if kind is PeriodKind.ASSESSMENT_PERIOD:
        return lambda day: assessment_period_of(day, start)
    return calendar_month_of


def assess_benefit(benefit: Benefit, *, limits: Sequence[LimitValue], existing: Sequence[Earning],
                   proposed: Sequence[Earning], others: Iterable[Benefit] = (), also_week_worked: bool = True,
                   on: dt.date | None = None) -> Assessment:
    """What `proposed` earnings do to one benefit, given earnings already `existing` and the other benefits.

    Unknown benefit week start day: every seven-day window containing a proposed amount is checked (all seven
    start days) and the worst is shown; unknown UC start day: all 31. `on` is the day the check is for (for
    closed benefits); by default the latest date a proposed amount is paid.
    """
    info = RULES[benefit.rule]
    check = check_for(benefit, others)
    starts, known = _alignments(benefit)
    results = []
    for start in starts:
        periods = evaluate(check, limits=limits, existing=existing, proposed=proposed,
                           period=period_function(benefit, start), personal_cap=benefit.personal_cap,
                           also_week_worked=also_week_worked)
        results.append((start, Assessment(rule=benefit.rule, periods=periods, tell_dwp_first=info.tell_dwp_first,
                                          benefit=benefit, shape_=check.shape, assumed_start=start,
                                          citations=(*info.rule, *info.timing))))
    _start, worst = max(results, key=lambda pair: severity(pair[1]))
    worst.alternatives = [result for _start, result in results if result is not worst]
    worst.alignments_checked = len(starts)
    worst.stopping_starts = [s for s, result in results if result.stopped]
    notes = [note for note in check.notes if note]
    if not known:
        if info.period is PeriodKind.WEEK:
            worst.week_start_known = False
            notes.append("Your benefit week start day is not recorded, so every seven-day window containing "
                         "this payment was checked (the safe side).")
        else:
            worst.period_start_known = False
            notes.append("Your assessment period start day is not recorded, so every possible assessment "
                         "period was checked (the safe side).")
    day = on or max((e.paid_on for e in proposed), default=None)
    worst.closed = closure_on(benefit.rule, day) if day else None
    if worst.closed is not None:
        closed = worst.closed.closed_from
        notes.append(f"{benefit.label} closed on {closed.day} {closed:%B %Y}: {worst.closed.after} "
                     "The figures still follow its rules until the record is changed.")
    if benefit.rule is BenefitRule.LEGACY and day and (legacy := legacy_closing_note(day)):
        notes.append(legacy)
    worst.notes = notes
    return worst


def assess(*, rule: Rule | str | None, limits: Sequence[LimitValue], existing: Sequence[Earning],
           proposed: Sequence[Earning], uc_start_day: int | None = None,
           personal_cap: Decimal | None = None) -> Assessment:
    """What the proposed earnings do to the person's position under one old `Rule` (kept as a wrapper).

    Weeks run Monday to Sunday and UC assessment periods start on `uc_start_day` (the 1st if not given), as
    before; the new rules otherwise apply (week paid, plus the safe-side week worked).
    """
    if rule in (None, ""):
        return Assessment(rule=None)
    rule = Rule(rule)
    benefit = benefit_from_rule(rule, week_starts_on=0, uc_start_day=uc_start_day or 1,
                                personal_cap=personal_cap)
    result = assess_benefit(benefit, limits=limits, existing=existing, proposed=proposed)
    result.rule = rule
    return result


class Verdict(StrEnum):
    NOT_CHECKED = "not_checked"   # no benefit recorded
    NO_EFFECT = "no_effect"       # earnings do not affect the benefits recorded
    WITHIN = "within"             # within every limit, and no reduction
    REDUCES = "reduces"           # within every limit; a benefit is reduced
    STOPS = "stops"               # a limit or the person's own cap would be passed


@dataclass
class CombinedAssessment:
    """Every benefit's figures for one claim (`results`, in the order given) and the overall verdict."""

    results: list[Assessment] = field(default_factory=list)

    @property
    def stopped(self) -> bool:
        return any(result.stopped for result in self.results)

    @property
    def stopping(self) -> list[Assessment]:
        return [result for result in self.results if result.stopped]

    @property
    def strictest(self) -> Assessment | None:
        """The benefit that decides: the one passed by most, or else the one with least room left."""
        return max(self.results, key=severity) if self.results else None

    @property
    def verdict(self) -> Verdict:
        if not self.results:
            return Verdict.NOT_CHECKED
        if self.stopped:
            return Verdict.STOPS
        if self.estimated_reduction > 0:
            return Verdict.REDUCES
        if all(not result.periods for result in self.results):
            return Verdict.NO_EFFECT
        return Verdict.WITHIN

    @property
    def estimated_reduction(self) -> Decimal:
        return money(sum((result.estimated_reduction for result in self.results), ZERO))

    @property
    def tell_dwp_first(self) -> bool:
        return any(result.tell_dwp_first for result in self.results)

    @property
    def week_start_known(self) -> bool:
        return all(result.week_start_known and result.period_start_known for result in self.results)

    @property
    def notes(self) -> list[str]:
        """Every benefit's notes, each once (for example that an unknown benefit week was checked in full)."""
        return list(dict.fromkeys(note for result in self.results for note in result.notes))

    @property
    def headroom(self) -> Decimal | None:
        rooms = [room for result in self.results for a in result.all_alignments
                 if (room := a.headroom) is not None]
        return min(rooms) if rooms else None


def assess_benefits(benefits: Iterable[Benefit], *, limits: Sequence[LimitValue], existing: Sequence[Earning],
                    proposed: Sequence[Earning], also_week_worked: bool = True,
                    on: dt.date | None = None) -> CombinedAssessment:
    """Check a claim against all of a person's benefits at once (each with its own parameters)."""
    benefits = list(benefits)
    return CombinedAssessment([assess_benefit(benefit, limits=limits, existing=existing, proposed=proposed,
                                              others=benefits, also_week_worked=also_week_worked, on=on)
                               for benefit in benefits])


def _part_fees_one(assessment: Assessment, proposed: Sequence[Earning]) -> dict[str, Decimal]:
    checks = assessment.periods
    room = {id(c): (c.ceiling - c.before if c.ceiling is not None else INFINITY) for c in checks}
    hours_used: dict[Period, Decimal] = defaultdict(lambda: ZERO)
    for c in checks:
        if c.hours_limit is not None:
            hours_used[c.period] = max(hours_used[c.period], c.hours_before)

    def containing(earning: Earning) -> list[PeriodCheck]:
        return [c for c in checks if earning.on(Basis(c.basis)) in c.period]

    for earning in proposed:
        if not earning.is_fee:
            for c in containing(earning):
                room[id(c)] -= earning.amount
    result: dict[str, Decimal] = {}
    for earning in sorted((e for e in proposed if e.is_fee), key=lambda e: (e.worked_on, e.key)):
        within = containing(earning)
        allowed = min([earning.amount, *(room[id(c)] for c in within)])
        allowed = max(ZERO, allowed)
        hours_periods = {c.period: c.hours_limit for c in checks
                         if c.hours_limit is not None and earning.worked_on in c.period}
        if any(hours_used[p] + earning.hours >= limit for p, limit in hours_periods.items()):
            allowed = ZERO
        elif allowed > 0:
            for p in hours_periods:
                hours_used[p] += earning.hours
        allowed = money(allowed)
        for c in within:
            room[id(c)] -= allowed
        result[earning.key] = allowed
    return result


def part_fee_amounts(assessment: Assessment | CombinedAssessment,
                     proposed: Sequence[Earning]) -> dict[str, Decimal]:
    """The most of each proposed fee that keeps every period within its limit, hours rule and cap.

    Fixed income (not fees) in a period is counted first; fees are then filled in date order. A fee whose hours
    would reach the hours limit gets nothing (hours cannot be part-paid). With several benefits, or with an
    unknown period start (every alignment checked), each fee gets the least that any of them allows.
    """
    if isinstance(assessment, CombinedAssessment):
        alignments = [a for result in assessment.results for a in result.all_alignments]
    else:
        alignments = assessment.all_alignments if assessment.rule is not None else []
    fees = {e.key: money(e.amount) for e in proposed if e.is_fee}
    for alignment in alignments:
        for key, amount in _part_fees_one(alignment, proposed).items():
            fees[key] = min(fees[key], amount)
    return fees


@dataclass(frozen=True)
class RunDecision:
    """One claim in a payment run: paid, or held because a benefit would stop (with the figures)."""

    key: str
    admitted: bool
    assessment: CombinedAssessment


def recheck_run(claims: Sequence[tuple[str, Sequence[Earning]]], *, benefits: Iterable[Benefit],
                limits: Sequence[LimitValue], existing: Sequence[Earning],
                pay_day: dt.date | None = None,
                keeps_its_date: Callable[[Earning], bool] | None = None) -> list[RunDecision]:
    """Re-check the claims of one person in a payment run, in order, each against those admitted before it.

    With `pay_day`, every amount in the run is taken as paid that day; each claim is then checked against the
    week (or assessment period) its money is paid and, for weekly rules, the week it was earned. An amount
    the run does not pay (a voucher or gift card already given) keeps its own date when `keeps_its_date` says
    so for it.
    """
    benefits = list(benefits)
    counted = list(existing)
    decisions = []

    def moved(earning: Earning) -> Earning:
        if pay_day is None or (keeps_its_date is not None and keeps_its_date(earning)):
            return earning
        return dataclasses.replace(earning, received_on=None, paid_on=pay_day)

    for key, earnings in claims:
        own = [moved(e) for e in earnings]
        combined = assess_benefits(benefits, limits=limits, existing=counted, proposed=own, on=pay_day)
        decisions.append(RunDecision(key, not combined.stopped, combined))
        if not combined.stopped:
            counted += own
    return decisions

