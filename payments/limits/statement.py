"""A statement's figures for the Jobcentre or an adviser (pure: another module renders the page and PDF).

For a person's money paid in a period, grouped per benefit by benefit week or assessment period (the period
the money is paid in, which is what counts: see `engine`), fees kept apart from expenses, and the rules that
apply named: the service-user involvement provisions (SI 2009/2655, SI 2014/591, SI 2015/784 and, for
Universal Credit, UC Regulations 2013 regs 53(2), 55(3)(b) and 60(4)(b)).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .assess import period_function
from .core import ZERO, Citation, LimitValue, Period, money, value_on
from .engine import Earning, evaluate
from .expenses import EarningKind
from .periods import WEEKDAYS
from .rules import RULES, Benefit, PeriodKind, Shape, check_for

PLAIN_WORDS = (
    "Involvement fees are earnings. Each is shown in the week or assessment period it was paid.",
    "Expenses paid back at the cost actually incurred are not earnings. They are shown apart from fees.",
    "Mileage above the rate approved by His Majesty's Revenue and Customs (HMRC), vouchers, gift cards, "
    "thank-you payments and flat-rate allowances count as earnings.",
    "Declining or reducing a fee is not treated as if it had been paid: only the amount paid counts.",
)


@dataclass(frozen=True)
class StatementLine:
    """One payment. `counted` is the part that counts as earnings (by default all of a fee, voucher or
    thank-you payment, none of an expense); `offered` is the fee offered when the leader reduced or declined
    it (then `amount` is what was paid, possibly 0)."""

    kind: str
    amount: Decimal
    worked_on: dt.date
    paid_on: dt.date
    counted: Decimal | None = None
    offered: Decimal | None = None
    decided_on: dt.date | None = None
    description: str = ""
    key: str = ""

    @property
    def earning_kind(self) -> EarningKind:
        return EarningKind(self.kind)

    @property
    def counted_amount(self) -> Decimal:
        if self.counted is not None:
            return money(self.counted)
        return ZERO if self.earning_kind.is_expense else money(self.amount)

    @property
    def foregone(self) -> Decimal:
        return money(self.offered - self.amount) if self.offered is not None else ZERO


@dataclass
class Totals:
    fees: Decimal = ZERO              # involvement fees paid
    expenses: Decimal = ZERO          # expenses paid back (all of them)
    expenses_counted: Decimal = ZERO  # the part of expenses that counts (mileage above the HMRC rate)
    other_income: Decimal = ZERO      # vouchers, gift cards, thank-you payments, flat-rate allowances
    foregone: Decimal = ZERO          # fees declined or reduced at the leader's choice: not paid, not counted

    @property
    def earnings(self) -> Decimal:
        """What counts as earnings: fees, other income and the counted part of expenses."""
        return money(self.fees + self.other_income + self.expenses_counted)

    def add(self, line: StatementLine) -> None:
        kind = line.earning_kind
        if kind.is_fee:
            self.fees = money(self.fees + line.counted_amount)
        elif kind.is_income:
            self.other_income = money(self.other_income + line.counted_amount)
        else:
            self.expenses = money(self.expenses + line.amount)
            self.expenses_counted = money(self.expenses_counted + line.counted_amount)
        self.foregone = money(self.foregone + line.foregone)


@dataclass
class StatementPeriod:
    period: Period
    totals: Totals
    lines: list[StatementLine]
    limit: Decimal | None = None      # earnings limit, work allowance or disregard in force
    limit_verified: bool = True
    over_limit: bool = False          # a cliff rule's limit was passed in this period
    reduction: Decimal = ZERO         # estimated fall in the benefit in this period


@dataclass
class RuleStatement:
    benefit: Benefit
    title: str
    period_name: str                  # "Benefit week", "Assessment period" or "Month"
    periods: list[StatementPeriod]
    earnings_rule: tuple[Citation, ...]
    timing: tuple[Citation, ...]
    service_user: tuple[Citation, ...]
    start_known: bool = True
    notes: list[str] = field(default_factory=list)


@dataclass
class Statement:
    start: dt.date
    end: dt.date
    lines: list[StatementLine]
    totals: Totals
    rules: list[RuleStatement]
    plain_words: tuple[str, ...] = PLAIN_WORDS

    @property
    def provisions(self) -> list[Citation]:
        """Every service-user provision that applies, once each, in order."""
        seen: dict[Citation, None] = {}
        for rule in self.rules:
            seen.update(dict.fromkeys(rule.service_user))
        return list(seen)


_PERIOD_NAMES = {PeriodKind.WEEK: "Benefit week", PeriodKind.ASSESSMENT_PERIOD: "Assessment period",
                 PeriodKind.MONTH: "Month"}


def _rule_statement(benefit: Benefit, benefits: Sequence[Benefit], lines: Sequence[StatementLine],
                    limits: Sequence[LimitValue] | None) -> RuleStatement:
    info = RULES[benefit.rule]
    check = check_for(benefit, benefits)
    notes = [note for note in check.notes if note]
    start = 1 if info.period is not PeriodKind.WEEK else 0
    known = True
    if info.period is PeriodKind.WEEK:
        known = benefit.week_starts_on is not None
        start = benefit.week_starts_on if known else 0  # type: ignore[assignment]
        if not known:
            notes.append("The benefit week start day is not recorded: weeks are shown Monday to Sunday. "
                         "DWP counts the person's own benefit week.")
        else:
            notes.append(f"Benefit weeks start on {WEEKDAYS[start]}.")
    elif info.period is PeriodKind.ASSESSMENT_PERIOD:
        known = benefit.uc_start_day is not None
        start = benefit.uc_start_day if known else 1  # type: ignore[assignment]
        if not known:
            notes.append("The assessment period start day is not recorded: calendar months are shown.")
    period = period_function(benefit, start)
    grouped: dict[Period, list[StatementLine]] = {}
    for line in sorted(lines, key=lambda ln: (ln.paid_on, ln.worked_on, ln.key)):
        grouped.setdefault(period(line.paid_on), []).append(line)
    periods = []
    for span, span_lines in sorted(grouped.items()):
        totals = Totals()
        for line in span_lines:
            totals.add(line)
        figures = StatementPeriod(span, totals, span_lines)
        if limits is not None and (check.shape is not Shape.NONE):
            earnings = [Earning(amount=ln.counted_amount, worked_on=ln.worked_on, paid_on=ln.paid_on, key=ln.key)
                        for ln in span_lines if ln.counted_amount]
            if check.limit_param is not None:
                row = value_on(limits, check.limit_param, span.start)
                figures.limit, figures.limit_verified = row.amount, row.verified
            for result in evaluate(check, limits=limits, existing=[], proposed=earnings, period=period,
                                   personal_cap=None, also_week_worked=False):
                if result.period == span:
                    figures.over_limit = result.over_limit
                    figures.reduction = result.reduction
        periods.append(figures)
    return RuleStatement(benefit, benefit.label, _PERIOD_NAMES[info.period], periods, info.rule, info.timing,
                         info.service_user, known, notes)


def statement_figures(lines: Iterable[StatementLine], *, benefits: Iterable[Benefit], start: dt.date,
                      end: dt.date, limits: Sequence[LimitValue] | None = None) -> Statement:
    """The figures of a statement for money paid from `start` to `end` (inclusive), per benefit."""
    chosen = sorted((line for line in lines if start <= line.paid_on <= end),
                    key=lambda ln: (ln.paid_on, ln.worked_on, ln.key))
    totals = Totals()
    for line in chosen:
        totals.add(line)
    benefits = list(benefits)
    return Statement(start, end, chosen, totals,
                     [_rule_statement(benefit, benefits, chosen, limits) for benefit in benefits])
