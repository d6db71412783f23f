"""Stripe Connect: onboarding by account link (Accounts v2), transfers with idempotency keys, webhooks.

Pence only here, at the boundary. Every transfer uses the key `claim-<pk>-transfer`, so a retry after a
timeout, or a run resumed after a failure, can never pay a claim twice. A claim becomes "paid" only from
a verified `transfer.created` webhook event; `transfer.reversed` makes it "failed" (with reversal entries).
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import services
from .models import Claim, PaymentDetails, PaymentRun, StripeEvent

logger = logging.getLogger(__name__)


class StripeNotConfigured(Exception):
    pass


def get_client(http_client: stripe.HTTPClient | None = None) -> stripe.StripeClient:
    key = getattr(settings, "STRIPE_SECRET_KEY", "")
    if not key:
        raise StripeNotConfigured("Stripe is not set up for this portal (STRIPE_SECRET_KEY).")
    if http_client is None:
        return stripe.StripeClient(key)
    return stripe.StripeClient(key, http_client=http_client)


def pence(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def onboarding_link(*, person: Any, client: stripe.StripeClient, refresh_url: str, return_url: str) -> str:
    """Create the person's Stripe account (once) and an onboarding link to it."""
    details, _ = PaymentDetails.objects.get_or_create(person=person)
    if not details.stripe_account_id:
        account = client.v2.core.accounts.create(params={
            "contact_email": person.email,
            "display_name": person.full_name,
            "dashboard": "express",
            "identity": {"country": "gb", "entity_type": "individual"},
            "configuration": {"recipient": {"capabilities": {"stripe_balance": {
                "stripe_transfers": {"requested": True}}}}},
            "defaults": {"currency": "gbp", "responsibilities": {"fees_collector": "application",
                                                                  "losses_collector": "application"}},
            "include": ["configuration.recipient", "requirements"],
        }, options={"idempotency_key": f"person-{person.pk}-account"})
        details.stripe_account_id = account.id
        details.save(update_fields=["stripe_account_id", "updated_at"])
    link = client.v2.core.account_links.create(params={
        "account": details.stripe_account_id,
        "use_case": {"type": "account_onboarding",
                     "account_onboarding": {"refresh_url": refresh_url,
                                            "return_url": return_url}},
    })
    return link.url


def refresh_account(*, person: Any, client: stripe.StripeClient) -> bool:
    """After onboarding: is the account able to receive transfers?"""
    details = PaymentDetails.objects.filter(person=person).first()
    if details is None or not details.stripe_account_id:
        return False
    account = client.v2.core.accounts.retrieve(details.stripe_account_id,
                                               params={"include": ["configuration.recipient"]})
    try:
        status = account["configuration"]["recipient"]["capabilities"]["stripe_balance"]["stripe_transfers"]["status"]
    except (KeyError, TypeError):
        status = ""
    details.stripe_ready = status == "active"
    details.save(update_fields=["stripe_ready", "updated_at"])
    return details.stripe_ready


def run_send(*, run: PaymentRun, client: stripe.StripeClient) -> dict[str, int]:
    """Create a transfer for every claim in the run that has none yet. Safe to call again after a failure."""
    if run.method != PaymentRun.Method.STRIPE:
        raise ValueError("Not a Stripe run.")
    PaymentRun.objects.filter(pk=run.pk, status=PaymentRun.Status.OPEN).update(status=PaymentRun.Status.SENDING)
    sent = 0
    claims = (Claim.objects.filter(payment_run=run, status=Claim.Status.IN_RUN, stripe_transfer_id="")
              .select_related("person__payment_details").order_by("pk"))
    for claim in claims:
        destination = claim.person.payment_details.stripe_account_id
        transfer = client.v1.transfers.create(params={
            "amount": pence(claim.total), "currency": "gbp", "destination": destination,
            "transfer_group": f"run-{run.pk}", "description": f"Involvement payment {claim.reference}",
            "metadata": {"claim": str(claim.pk), "run": str(run.pk)},
        }, options={"idempotency_key": f"claim-{claim.pk}-transfer"})
        Claim.objects.filter(pk=claim.pk, stripe_transfer_id="").update(stripe_transfer_id=transfer.id)
        sent += 1
    if not Claim.objects.filter(payment_run=run, status=Claim.Status.IN_RUN, stripe_transfer_id="").exists():
        PaymentRun.objects.filter(pk=run.pk, status=PaymentRun.Status.SENDING).update(status=PaymentRun.Status.SENT)
    return {"sent": sent}


def webhook_secret() -> str:
    return getattr(settings, "STRIPE_WEBHOOK_SECRET", "")


def handle_event(event: Any, *, actor: Any = None) -> str:
    """Apply a verified event once (recorded by id). Returns what happened, for the log."""
    if hasattr(event, "to_dict"):
        event = event.to_dict()
    obj = event["data"]["object"]
    try:
        with transaction.atomic():
            record = StripeEvent.objects.create(
                event_id=event["id"], event_type=event["type"], object_id=obj.get("id", ""),
                created=dt.datetime.fromtimestamp(int(event["created"]), tz=dt.UTC))
    except IntegrityError:
        return "duplicate"
    note = "ignored"
    if event["type"] in ("transfer.created", "transfer.reversed"):
        claim_id = (obj.get("metadata") or {}).get("claim")
        claim = Claim.objects.filter(pk=claim_id).select_related("person", "payment_run").first() if claim_id else None
        if claim is None:
            note = "no such claim"
        elif event["type"] == "transfer.created":
            if claim.status == Claim.Status.IN_RUN and not obj.get("reversed"):
                Claim.objects.filter(pk=claim.pk, stripe_transfer_id="").update(stripe_transfer_id=obj["id"])
                paid_on = timezone.localtime(dt.datetime.fromtimestamp(int(obj.get("created", event["created"])),
                                                                       tz=dt.UTC)).date()
                note = "paid" if services._pay(claim, by=actor, run=claim.payment_run, paid_on=paid_on) else "no change"
            else:
                note = "no change"
        else:
            note = "failed" if services.claim_fail(claim=claim, by=actor,
                                                   reason="Stripe reversed the transfer.") else "no change"
    StripeEvent.objects.filter(pk=record.pk).update(applied=note in ("paid", "failed"), note=note)
    logger.info("stripe event %s %s: %s", event["id"], event["type"], note)
    return note
