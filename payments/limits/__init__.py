"""Benefit-safe limits: the rules and their arithmetic, pure (no database access), tested by tables.

The database side gathers a person's earnings and passes them in as plain values. Money is `Decimal` in
pounds; every rounding goes through `money()` (half up to the penny). Every rule cites its source: see
`sources` and payments/data/SOURCES.md.

The pieces:

* `core`: money, the limits table (`LimitValue`, `value_on`), `Period`, `Basis`, `Citation`.
* `periods`: benefit weeks that start on the person's own day (`week_of`, `seven_day_windows`) and UC
  assessment periods with the February rule of UC Regulations 2013 reg 21(2) (`assessment_period_of`).
* `rules`: the old single `Rule` (unchanged) and the new `BenefitRule` / `Benefit` (several benefits at once,
  each with its own parameters), what each checks (`check_for`) and when a benefit closes (`closure_on`).
* `expenses`: what counts as earnings: expenses (a receipt or an approver's confirmation), mileage, vouchers,
  gift cards, thank-you payments, flat-rate allowances (`expense_treatment`), declined or reduced fees
  (`fee_counted`).
* `engine`: one benefit's period checks (`Earning`, `PeriodCheck`, `Assessment`): the week money is paid,
  plus the week it was earned for weekly rules (safe side).
* `assess`: `assess_benefit`, `assess_benefits` (several benefits, stops on the strictest), the old `assess`,
  `part_fee_amounts` and `recheck_run` (a payment run re-checks each claim).
* `statement`: `statement_figures`, the figures of a statement for the Jobcentre or an adviser.

Net or gross: the portal compares the amount the alliance pays. Paid gross that is the net figure; paid
through payroll net pay can only be lower, so the gross amount is the safe side.
"""

from __future__ import annotations

from . import sources
from .assess import (
    CombinedAssessment,
    RunDecision,
    Verdict,
    assess,
    assess_benefit,
    assess_benefits,
    part_fee_amounts,
    period_function,
    recheck_run,
)
from .core import (
    PENNY,
    ZERO,
    Basis,
    Citation,
    LimitsMissing,
    LimitValue,
    Period,
    financial_year_of,
    money,
    tax_year_of,
    value_on,
)
from .engine import Assessment, Earning, PeriodCheck, severity
from .expenses import (
    INCOME_KINDS,
    EarningKind,
    ExpenseTreatment,
    FeeCounted,
    MileageRate,
    expense_earnings_part,
    expense_treatment,
    fee_counted,
    hmrc_mileage,
)
from .periods import WEEKDAYS, assessment_period_of, assessment_period_start, seven_day_windows, week_of
from .rules import (
    HB_PASSPORTS,
    RULES,
    SPECS,
    Benefit,
    BenefitRule,
    Closure,
    Disregard,
    Param,
    PeriodKind,
    PermittedWork,
    Rule,
    RuleCheck,
    RuleInfo,
    RuleSpec,
    Shape,
    WorkAllowance,
    benefit_from_rule,
    check_for,
    closure_on,
    legacy_closing_note,
)
from .statement import (
    PLAIN_WORDS,
    RuleStatement,
    Statement,
    StatementLine,
    StatementPeriod,
    Totals,
    statement_figures,
)


def period_of(rule: Rule | str, day: object, uc_start_day: int | None = None) -> Period:
    """The period of an old `Rule` containing `day` (Monday weeks; UC periods from `uc_start_day` or the 1st)."""
    spec = SPECS[Rule(rule)]
    if spec.period == "week":
        return week_of(day)  # type: ignore[arg-type]
    if spec.period == "assessment_period":
        return assessment_period_of(day, uc_start_day or 1)  # type: ignore[arg-type]
    return assessment_period_of(day, 1)  # type: ignore[arg-type]


__all__ = [
    "HB_PASSPORTS",
    "INCOME_KINDS",
    "PENNY",
    "PLAIN_WORDS",
    "RULES",
    "SPECS",
    "WEEKDAYS",
    "ZERO",
    "Assessment",
    "Basis",
    "Benefit",
    "BenefitRule",
    "Citation",
    "Closure",
    "CombinedAssessment",
    "Disregard",
    "Earning",
    "EarningKind",
    "ExpenseTreatment",
    "FeeCounted",
    "LimitValue",
    "LimitsMissing",
    "MileageRate",
    "Param",
    "Period",
    "PeriodCheck",
    "PeriodKind",
    "PermittedWork",
    "Rule",
    "RuleCheck",
    "RuleInfo",
    "RuleSpec",
    "RuleStatement",
    "RunDecision",
    "Shape",
    "Statement",
    "StatementLine",
    "StatementPeriod",
    "Totals",
    "Verdict",
    "WorkAllowance",
    "assess",
    "assess_benefit",
    "assess_benefits",
    "assessment_period_of",
    "assessment_period_start",
    "benefit_from_rule",
    "check_for",
    "closure_on",
    "expense_earnings_part",
    "expense_treatment",
    "fee_counted",
    "financial_year_of",
    "hmrc_mileage",
    "legacy_closing_note",
    "money",
    "part_fee_amounts",
    "period_function",
    "period_of",
    "recheck_run",
    "seven_day_windows",
    "severity",
    "sources",
    "statement_figures",
    "tax_year_of",
    "value_on",
    "week_of",
]
