"""Which benefit rules exist, what each one needs to know, and the provisions each rests on.

Two vocabularies:

* `Rule` is the single choice a leader can record today (`BenefitProfile.rule`); it is kept exactly as it was
  so that the model's choices (and its migrations) do not change.
* `BenefitRule` with `Benefit` is the new one: a person may have several benefits at once, each with its own
  parameters (benefit week start day, UC assessment-period start day, permitted-work category, work
  allowance, earnings disregard, personal cap). `benefit_from_rule` turns an old `Rule` into a `Benefit`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from . import sources as S
from .core import Citation


class _Labelled(StrEnum):
    def __new__(cls, value: str, label: str = "") -> _Labelled:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label  # type: ignore[attr-defined]
        return obj

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(item.value, item.label) for item in cls]  # type: ignore[attr-defined]


class Rule(_Labelled):
    """The one rule a leader may record today (kept unchanged: `BenefitProfile.rule` uses its choices)."""

    ESA_LOWER = "esa_lower", "Employment and Support Allowance (ESA) permitted work: lower limit"
    ESA_HIGHER = "esa_higher", ("Employment and Support Allowance (ESA) permitted work: higher limit (under "
                                "16 hours a week)")
    UC_WITH_ALLOWANCE_HOUSING = "uc_wa_housing", ("Universal Credit with a work allowance, with help with "
                                                  "housing")
    UC_WITH_ALLOWANCE = "uc_wa_no_housing", "Universal Credit with a work allowance, no help with housing"
    UC_NO_ALLOWANCE = "uc_no_allowance", "Universal Credit without a work allowance"
    CARERS_ALLOWANCE = "carers", "Carer's Allowance"
    LEGACY_STANDARD = "legacy_5", ("Income Support, income-based Jobseeker's Allowance (JSA) or Employment and "
                                   "Support Allowance (ESA), or Housing Benefit: £5 disregard")
    LEGACY_COUPLE = "legacy_10", ("Income Support, income-based Jobseeker's Allowance (JSA) or Employment and "
                                  "Support Allowance (ESA), or Housing Benefit: £10 disregard (couple)")
    LEGACY_HIGHER = "legacy_20", ("Income Support, income-based Jobseeker's Allowance (JSA) or Employment and "
                                  "Support Allowance (ESA), or Housing Benefit: £20 disregard")
    NONE = "none", ("No means-tested benefit (for example Personal Independence Payment (PIP), "
                    "Disability Living Allowance (DLA) or Attendance Allowance only)")


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
    HB_TAPER = "hb_taper_rate"
    PC_STANDARD = "pc_disregard_standard_weekly"
    PC_COUPLE = "pc_disregard_couple_weekly"
    PC_HIGHER = "pc_disregard_higher_weekly"


@dataclass(frozen=True)
class RuleSpec:
    """The shape of an old `Rule` (kept for callers that read `SPECS`)."""

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


class BenefitRule(_Labelled):
    """A benefit a person may receive; several may apply at once (new vocabulary, see `Benefit`)."""

    UC = "uc", "Universal Credit"
    ESA = "esa", "Employment and Support Allowance (new style or contribution-based): permitted work"
    ESA_INCOME_RELATED = "esa_ir", "Income-related Employment and Support Allowance: permitted work"
    CARERS_ALLOWANCE = "carers", "Carer's Allowance"
    INCOME_SUPPORT = "is", "Income Support"
    JSA_INCOME_BASED = "jsa_ib", "Income-based Jobseeker's Allowance"
    HOUSING_BENEFIT = "hb", "Housing Benefit"
    PENSION_CREDIT = "pc", "Pension Credit"
    LEGACY = "legacy", "Income Support, income-based Jobseeker's Allowance, income-related Employment and Support Allowance or Housing Benefit"
    NONE = "none", "No means-tested benefit (for example Personal Independence Payment, Disability Living Allowance or Attendance Allowance only)"


class PermittedWork(_Labelled):
    LOWER = "lower", "Permitted work lower limit (£20 a week)"
    HIGHER = "higher", "Permitted work higher limit (fewer than 16 hours a week)"
    SUPPORTED = "supported", "Supported permitted work (no hours limit)"


class WorkAllowance(_Labelled):
    WITH_HOUSING = "with_housing", "Work allowance (Universal Credit includes help with housing: the lower allowance)"
    WITHOUT_HOUSING = "without_housing", "Work allowance (no help with housing: the higher allowance)"
    NONE = "none", "No work allowance"


class Disregard(_Labelled):
    STANDARD = "standard", "£5 a week"
    COUPLE = "couple", "£10 a week (couple)"
    HIGHER = "higher", "£20 a week (for example carers and disabled people)"


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class PeriodKind(StrEnum):
    WEEK = "week"
    ASSESSMENT_PERIOD = "assessment_period"
    MONTH = "month"   # no rule: a personal cap is checked by calendar month


@dataclass(frozen=True)
class Benefit:
    """One benefit of a person, with the parameters its rule needs. Unknown values take the safe side.

    week_starts_on: 0 (Monday) .. 6 (Sunday) or the day's name; None = unknown: every seven-day window.
    uc_start_day:   1 .. 31; None = unknown: every possible assessment period is checked.
    permitted_work: ESA (and Housing Benefit alongside ESA); None = unknown: the £20 lower limit.
    work_allowance: UC; None = unknown: no work allowance (the taper from the first pound).
    disregard:      Income Support, JSA, Housing Benefit, Pension Credit; None = unknown: £5.
    """

    rule: BenefitRule
    week_starts_on: int | None = None
    uc_start_day: int | None = None
    personal_cap: Decimal | None = None
    permitted_work: PermittedWork | None = None
    work_allowance: WorkAllowance | None = None
    disregard: Disregard | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "rule", BenefitRule(self.rule))
        for name, kind in (("permitted_work", PermittedWork), ("work_allowance", WorkAllowance),
                           ("disregard", Disregard)):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, kind(getattr(self, name)))
        if self.personal_cap is not None and not isinstance(self.personal_cap, Decimal):
            object.__setattr__(self, "personal_cap", Decimal(str(self.personal_cap)))
        if isinstance(self.week_starts_on, str):   # a weekday's name: "Wednesday"
            object.__setattr__(self, "week_starts_on", _WEEKDAYS.index(self.week_starts_on.capitalize()))
        if self.week_starts_on is not None and not 0 <= self.week_starts_on <= 6:
            raise ValueError("week_starts_on is 0 (Monday) to 6 (Sunday).")
        if self.uc_start_day is not None and not 1 <= self.uc_start_day <= 31:
            raise ValueError("uc_start_day is 1 to 31.")

    @property
    def label(self) -> str:
        return self.rule.label  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Closure:
    """A benefit that closes: from when, what replaces it, and the instrument."""

    closed_from: dt.date
    replaced_by: BenefitRule
    citation: Citation
    after: str


@dataclass(frozen=True)
class RuleInfo:
    period: PeriodKind
    shape: Shape
    rule: tuple[Citation, ...]          # the earnings rule
    timing: tuple[Citation, ...]        # which period money counts in
    service_user: tuple[Citation, ...]  # expenses of service users, and no notional earnings
    tell_dwp_first: bool = False
    closure: Closure | None = None


_AFTER_LEGACY = ("Remaining awards end and Universal Credit replaces them: DWP sends a migration notice with a "
                 "deadline to claim Universal Credit. Record Universal Credit instead.")
_LEGACY_SU = (S.SI_2009_2655, S.SI_2014_591)
_IS_CLOSES = Closure(dt.date(2026, 4, 1), BenefitRule.UC, S.CLOSING_2025, _AFTER_LEGACY)
_ESA_IR_CLOSES = Closure(dt.date(2026, 7, 1), BenefitRule.UC, S.CLOSING_2026, _AFTER_LEGACY)

RULES: dict[BenefitRule, RuleInfo] = {
    BenefitRule.UC: RuleInfo(PeriodKind.ASSESSMENT_PERIOD, Shape.REDUCTION, (S.UC_REG_22, S.UC_REG_21),
                             (S.UC_REG_54, S.UC_REG_61), (S.UC_SERVICE_USER,)),
    BenefitRule.ESA: RuleInfo(PeriodKind.WEEK, Shape.CLIFF, (S.ESA_REG_45, S.ESA_2013_REG_39), (S.ESA_REG_93,),
                              _LEGACY_SU, tell_dwp_first=True),
    BenefitRule.ESA_INCOME_RELATED: RuleInfo(PeriodKind.WEEK, Shape.CLIFF, (S.ESA_REG_45, S.ESA_SCH_7),
                                             (S.ESA_REG_93,), _LEGACY_SU, tell_dwp_first=True,
                                             closure=_ESA_IR_CLOSES),
    BenefitRule.CARERS_ALLOWANCE: RuleInfo(PeriodKind.WEEK, Shape.CLIFF, (S.CA_REG_8,), (S.CA_TIMING,),
                                           (S.CA_SERVICE_USER, S.SI_2015_784)),
    BenefitRule.INCOME_SUPPORT: RuleInfo(PeriodKind.WEEK, Shape.REDUCTION, (S.IS_SCH_8,), (S.IS_TIMING,),
                                         _LEGACY_SU, closure=_IS_CLOSES),
    BenefitRule.JSA_INCOME_BASED: RuleInfo(PeriodKind.WEEK, Shape.REDUCTION, (S.JSA_RULES,), (S.JSA_RULES,),
                                           _LEGACY_SU, closure=_IS_CLOSES),
    BenefitRule.HOUSING_BENEFIT: RuleInfo(PeriodKind.WEEK, Shape.REDUCTION, (S.HB_SCH_4, S.HB_TAPER, S.HB_SCH_5),
                                          (S.HB_TIMING,), (*_LEGACY_SU, S.HB_SCH_5)),
    BenefitRule.PENSION_CREDIT: RuleInfo(PeriodKind.WEEK, Shape.REDUCTION, (S.PC_RULES,), (S.CA_TIMING,),
                                         _LEGACY_SU),
    # The old catch-all rule: Housing Benefit goes on (pension age, supported and temporary housing), so the
    # rule as a whole does not close; `legacy_closing_note` says what has.
    BenefitRule.LEGACY: RuleInfo(PeriodKind.WEEK, Shape.REDUCTION, (S.IS_SCH_8, S.JSA_RULES, S.HB_SCH_4),
                                 (S.IS_TIMING, S.ESA_REG_93), _LEGACY_SU),
    BenefitRule.NONE: RuleInfo(PeriodKind.MONTH, Shape.NONE, (), (), ()),
}

# Benefits that passport Housing Benefit: its whole income is disregarded (HB Regulations 2006 Sch 5 para 4).
HB_PASSPORTS = frozenset({BenefitRule.UC, BenefitRule.INCOME_SUPPORT, BenefitRule.JSA_INCOME_BASED,
                          BenefitRule.ESA_INCOME_RELATED})


@dataclass(frozen=True)
class RuleCheck:
    """What one benefit checks, once the person's other benefits are known."""

    shape: Shape
    period: PeriodKind
    limit_param: Param | None = None     # cliff limit, work allowance or disregard
    hours_param: Param | None = None     # fewer than this many hours a week
    taper_param: Param | None = None
    taper: Decimal | None = None         # a fixed taper (1 = pound for pound)
    exempt_up_to: Param | None = None    # Housing Benefit with ESA permitted work: nothing counts up to this
    notes: tuple[str, ...] = ()


