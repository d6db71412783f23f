"""Access rules for the payments app's URLs (see access_rules.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tests.security.access_rules import SIGNED_IN, Rule

LEADERS = ["leader", "other_leader"]
CLAIM_READERS = ["leader", "manager", "finance"]
OWN_DRAFT = {"allowed": ["leader"], "refused_with": 403, "overrides": {"other_leader": 404}}


def _draft(personas: dict[str, Any]):
    from payments import services
    from payments.loading import load_benefit_limits
    from tests.payments.factories import RateFactory, activity

    load_benefit_limits()
    RateFactory()
    claim = services.claim_start(person=personas["leader"])
    services.claim_set_activities(claim=claim, activity_ids=[activity(personas["leader"], "2025-06-02").pk])
    return claim


def _claim(personas: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _draft(personas).pk}


def _expense_kind(personas: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _draft(personas).pk, "kind": "parking"}


def _receipt(personas: dict[str, Any]) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from payments import services

    claim = _draft(personas)
    expense = services.expense_add(claim=claim, kind="parking", date=dt.date(2025, 6, 2), amount=Decimal("2"),
                                   receipt=SimpleUploadedFile("r.pdf", b"%PDF-1.4", content_type="application/pdf"))
    return {"pk": expense.pk}


def _own_statement(personas: dict[str, Any]) -> dict[str, Any]:
    return {"person_pk": personas["leader"].pk}


def _benefit_of_leader(personas: dict[str, Any]) -> dict[str, Any]:
    from payments.models import PersonBenefit

    return {"pk": PersonBenefit.objects.create(person=personas["leader"], rule="carers").pk}


def _unreceipted_expense(personas: dict[str, Any]) -> dict[str, Any]:
    from payments import services

    claim = _draft(personas)
    expense = services.expense_add(claim=claim, kind="public_transport", date=dt.date(2025, 6, 2),
                                   amount=Decimal("4.20"))
    services.claim_submit(claim=claim, by=personas["leader"], on=dt.date(2025, 6, 10))
    return {"pk": expense.pk}


def _run(personas: dict[str, Any]) -> dict[str, Any]:
    from payments.models import PaymentRun

    run = PaymentRun.objects.create(method="bank_file", created_by=personas["finance"],
                                    payment_date=dt.date(2025, 6, 13))
    return {"pk": run.pk}


RULES: dict[str, Rule] = {
    "payments:index": Rule(allowed=SIGNED_IN),
    "payments:benefits": Rule(allowed=LEADERS),
    "payments:benefit_add": Rule(allowed=LEADERS),
    # A leader's own benefit record: another leader gets 404 (not revealed), other roles 403 by role.
    "payments:benefit_change": Rule(allowed=["leader"], make=_benefit_of_leader, overrides={"other_leader": 404}),
    # The leader's own statement; the manager and finance (VIEW_ALL_CLAIMS) see anyone's; others: 404.
    "payments:benefit_statement": Rule(allowed=CLAIM_READERS, refused_with=404, make=_own_statement),
    "payments:benefit_statement_pdf": Rule(allowed=CLAIM_READERS, refused_with=404, make=_own_statement),
    "payments:other_income": Rule(make=_claim, **OWN_DRAFT),
    "payments:payment_details": Rule(allowed=LEADERS),
    "payments:stripe_onboard": Rule(allowed=LEADERS),
    "payments:stripe_return": Rule(allowed=LEADERS),
    "payments:activity_add": Rule(allowed=LEADERS),
    "payments:claim_new": Rule(allowed=LEADERS),
    # The claim here is a draft: private to its author until sent (tests/security/test_drafts_are_private.py).
    "payments:claim_detail": Rule(allowed=["leader"], refused_with=404, make=_claim),
    "payments:claim_activities": Rule(make=_claim, **OWN_DRAFT),
    "payments:claim_expenses": Rule(make=_claim, **OWN_DRAFT),
    "payments:expense_kind": Rule(make=_claim, **OWN_DRAFT),
    "payments:expense_add": Rule(make=_expense_kind, **OWN_DRAFT),
    "payments:claim_check": Rule(make=_claim, **OWN_DRAFT),
    "payments:claim_adviser": Rule(make=_claim, **OWN_DRAFT),
    "payments:receipt": Rule(allowed=["leader"], refused_with=404, make=_receipt),
    # POST only: whoever gives first approval (APPROVE_CLAIMS) confirms an expense without a receipt.
    "payments:expense_confirm": Rule(allowed=["manager"], make=_unreceipted_expense, methods=("POST",)),
    "payments:statements": Rule(allowed=LEADERS),
    "payments:statement_month": Rule(allowed=LEADERS, make=lambda p: {"year": 2025, "month": 6}),
    "payments:statement_tax_year": Rule(allowed=LEADERS, make=lambda p: {"year": 2025}),
    "payments:statement_month_pdf": Rule(allowed=LEADERS, make=lambda p: {"year": 2025, "month": 6}),
    "payments:statement_tax_year_pdf": Rule(allowed=LEADERS, make=lambda p: {"year": 2025}),
    "payments:review_list": Rule(allowed=["manager", "finance"]),
    "payments:budgets": Rule(allowed=["manager", "finance"]),
    "payments:runs": Rule(allowed=["finance"]),
    "payments:run_detail": Rule(allowed=["finance"], make=_run),
    "payments:run_file": Rule(allowed=["finance"], make=_run),
    "payments:year_totals": Rule(allowed=["finance"], make=lambda p: {"year": 2025}),
    # Public by necessity: Stripe calls it; without a valid signature it answers 400 and changes nothing.
    "payments:stripe_webhook": Rule(allowed=SIGNED_IN, public=True),
}
