"""Payments: what this app holds about a person, for their download and for erasure.

Bank details appear masked only. On erasure the bank details, the benefits recorded and receipt files go;
claims, fee lines, expense amounts and ledger entries stay (financial records, kept for the retention period,
then removed by `payments.tasks.purge_expired_payment_records`).
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage

from coproduction.privacy import iso, register_section
from coproduction.transitions import steps_of_many

from .crypto import mask
from .models import (
    BenefitProfile,
    Claim,
    Expense,
    PayableActivity,
    PaymentDetails,
    PersonBenefit,
)
from .services import bank_details


def _payment_details(user: Any) -> dict[str, Any] | None:
    details = PaymentDetails.objects.filter(person=user).first()
    if details is None:
        return None
    bank = bank_details(details)
    return {
        "preference": details.get_preference_display(),
        "account_name": mask(bank["account_name"], keep=2),
        "sort_code": mask(bank["sort_code"], keep=2),
        "account_number": mask(bank["account_number"], keep=4),
        "stripe_account_set_up": bool(details.stripe_account_id),
    }


def _benefits(user: Any) -> list[dict[str, Any]]:
    return [
        {"benefit": b.get_rule_display(), "benefit_week_starts_on": b.get_week_starts_on_display()
         if b.week_starts_on is not None else None, "assessment_period_start_day": b.uc_start_day,
         "permitted_work": b.get_permitted_work_display() or None,
         "work_allowance": b.get_work_allowance_display() or None, "disregard": b.get_disregard_display() or None}
        for b in PersonBenefit.objects.filter(person=user).order_by("pk")
    ]


def _claim_summary(claim: Claim) -> dict[str, Any]:
    return {"reference": claim.reference, "status": claim.get_status_display(), "fees_total": str(claim.fees_total),
            "expenses_total": str(claim.expenses_total), "created_at": iso(claim.created_at),
            "submitted_at": iso(claim.submitted_at), "paid_on": iso(claim.paid_on), "reason": claim.reason}


def readable(user: Any) -> dict[str, Any]:
    """What the readable page shows: how the person is paid, their benefits and each claim's totals (a few
    queries; every line and step of each claim is in the download)."""
    return {"payment_details": _payment_details(user), "benefits": _benefits(user),
            "claims": [_claim_summary(c) for c in Claim.objects.filter(person=user).order_by("created_at", "pk")]}


def collect(user: Any) -> dict[str, Any]:
    benefit = BenefitProfile.objects.filter(person=user).first()
    claims = list(Claim.objects.filter(person=user).order_by("created_at", "pk")
                  .prefetch_related("fee_lines__activity", "expenses", "other_income"))
    claim_steps = steps_of_many(Claim, [c.pk for c in claims])
    return {
        "payment_details": _payment_details(user),
        "benefit_settings": None if benefit is None else {
            "own_limit": str(benefit.personal_cap) if benefit.personal_cap is not None else None,
        },
        "benefits": _benefits(user),
        "activities": [
            {"date": iso(a.date), "hours": str(a.hours), "source": a.get_source_display(),
             "meeting_or_event": a.source_label, "description": a.description}
            for a in PayableActivity.objects.filter(person=user).order_by("date", "pk")
        ],
        "claims": [
            {**_claim_summary(c),
             "fees": [{"activity_date": iso(f.activity.date), "amount_due": str(f.amount_due),
                       "amount_claimed": str(f.amount_claimed), "your_choice": f.get_choice_display() or None,
                       "chosen_on": iso(f.choice_on)} for f in c.fee_lines.all()],
             "vouchers_and_thank_you_payments": [
                 {"kind": g.get_kind_display(), "given_on": iso(g.received_on), "value": str(g.value),
                  "description": g.description} for g in c.other_income.all()],
             "expenses": [{"kind": e.get_kind_display(), "date": iso(e.date), "description": e.description,
                           "amount": str(e.amount), "receipt": e.receipt_filename or None}
                          for e in c.expenses.all()],
             "steps": [{"to": s.to_label, "at": iso(s.at)} for s in claim_steps.get(c.pk, [])]}
            for c in claims
        ],
    }


def erase(user: Any) -> None:
    PaymentDetails.objects.filter(person=user).delete()
    PaymentDetails.history.filter(person=user).delete()
    BenefitProfile.objects.filter(person=user).delete()
    BenefitProfile.history.filter(person=user).delete()
    PersonBenefit.objects.filter(person=user).delete()
    PersonBenefit.history.filter(person=user).delete()
    expenses = Expense.objects.filter(claim__person=user)
    for name in expenses.exclude(receipt_name="").values_list("receipt_name", flat=True):
        default_storage.delete(name)
    # The amounts stay; the receipt file and its original name (which may hold a name or address) go.
    expenses.update(receipt_name="", receipt_type="", receipt_filename="")
    Expense.history.filter(claim__person=user).update(receipt_name="", receipt_type="", receipt_filename="")


register_section("payments", collect, erase, readable=readable)