_PW_PARAMS = {PermittedWork.LOWER: (Param.ESA_LOWER, None), PermittedWork.HIGHER: (Param.ESA_HIGHER, Param.ESA_HOURS),
              PermittedWork.SUPPORTED: (Param.ESA_HIGHER, None)}
_LEGACY_DISREGARDS = {Disregard.STANDARD: Param.LEGACY_STANDARD, Disregard.COUPLE: Param.LEGACY_COUPLE,
                      Disregard.HIGHER: Param.LEGACY_HIGHER}
_PC_DISREGARDS = {Disregard.STANDARD: Param.PC_STANDARD, Disregard.COUPLE: Param.PC_COUPLE,
                  Disregard.HIGHER: Param.PC_HIGHER}
_UC_ALLOWANCES = {WorkAllowance.WITH_HOUSING: Param.UC_WA_HOUSING,
                  WorkAllowance.WITHOUT_HOUSING: Param.UC_WA_NO_HOUSING, WorkAllowance.NONE: None}


def check_for(benefit: Benefit, others: Iterable[Benefit] = ()) -> RuleCheck:
    """The check one benefit needs, given the person's other benefits (Housing Benefit depends on them)."""
    rule, info = benefit.rule, RULES[benefit.rule]
    others = [other for other in others if other is not benefit]
    notes: list[str] = []
    if rule in (BenefitRule.ESA, BenefitRule.ESA_INCOME_RELATED):
        if benefit.permitted_work is None:
            notes.append("Permitted-work category not recorded: the £20 lower limit is used (the safe side).")
        limit, hours = _PW_PARAMS[benefit.permitted_work or PermittedWork.LOWER]
        return RuleCheck(Shape.CLIFF, info.period, limit_param=limit, hours_param=hours, notes=tuple(notes))
    if rule is BenefitRule.CARERS_ALLOWANCE:
        return RuleCheck(Shape.CLIFF, info.period, limit_param=Param.CARERS)
    if rule is BenefitRule.UC:
        if benefit.work_allowance is None:
            notes.append("Work allowance not recorded: none is assumed (the safe side).")
        return RuleCheck(Shape.REDUCTION, info.period, limit_param=_UC_ALLOWANCES[benefit.work_allowance or
                                                                             WorkAllowance.NONE],
                    taper_param=Param.UC_TAPER, notes=tuple(notes))
    disregard = benefit.disregard or Disregard.STANDARD
    if benefit.disregard is None and rule is not BenefitRule.NONE:
        notes.append("Earnings disregard not recorded: £5 is used (the safe side).")
    if rule in (BenefitRule.INCOME_SUPPORT, BenefitRule.JSA_INCOME_BASED, BenefitRule.LEGACY):
        return RuleCheck(Shape.REDUCTION, info.period, limit_param=_LEGACY_DISREGARDS[disregard], taper=Decimal(1),
                    notes=tuple(notes))
    if rule is BenefitRule.PENSION_CREDIT:
        return RuleCheck(Shape.REDUCTION, info.period, limit_param=_PC_DISREGARDS[disregard], taper=Decimal(1),
                    notes=(*notes, "Guarantee credit falls pound for pound; savings credit is not modelled."))
    if rule is BenefitRule.HOUSING_BENEFIT:
        passport = next((other for other in others if other.rule in HB_PASSPORTS), None)
        if passport is not None:
            return RuleCheck(Shape.NONE, info.period, notes=(
                f"Housing Benefit follows {passport.label}: its whole income is disregarded while that "
                "benefit is paid (HB Regulations 2006 Sch 5 para 4).",))
        esa = next((other for other in others if other.rule is BenefitRule.ESA), None)
        if esa is not None:
            limit, _hours = _PW_PARAMS[esa.permitted_work or PermittedWork.LOWER]
            return RuleCheck(Shape.REDUCTION, info.period, limit_param=_LEGACY_DISREGARDS[disregard],
                        taper_param=Param.HB_TAPER, exempt_up_to=limit, notes=(
                            *notes, "Permitted-work earnings are disregarded in full (HB Sch 4 para 10A) only "
                            "once DWP is satisfied the work is permitted work: tell DWP first."))
        if disregard is Disregard.HIGHER:
            notes.append("A lone parent's Housing Benefit disregard is £25; £20 is used (the safe side).")
        return RuleCheck(Shape.REDUCTION, info.period, limit_param=_LEGACY_DISREGARDS[disregard],
                         taper_param=Param.HB_TAPER, notes=tuple(notes))
    return RuleCheck(Shape.NONE, info.period)


