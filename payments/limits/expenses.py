"""What counts as earnings: expenses, mileage, vouchers and thank-you payments, and declined or reduced fees.

Expenses. A payment of expenses "arising out of" participating as a service user is not earnings for any of
the benefits here (UC Regulations 2013 reg 55(3)(b); SI 2009/2655, SI 2014/591 and SI 2015/784 for the
legacy benefits, Pension Credit and Carer's Allowance; see `sources`). The law asks whether the expense was
genuinely incurred, not whether there is a receipt: a receipt is evidence. So an expense counts as paid back
at cost when it has a receipt OR an approver has confirmed it was genuinely incurred (a bus fare with no
ticket). A flat-rate allowance (a set sum whatever was spent) is not a repayment of an expense, so it counts
as earnings (safe side). Mileage counts only above the HMRC approved amount (the excess is profit).

Vouchers, gift cards and thank-you payments. They are given in return for the involvement, so the portal
counts their face value as earnings under every rule. The law leaves room here (UC excludes some
non-cash benefits taxed under ITEPA's benefits code from employed earnings, reg 55(2); the legacy benefits
count non-cash vouchers that are earnings for Class 1 National Insurance, e.g. HB (State Pension Credit
age) Regulations 2006 reg 35(1)(g)); counting them is the safe side for the person, and what NIHR and SCIE guidance tell people.

Declined or reduced fees. Earnings are what is paid: a fee the leader declines is not received, and a fee
reduced at the leader's request is received only in part. The notional-earnings rules could treat someone who
works for less than the going rate as paid the going rate (UC reg 60(3); ESA 2008 reg 108(3); Income Support
reg 42(6)), but each one excludes people participating as service users (UC reg 60(4)(b); the legacy rules as
amended by SI 2009/2655 and SI 2014/591; Computation of Earnings Regulations 1996 for Carer's Allowance), and
charities' volunteers where it is reasonable to work free (UC reg 60(4)(a), ESA reg 108(4)(a)). So for a
service user declining or reducing a fee is not treated as if it had been paid (see also SCIE's guide). Where
the involvement is not service-user participation the exclusion cannot be relied on, and `fee_counted` counts
the full fee offered (safe side).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from . import sources as S
from .core import ZERO, Citation, LimitsMissing, money


class EarningKind(StrEnum):
    """What a line of money is. The expense kinds match `Expense.Kind` in the payments models."""

    FEE = "fee"
    MILEAGE = "mileage"
    PUBLIC_TRANSPORT = "public_transport"
    PARKING = "parking"
    CARE = "care"
    SUBSISTENCE = "subsistence"
    OTHER = "other"
    VOUCHER = "voucher"
    GIFT_CARD = "gift_card"
    THANK_YOU = "thank_you"
    FLAT_ALLOWANCE = "flat_allowance"

    @property
    def is_fee(self) -> bool:
        return self is EarningKind.FEE

    @property
    def is_income(self) -> bool:
        """Paid in return for the involvement (counts as earnings in full), as opposed to an expense."""
        return self in INCOME_KINDS

    @property
    def is_expense(self) -> bool:
        return not (self.is_fee or self.is_income)


INCOME_KINDS = frozenset({EarningKind.VOUCHER, EarningKind.GIFT_CARD, EarningKind.THANK_YOU,
                          EarningKind.FLAT_ALLOWANCE})


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


@dataclass(frozen=True)
class ExpenseTreatment:
    """How much of a payment counts as earnings, and why (for the claim page and the statement)."""

    amount: Decimal
    counted: Decimal       # counts as earnings
    disregarded: Decimal   # an expense paid back at cost: not earnings
    reason: str
    citations: tuple[Citation, ...]


_EXPENSE_LAW = (S.UC_SERVICE_USER, S.SI_2009_2655, S.SI_2014_591, S.SI_2015_784)


def expense_treatment(*, kind: str, amount: Decimal, receipted: bool = False,
                      confirmed_genuine: bool = False, hmrc_amount: Decimal | None = None) -> ExpenseTreatment:
    """How a payment of `kind` counts (see the module docstring for the rules and their sources).

    `confirmed_genuine`: an approver has confirmed the expense was genuinely incurred (no receipt needed).
    `hmrc_amount`: for mileage, the amount at the HMRC approved rates.
    """
    amount = money(amount)
    kind = EarningKind(kind)
    if kind is EarningKind.FEE:
        return ExpenseTreatment(amount, amount, ZERO, "An involvement fee is earnings.", ())
    if kind is EarningKind.MILEAGE:
        allowed = min(amount, money(hmrc_amount)) if hmrc_amount is not None else ZERO
        excess = money(amount - allowed)
        reason = ("Mileage at or below the HMRC approved rate is an expense." if not excess else
                  "Mileage above the HMRC approved rate: the excess counts as earnings.")
        return ExpenseTreatment(amount, excess, allowed, reason, _EXPENSE_LAW)
    if kind is EarningKind.FLAT_ALLOWANCE:
        return ExpenseTreatment(amount, amount, ZERO, "A flat-rate allowance is not a repayment of a cost "
                                "actually incurred, so it counts as earnings.", _EXPENSE_LAW)
    if kind.is_income:
        return ExpenseTreatment(amount, amount, ZERO, "Vouchers, gift cards and thank-you payments count as "
                                "earnings at their face value (the safe side).", _EXPENSE_LAW)
    if receipted or confirmed_genuine:
        reason = ("An expense paid back at cost is not earnings." if receipted else
                  "Confirmed by an approver as genuinely incurred: an expense, not earnings (a receipt is "
                  "evidence, not the test).")
        return ExpenseTreatment(amount, ZERO, amount, reason, _EXPENSE_LAW)
    return ExpenseTreatment(amount, amount, ZERO, "Not yet shown to be a cost actually incurred (no receipt and "
                            "not confirmed by an approver), so it counts as earnings for now.", _EXPENSE_LAW)


def expense_earnings_part(*, kind: str, amount: Decimal, receipted: bool = False,
                          hmrc_amount: Decimal | None = None, confirmed_genuine: bool = False) -> Decimal:
    """How much of an expense payment counts as earnings (`expense_treatment(...).counted`).

    Kept with its old keywords; `confirmed_genuine` is new (an approver's confirmation, no receipt needed).
    Kinds the old code did not know (vouchers, gift cards, thank-you payments, flat-rate allowances) count.
    """
    return expense_treatment(kind=kind, amount=amount, receipted=receipted, confirmed_genuine=confirmed_genuine,
                             hmrc_amount=hmrc_amount).counted


@dataclass(frozen=True)
class FeeCounted:
    """The figures for a fee the leader may have declined or reduced (their choice, with the date)."""

    offered: Decimal
    paid: Decimal          # what the leader chose to be paid
    counted: Decimal       # what counts as earnings
    foregone: Decimal      # declined: not paid, and not treated as paid (for a service user)
    decided_on: dt.date | None
    reason: str
    citations: tuple[Citation, ...]

    @property
    def declined(self) -> bool:
        return self.paid == 0 and self.offered > 0

    @property
    def reduced(self) -> bool:
        return 0 < self.paid < self.offered


def fee_counted(*, offered: Decimal, paid: Decimal, decided_on: dt.date | None = None,
                participating_as_service_user: bool = True) -> FeeCounted:
    """What counts of a fee `offered` of which the leader chose to be paid `paid` (0 = declined)."""
    offered, paid = money(offered), money(paid)
    if paid < 0 or paid > offered:
        raise ValueError("The fee paid is between nothing and the fee offered.")
    citations = (S.UC_NOTIONAL, S.ESA_NOTIONAL, S.SI_2009_2655, S.SI_2014_591, S.SCIE_GUIDE)
    if paid == offered:
        return FeeCounted(offered, paid, paid, ZERO, decided_on, "The fee is paid in full and is earnings.", ())
    if participating_as_service_user:
        return FeeCounted(offered, paid, paid, money(offered - paid), decided_on,
                          "Declining or reducing a fee is not treated as if it had been paid: only the amount "
                          "paid counts (no notional earnings for a person participating as a service user).",
                          citations)
    return FeeCounted(offered, paid, offered, ZERO, decided_on,
                      "Not service-user participation: the notional-earnings rules could treat the full fee "
                      "as paid, so the full fee is counted (the safe side).", citations)
