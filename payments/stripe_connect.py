"""Stripe Connect: onboarding by account link (Accounts v2), transfers with idempotency keys, webhooks.

Pence only here, at the boundary. A run's transfers are sent by a background task (`send_payment_run`),
never inside the web request; the run's page shows each claim's state and survives a reload. Every transfer
uses the key `claim-<pk>-transfer-<attempt>`: a retry after a timeout, or a run resumed after a worker died,
uses the same key and can never pay a claim twice; only a transfer Stripe refused or reversed gets a new
attempt (and so a new key, which Stripe accepts with the new parameters). A claim becomes "paid" only from a
verified `transfer.created` webhook event; `transfer.reversed` makes it "failed" (with reversal entries).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from decimal import Decimal
from functools import cache
from typing import Any

import stripe
from django.conf import settings
from django.db import IntegrityError, router, transaction
from django.db.models import Count, F, Q
from django.tasks import task
from django.utils import timezone

from coproduction import background
from coproduction.compiled import CompiledQuery, compile_with_markers, markers
from coproduction.transitions import transition

from . import services
from .models import Claim, PaymentDetails, PaymentRun, StripeEvent

logger = logging.getLogger(__name__)


class StripeNotConfigured(Exception):
    pass


def get_client(http_client: stripe.HTTPClient | None = None) -> stripe.StripeClient:
    key = getattr(settings, "STRIPE_SECRET_KEY", "")
    if not key:
        raise StripeNotConfigured("Stripe is not set up for this portal (STRIPE_SECRET_KEY).")
    options: dict[str, Any] = {}
    if getattr(settings, "STRIPE_API_BASE", ""):  # e.g. a local Stripe mock server
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    if http_client is not None:
        options["http_client"] = http_client
    return stripe.StripeClient(key, max_network_retries=2, **options)


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


def idempotency_key(claim: Claim) -> str:
    return f"claim-{claim.pk}-transfer-{claim.transfer_attempt}"


def run_send(*, run: PaymentRun, client: stripe.StripeClient) -> dict[str, int]:
    """Create a transfer for every claim in the run that has none yet. Safe to call again after a failure.

    Stripe refusing one transfer (an account not ready, say) is recorded on that claim and the run goes on;
    Stripe not answering stops the run here, to be resumed with the same keys."""
    if run.method != PaymentRun.Method.STRIPE:
        raise ValueError("Not a Stripe run.")
    PaymentRun.objects.filter(pk=run.pk, status=PaymentRun.Status.OPEN).update(status=PaymentRun.Status.SENDING)
    sent = refused = 0
    claims = (Claim.objects.filter(payment_run=run, status=Claim.Status.IN_RUN, stripe_transfer_id="",
                                   transfer_error="")
              .select_related("person__payment_details").order_by("pk"))
    for claim in claims:
        PaymentRun.objects.filter(pk=run.pk).update(lease_until=background.lease_until())  # still alive
        destination = claim.person.payment_details.stripe_account_id
        try:
            transfer = client.v1.transfers.create(params={
                "amount": pence(claim.total), "currency": "gbp", "destination": destination,
                "transfer_group": f"run-{run.pk}", "description": f"Involvement payment {claim.reference}",
                "metadata": {"claim": str(claim.pk), "run": str(run.pk), "attempt": str(claim.transfer_attempt)},
            }, options={"idempotency_key": idempotency_key(claim)})
        except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError):
            raise  # no answer: maybe paid, so never a new key; resumed later with this one
        except stripe.StripeError as exc:  # refused: certainly not paid
            message = getattr(exc, "user_message", None) or str(exc) or type(exc).__name__
            Claim.objects.filter(pk=claim.pk).update(transfer_error=f"Stripe refused it: {message}"[:300])
            refused += 1
            continue
        Claim.objects.filter(pk=claim.pk, stripe_transfer_id="").update(stripe_transfer_id=transfer.id)
        sent += 1
    if not Claim.objects.filter(payment_run=run, status=Claim.Status.IN_RUN, stripe_transfer_id="").exists():
        PaymentRun.objects.filter(pk=run.pk, status=PaymentRun.Status.SENDING).update(status=PaymentRun.Status.SENT)
    return {"sent": sent, "refused": refused}


NOT_ENQUEUED = ("The background service could not be reached to start the payments. Nothing was sent and "
                "nothing is lost: the portal tries again by itself every minute or so.")


def _not_enqueued(run_id: int) -> None:
    PaymentRun.objects.filter(pk=run_id).update(enqueue_error=NOT_ENQUEUED)


def run_send_start(*, run: PaymentRun, by: Any) -> None:
    """Finance asks for the run's transfers: recorded, then sent in the background after the commit."""
    with transaction.atomic():
        transition(run, to=PaymentRun.Status.SENDING, allowed_from=[PaymentRun.Status.OPEN], by=by,
                   note="Finance sent the payments through Stripe")
        PaymentRun.objects.filter(pk=run.pk).update(enqueue_error="")
        background.enqueue_on_commit(send_payment_run, run.pk, on_failure=lambda _exc: _not_enqueued(run.pk))