_FROM_RULE: dict[Rule, dict[str, object]] = {
    Rule.ESA_LOWER: {"rule": BenefitRule.ESA, "permitted_work": PermittedWork.LOWER},
    Rule.ESA_HIGHER: {"rule": BenefitRule.ESA, "permitted_work": PermittedWork.HIGHER},
    Rule.UC_WITH_ALLOWANCE_HOUSING: {"rule": BenefitRule.UC, "work_allowance": WorkAllowance.WITH_HOUSING},
    Rule.UC_WITH_ALLOWANCE: {"rule": BenefitRule.UC, "work_allowance": WorkAllowance.WITHOUT_HOUSING},
    Rule.UC_NO_ALLOWANCE: {"rule": BenefitRule.UC, "work_allowance": WorkAllowance.NONE},
    Rule.CARERS_ALLOWANCE: {"rule": BenefitRule.CARERS_ALLOWANCE},
    Rule.LEGACY_STANDARD: {"rule": BenefitRule.LEGACY, "disregard": Disregard.STANDARD},
    Rule.LEGACY_COUPLE: {"rule": BenefitRule.LEGACY, "disregard": Disregard.COUPLE},
    Rule.LEGACY_HIGHER: {"rule": BenefitRule.LEGACY, "disregard": Disregard.HIGHER},
    Rule.NONE: {"rule": BenefitRule.NONE},
}


