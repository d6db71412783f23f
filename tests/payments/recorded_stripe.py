"""A stripe.HTTPClient that answers from recorded JSON and records every request (never the network)."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import stripe


class RecordedHTTPClient(stripe.HTTPClient):
    name = "recorded"

    def __init__(self, answers: list[Any]) -> None:
        super().__init__()
        self.answers = list(answers)
        self.requests: list[dict[str, Any]] = []

    def request(self, method: str, url: str, headers: Any, post_data: Any = None, *, _usage: Any = None):
        self.requests.append({"method": method, "url": url, "headers": dict(headers or {}),
                              "body": post_data.decode() if isinstance(post_data, bytes) else (post_data or "")})
        if not self.answers:
            raise AssertionError(f"Unexpected request: {method} {url}")
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        status, body = answer
        return json.dumps(body), status, {"Request-Id": f"req_{len(self.requests)}"}

    def close(self) -> None:
        pass


def transfer(transfer_id: str, claim_id: int, amount: int, destination: str = "acct_1") -> tuple[int, dict]:
    return 200, {"id": transfer_id, "object": "transfer", "amount": amount, "currency": "gbp",
                 "destination": destination, "metadata": {"claim": str(claim_id)}, "reversed": False,
                 "created": 1749549600, "livemode": False}


def client(http: RecordedHTTPClient, retries: int = 0) -> stripe.StripeClient:
    return stripe.StripeClient("sk_test_recorded", http_client=http, max_network_retries=retries)


def sign(payload: str, secret: str, timestamp: int) -> str:
    """The Stripe-Signature header, made the way Stripe makes it."""
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def event(event_id: str, event_type: str, obj: dict, created: int) -> str:
    return json.dumps({"id": event_id, "object": "event", "type": event_type, "created": created,
                       "api_version": "2026-10-28", "livemode": False, "data": {"object": obj}})