def transfer_retry(*, claim_id: int, run: PaymentRun, by: Any) -> bool:
    """Pay again a claim of this run whose transfer Stripe refused or reversed: a new attempt (a new key)."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id, payment_run=run)
        if claim.status == Claim.Status.FAILED:  # reversed: back into this run, the commitment already stands
            if not transition(claim, to=Claim.Status.IN_RUN, allowed_from=[Claim.Status.FAILED], by=by,
                              note=f"Paid again (attempt {claim.transfer_attempt + 1})", stripe_transfer_id="",
                              transfer_error="", transfer_attempt=claim.transfer_attempt + 1):
                return False
        elif claim.status == Claim.Status.IN_RUN and claim.transfer_error:
            Claim.objects.filter(pk=claim.pk).update(transfer_error="", transfer_attempt=F("transfer_attempt") + 1)
        else:
            return False
        PaymentRun.objects.filter(pk=run.pk).exclude(status=PaymentRun.Status.COMPLETED).update(
            status=PaymentRun.Status.SENDING, enqueue_error="")
        background.enqueue_on_commit(send_payment_run, run.pk, on_failure=lambda _exc: _not_enqueued(run.pk))
    return True


def progress_counts() -> dict[str, Count]:
    """What finance sees while a run is sent, as counts to aggregate over its claims: each claim is in one."""
    paid = Q(status__in=[Claim.Status.PAID, Claim.Status.RECONCILED])
    failed = Q(status=Claim.Status.FAILED)
    open_ = ~paid & ~failed
    refused = open_ & ~Q(transfer_error="")
    sent = open_ & Q(transfer_error="") & ~Q(stripe_transfer_id="")
    waiting = open_ & Q(transfer_error="", stripe_transfer_id="")
    # Counts of `status` (never empty), a column of the run's index (payments_claim_run_progress): counted from
    # the index without reading the claims
    return {"waiting": Count("status", filter=waiting), "sent": Count("status", filter=sent),
            "paid": Count("status", filter=paid), "refused": Count("status", filter=refused),
            "failed": Count("status", filter=failed)}


@cache
def _run_counts_query(alias: str, stripe: bool) -> CompiledQuery:
    """The run page's counts as SQL, compiled once per process: building eight filtered counts through the ORM
    on every visit cost several times what running them does."""
    counts: dict[str, Count] = {"total": Count("status"), "in_run": Count("status", filter=Q(status=Claim.Status.IN_RUN)),
                                "paid_now": Count("status", filter=Q(status=Claim.Status.PAID))}
    if stripe:
        counts.update({f"progress_{name}": count for name, count in progress_counts().items()})
    run = markers(1)
    return compile_with_markers(Claim.objects.using(alias).filter(payment_run_id=run[0]).order_by()
                                .values("payment_run_id").annotate(**counts), run)


def run_counts(run: PaymentRun) -> dict[str, int]:
    """A run's claims counted in one query from the run's index: `total`, `in_run` (waiting to be paid),
    `paid_now`, and for a Stripe run `progress_<state>` for each state of `progress_counts`."""
    alias = router.db_for_read(Claim)
    compiled = _run_counts_query(alias, run.method == PaymentRun.Method.STRIPE)
    found = compiled.rows(alias, [run.pk])
    counted = {name: found[0][name] if found else 0 for name in compiled.names}
    counted.pop("payment_run_id")
    return counted


def run_progress(run: PaymentRun) -> dict[str, int]:
    """Each claim of the run in one of `progress_counts` (one query)."""
    return Claim.objects.filter(payment_run=run).order_by().aggregate(**progress_counts())


@background.register
def recover_payment_runs(now: dt.datetime) -> int:
    """Runs still sending, not held by a live worker (it died, Stripe did not answer, or the enqueue failed)."""
    grace = now - dt.timedelta(seconds=background.recovery_seconds())
    pending = Claim.objects.filter(status=Claim.Status.IN_RUN, stripe_transfer_id="", transfer_error="")
    ids = list(PaymentRun.objects.filter(method=PaymentRun.Method.STRIPE, status=PaymentRun.Status.SENDING,
                                         claims__in=pending)
               .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
               .filter(Q(lease_until__lt=grace) | Q(lease_until__isnull=True) | ~Q(enqueue_error=""))
               .distinct().values_list("pk", flat=True)[:20])
    for pk in ids:
        if not background.enqueue_now(send_payment_run, pk):
            _not_enqueued(pk)
    return len(ids)


@task()
def send_payment_run(run_id: int) -> dict[str, int]:
    """The background task that sends a Stripe run's transfers, holding the run with a lease."""
    now = timezone.now()
    if not PaymentRun.objects.filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now), pk=run_id).update(
            lease_until=background.lease_until(now), enqueue_error=""):
        return {"sent": 0, "refused": 0}  # a live worker is on it
    run = PaymentRun.objects.get(pk=run_id)
    try:
        return run_send(run=run, client=get_client())
    finally:
        PaymentRun.objects.filter(pk=run_id).update(lease_until=None)


