"""Stripe's calls to the portal: public by necessity; only events with a valid signature are applied."""

from __future__ import annotations

import logging

import stripe
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import stripe_connect

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Public by necessity (Stripe calls it); only events with a valid signature are applied."""
    secret = stripe_connect.webhook_secret()
    signature = request.headers.get("Stripe-Signature", "")
    if not secret or not signature:
        logger.warning("stripe webhook refused: %s", "no secret configured" if not secret else "no signature")
        return HttpResponse("No signature", status=400)
    try:
        body = request.body.decode("utf-8")
        stripe.WebhookSignature.verify_header(body, signature, secret, tolerance=300)  # Stripe's own check
    except (ValueError, stripe.SignatureVerificationError) as exc:
        logger.warning("stripe webhook refused: %s", exc)
        return HttpResponse("Bad signature", status=400)
    # Signed but not the shape we apply: logged and refused (400), never an error page and never half applied.
    payload, problem = stripe_connect.parse_event(body)
    if problem:
        logger.warning("stripe webhook refused: malformed event (%s)", problem)
        return HttpResponse("Malformed event", status=400)
    stripe_connect.handle_event(payload)
    return HttpResponse("ok")


