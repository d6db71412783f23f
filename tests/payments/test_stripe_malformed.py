"""A webhook event with a valid signature (the real Stripe signature code checks it) but a shape we cannot apply
is logged and answered 400, never 500, and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
import time_machine
from django.urls import reverse

from payments.models import Claim, StripeEvent
from tests.payments.recorded_stripe import sign

pytestmark = pytest.mark.django_db
SECRET = "whsec_test_secret"


@pytest.fixture(autouse=True)
def _stripe_on(settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_SECRET_KEY = "sk_test_recorded"
    with time_machine.travel(dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def good_event() -> dict:
    return {"id": "evt_1", "object": "event", "type": "transfer.created", "created": int(time.time()),
            "api_version": "2026-10-28", "livemode": False,
            "data": {"object": {"id": "tr_1", "object": "transfer", "amount": 4000, "metadata": {"claim": "1"},
                                "reversed": False, "created": int(time.time())}}}


def without(*path: str) -> dict:
    event = good_event()
    target = event
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return event


def with_value(value, *path: str) -> dict:
    event = good_event()
    target = event
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return event


MALFORMED = {
    "no created": without("created"),
    "created as text": with_value("yesterday", "created"),
    "created as a huge number": with_value(10**30, "created"),
    "no id": without("id"),
    "id as a number": with_value(7, "id"),
    "no type": without("type"),
    "no data": without("data"),
    "data as a list": with_value([1, 2], "data"),
    "object as text": with_value("tr_1", "data", "object"),
    "object id as a list": with_value(["tr_1"], "data", "object", "id"),
    "metadata as text": with_value("claim=1", "data", "object", "metadata"),
    "claim as words": with_value({"claim": "one"}, "data", "object", "metadata"),
    "claim as a number": with_value({"claim": 1}, "data", "object", "metadata"),
    "object created as text": with_value("now", "data", "object", "created"),
    "a list, not an event": [good_event()],
    "a number": 42,
    "null": None,
    "text": "event",
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_signed_but_malformed_event_is_logged_and_refused_with_400(case, client, caplog):
    payload = json.dumps(MALFORMED[case])
    now = int(time.time())

    response = client.post(reverse("payments:stripe_webhook"), data=payload, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=sign(payload, SECRET, now))

    assert response.status_code == 400, case
    assert "stripe webhook refused" in caplog.text
    assert not StripeEvent.objects.exists()
    assert not Claim.objects.exists()


def test_a_body_that_is_not_json_or_not_utf8_is_refused_with_400(client):
    for body in (b"{not json", b"\xff\xfe{}"):
        now = int(time.time())
        header = sign(body.decode("latin-1"), SECRET, now)
        response = client.post(reverse("payments:stripe_webhook"), data=body, content_type="application/json",
                               HTTP_STRIPE_SIGNATURE=header)
        assert response.status_code == 400