def webhook_secret() -> str:
    return getattr(settings, "STRIPE_WEBHOOK_SECRET", "")


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**40


def malformed(event: Any) -> str:
    """Why a verified event cannot be applied ("" when it can): the shape `handle_event` relies on."""
    if not isinstance(event, dict):
        return "not an object"
    if not isinstance(event.get("id"), str) or not event["id"] or len(event["id"]) > 255:
        return "no id"
    if not isinstance(event.get("type"), str) or not event["type"]:
        return "no type"
    if not _whole_number(event.get("created")):
        return "no created time"
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if not isinstance(obj, dict):
        return "no data object"
    if not isinstance(obj.get("id", ""), str) or len(obj.get("id", "")) > 255:
        return "object id is not text"
    if event["type"] in ("transfer.created", "transfer.reversed"):
        metadata = obj.get("metadata") or {}
        if not isinstance(metadata, dict):
            return "metadata is not an object"
        claim = metadata.get("claim")
        if claim is not None and not (isinstance(claim, str) and claim.isdigit() and len(claim) < 12):
            return "claim is not a number"
        if "created" in obj and not _whole_number(obj["created"]):
            return "object created time is not a number"
        if event["type"] == "transfer.created" and claim and not obj.get("id"):
            return "transfer has no id"
    return ""


def parse_event(body: str) -> tuple[Any, str]:
    """A verified body as an event, and why it cannot be applied ("" when it can)."""
    try:
        event = json.loads(body)
    except ValueError:
        return None, "not JSON"
    return event, malformed(event)


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
