"""Who may see which claims, expenses and payment runs (the pattern is in `coproduction.access`).

- A leader sees their own claims and expenses.
- The co-production manager and finance (VIEW_ALL_CLAIMS) see everyone's sent claims. A draft (and its
  receipts) is private to its author until they send it: 404 for everyone else.
- Payment runs are for finance (AUTHORISE_PAYMENTS).
- A statement for the Jobcentre or an adviser: a leader's own (CLAIM_PAYMENTS), anyone's for the manager and
  finance (VIEW_ALL_CLAIMS).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from coproduction.access import get_owned
from coproduction.models import User
from coproduction.roles import Capability, has_capability

from .models import Claim, Expense, PaymentRun


def sees_all_claims(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_ALL_CLAIMS)


def get_claim_for_user(user: Any, pk: int, *, own_only: bool = False) -> Claim:
    """A claim: the leader's own; any claim for the manager and finance (unless `own_only`)."""
    return get_owned(Claim.objects.select_related("person", "payment_run"), pk, user=user, what="claim",
                     may_see=lambda claim: claim.person_id == user.pk or (
                         not own_only and sees_all_claims(user) and claim.status != Claim.Status.DRAFT))


def get_expense_for_user(user: Any, pk: int) -> Expense:
    return get_owned(Expense.objects.select_related("claim"), pk, user=user, what="expense",
                     may_see=lambda expense: expense.claim.person_id == user.pk or (
                         sees_all_claims(user) and expense.claim.status != Claim.Status.DRAFT))


def get_run_for_user(user: Any, pk: int) -> PaymentRun:
    if not has_capability(user, Capability.AUTHORISE_PAYMENTS):
        raise Http404("Not found")
    return get_owned(PaymentRun.objects.all(), pk, user=user, what="payment run")


def get_statement_person_for_user(user: Any, pk: int) -> User:
    """The person whose benefits statement `user` may see: themself (a leader), anyone for VIEW_ALL_CLAIMS."""
    return get_owned(User.objects.all(), pk, user=user, what="benefits statement",
                     may_see=lambda person: sees_all_claims(user) or (
                         person.pk == user.pk and has_capability(user, Capability.CLAIM_PAYMENTS)))
