"""Writes about a leader's benefits and what counts as earnings: the benefits they chose to record (several
at once), their own limit, vouchers and thank-you payments on a claim, and an approver's confirmation that an
expense without a receipt was genuinely incurred. Every change is kept in the models' history (who, when)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from coproduction.roles import Capability, has_capability

from . import limits
from .models import BenefitProfile, Claim, Expense, OtherIncome, PersonBenefit

S = Claim.Status


class BenefitError(Exception):
    """A change that cannot be made, with a plain message for the person."""


def _as_history_user(instance: Any, by: Any) -> None:
    instance._history_user = by


def benefit_save(*, person: Any, benefit: PersonBenefit, by: Any) -> PersonBenefit:
    """Record (or change) one of the person's benefits. Details that the rule does not use are dropped."""
    if benefit.person_id != person.pk:
        raise BenefitError("You can only change your own benefits.")
    _as_history_user(benefit, by)
    benefit.save()
    return benefit


def benefit_remove(*, person: Any, benefit_id: int, by: Any) -> bool:
    benefit = PersonBenefit.objects.filter(person=person, pk=benefit_id).first()
    if benefit is None:
        return False
    _as_history_user(benefit, by)
    benefit.delete()
    return True


def benefits_remove_all(*, person: Any, by: Any) -> None:
    """Forget everything the person told us about their benefits (their choice, at any time)."""
    for benefit in PersonBenefit.objects.filter(person=person):
        _as_history_user(benefit, by)
        benefit.delete()
    profile = BenefitProfile.objects.filter(person=person).first()
    if profile is not None:
        _as_history_user(profile, by)
        profile.delete()


def personal_cap_save(*, person: Any, cap: Decimal | None, by: Any) -> BenefitProfile:
    profile, _ = BenefitProfile.objects.get_or_create(person=person)
    profile.personal_cap = limits.money(cap) if cap is not None else None
    _as_history_user(profile, by)
    profile.save()
    return profile


def benefit_terms(person_id: int, records: list[PersonBenefit] | None = None,
                  profile: BenefitProfile | None = None) -> list[limits.Benefit]:
    """The person's benefits as the rules see them. Their own limit applies under each benefit; with a limit
    and no benefit recorded, it is checked by calendar month."""
    records = records if records is not None else list(PersonBenefit.objects.filter(person_id=person_id))
    cap = profile.personal_cap if profile is not None else None
    terms = [record.terms(cap) for record in records]
    if not terms and cap is not None:
        terms = [limits.Benefit(rule=limits.BenefitRule.NONE, personal_cap=cap)]
    return terms


# --- vouchers, gift cards and thank-you payments ------------------------------------------------------

def _editable(claim: Claim) -> None:
    if claim.status not in (S.DRAFT, S.RETURNED):
        raise BenefitError("This claim has been sent and can no longer be changed.")


def other_income_add(*, claim: Claim, kind: str, received_on: dt.date, value: Decimal, description: str = "",
                     by: Any) -> OtherIncome:
    """A voucher, gift card or thank-you payment recorded on a claim: it counts as earnings at face value."""
    _editable(claim)
    if kind not in OtherIncome.Kind.values:
        raise BenefitError("Choose a voucher, a gift card or a thank-you payment.")
    if value <= 0:
        raise BenefitError("Enter what it was worth, in pounds.")
    item = OtherIncome(claim=claim, kind=kind, received_on=received_on, value=limits.money(value),
                       description=description.strip()[:300])
    _as_history_user(item, by)
    item.save()
    return item


def other_income_remove(*, claim: Claim, item_id: int, by: Any) -> bool:
    _editable(claim)
    item = claim.other_income.filter(pk=item_id).first()
    if item is None:
        return False
    _as_history_user(item, by)
    item.delete()
    return True


# --- an expense confirmed as genuinely incurred -------------------------------------------------------

def expense_confirmation_refusal(expense: Expense, user: Any) -> str | None:
    """Why `user` may not confirm this expense, or None: whoever gives first approval, never for their own
    claim, while the claim waits for approval; only a cost with no receipt needs it."""
    if expense.claim.person_id == user.pk:
        return "You cannot confirm your own expenses."
    if not has_capability(user, Capability.APPROVE_CLAIMS):
        return "Your role does not let you approve claims."
    if expense.claim.status != S.SUBMITTED:
        return "Expenses can be confirmed while the claim waits for approval."
    if not expense.needs_receipt_or_confirmation:
        return "This expense does not need confirming."
    return None


@transaction.atomic
def expense_confirm_genuine(*, expense_id: int, by: Any) -> Expense:
    """The approver confirms a cost without a receipt was genuinely incurred (an un-ticketed bus fare): it is
    then an expense, not earnings. A receipt is evidence, not the test (see payments.limits.expenses)."""
    expense = Expense.objects.select_for_update().select_related("claim").get(pk=expense_id)
    refusal = expense_confirmation_refusal(expense, by)
    if refusal:
        raise BenefitError(refusal)
    expense.confirmed_genuine_by, expense.confirmed_genuine_at = by, timezone.now()
    expense.earnings_amount = limits.expense_treatment(kind=expense.kind, amount=expense.amount,
                                                       confirmed_genuine=True).counted
    _as_history_user(expense, by)
    expense.save()
    return expense


def expense_reason(expense: Expense) -> limits.ExpenseTreatment:
    """Why an expense does or does not count as earnings (the words the claim pages show)."""
    hmrc = expense.amount - expense.earnings_amount if expense.kind == Expense.Kind.MILEAGE else None
    return limits.expense_treatment(kind=expense.kind, amount=expense.amount, receipted=expense.has_receipt,
                                    confirmed_genuine=expense.confirmed_genuine, hmrc_amount=hmrc)


def with_reasons(expenses: Iterable[Expense], *, confirmer: Any = None) -> list[Expense]:
    """The expenses, each with why it does or does not count (`treatment`) and whether `confirmer` may confirm
    it as genuinely incurred (`may_confirm`), for the claim pages."""
    result = list(expenses)
    for expense in result:
        expense.treatment = expense_reason(expense)  # type: ignore[attr-defined]
        expense.may_confirm = (confirmer is not None  # type: ignore[attr-defined]
                               and expense_confirmation_refusal(expense, confirmer) is None)
    return result