def benefit_from_rule(rule: Rule | str, *, week_starts_on: int | None = None, uc_start_day: int | None = None,
                      personal_cap: Decimal | None = None) -> Benefit:
    """The `Benefit` an old `Rule` stands for (for example `Rule.ESA_HIGHER` -> ESA, higher limit)."""
    return Benefit(**_FROM_RULE[Rule(rule)], week_starts_on=week_starts_on,  # type: ignore[arg-type]
                   uc_start_day=uc_start_day, personal_cap=personal_cap)


def legacy_closing_note(day: dt.date) -> str:
    """What has closed by `day`, for the old catch-all legacy rule ("" before 1 April 2026)."""
    if day < _IS_CLOSES.closed_from:
        return ""
    esa = ("income-related ESA closed on 1 July 2026" if day >= _ESA_IR_CLOSES.closed_from else
           "income-related ESA closes on 1 July 2026")
    return ("Income Support and income-based JSA closed on 1 April 2026 and " + esa + " (Universal Credit replaces "
            "them); Housing Benefit continues for pension age and supported or temporary housing. Check which "
            "benefit applies now.")


def closure_on(rule: BenefitRule, day: dt.date) -> Closure | None:
    """The closure of a benefit if it has closed by `day` (for example Income Support from 1 April 2026)."""
    closure = RULES[BenefitRule(rule)].closure
    return closure if closure is not None and day >= closure.closed_from else None
