"""Stripe Connect against recorded answers: onboarding, idempotent transfers, resumable runs, webhooks."""

from __future__ import annotations

import datetime as dt
import json
import time
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
import stripe
import time_machine
from django.db.models import Sum
from django.urls import reverse

from payments import services, stripe_connect
from payments.models import Claim, LedgerEntry, PaymentDetails, PaymentRun, StripeEvent
from tests.payments.factories import paid_claim
from tests.payments.recorded_stripe import RecordedHTTPClient, client, event, sign, transfer

pytestmark = pytest.mark.django_db
D = Decimal
SECRET = "whsec_test_secret"


@pytest.fixture(autouse=True)
def _june_2025(settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_SECRET_KEY = "sk_test_recorded"
    with time_machine.travel(dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _stripe_ready(person, account="acct_1"):
    PaymentDetails.objects.update_or_create(person=person, defaults={
        "preference": PaymentDetails.Preference.STRIPE, "stripe_account_id": account, "stripe_ready": True})


def _stripe_run(finance) -> PaymentRun:
    run, _ = services.run_build(by=finance, method=PaymentRun.Method.STRIPE, payment_date=dt.date(2025, 6, 13))
    return run


def test_onboarding_creates_an_accounts_v2_recipient_and_an_account_link(leader, rates):
    http = RecordedHTTPClient([
        (200, {"id": "acct_new", "object": "v2.core.account", "livemode": False, "created": "2025-06-10T10:00:00Z"}),
        (200, {"object": "v2.core.account_link", "account": "acct_new", "url": "https://connect.stripe.com/d/setup/x",
               "created": "2025-06-10T10:00:00Z", "expires_at": "2025-06-10T10:05:00Z", "livemode": False}),
        (200, {"object": "v2.core.account_link", "account": "acct_new", "url": "https://connect.stripe.com/d/setup/y",
               "created": "2025-06-10T10:00:00Z", "expires_at": "2025-06-10T10:05:00Z", "livemode": False}),
    ])
    url = stripe_connect.onboarding_link(person=leader, client=client(http), refresh_url="https://portal/r",
                                         return_url="https://portal/done")
    assert url == "https://connect.stripe.com/d/setup/x"
    create, link = http.requests
    assert create["method"] == "post" and create["url"].endswith("/v2/core/accounts")
    body = json.loads(create["body"])
    assert body["configuration"]["recipient"]["capabilities"]["stripe_balance"]["stripe_transfers"] == {
        "requested": True}
    assert body["identity"] == {"country": "gb", "entity_type": "individual"}
    assert create["headers"]["Idempotency-Key"] == f"person-{leader.pk}-account"
    assert link["url"].endswith("/v2/core/account_links")
    assert json.loads(link["body"]) == {"account": "acct_new", "use_case": {
        "type": "account_onboarding",
        "account_onboarding": {"refresh_url": "https://portal/r", "return_url": "https://portal/done"}}}
    # a second link reuses the account
    stripe_connect.onboarding_link(person=leader, client=client(http), refresh_url="r", return_url="d")
    assert len(http.requests) == 3 and http.requests[2]["url"].endswith("/v2/core/account_links")


def test_refreshing_the_account_marks_it_ready_when_transfers_are_active(leader, rates):
    PaymentDetails.objects.create(person=leader, preference="stripe", stripe_account_id="acct_1")
    http = RecordedHTTPClient([(200, {"id": "acct_1", "object": "v2.core.account", "configuration": {"recipient": {
        "capabilities": {"stripe_balance": {"stripe_transfers": {"status": "active"}}}}}})])
    assert stripe_connect.refresh_account(person=leader, client=client(http)) is True
    assert "/v2/core/accounts/acct_1" in http.requests[0]["url"]


def test_a_run_resumes_after_a_timeout_and_pays_nobody_twice(leader, other_leader, manager, finance, rates):
    _stripe_ready(leader, "acct_1")
    _stripe_ready(other_leader, "acct_2")
    first = paid_claim(leader, manager, finance, ["2025-06-02"], parking="3.50")
    second = paid_claim(other_leader, manager, finance, ["2025-06-03"])
    run = _stripe_run(finance)
    assert set(run.claims.values_list("pk", flat=True)) == {first.pk, second.pk}
    http = RecordedHTTPClient([transfer("tr_1", first.pk, 4350),
                               stripe.APIConnectionError("Request timed out", should_retry=True)])
    with pytest.raises(stripe.APIConnectionError):
        stripe_connect.run_send(run=run, client=client(http))
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.SENDING
    # resumed: only the second claim is sent again, with the same key
    http.answers = [transfer("tr_2", second.pk, 4000, "acct_2")]
    assert stripe_connect.run_send(run=run, client=client(http)) == {"sent": 1, "refused": 0}
    assert [r["headers"]["Idempotency-Key"] for r in http.requests] == [
        f"claim-{first.pk}-transfer-1", f"claim-{second.pk}-transfer-1", f"claim-{second.pk}-transfer-1"]
    assert [r["url"].split("/v1/")[1] for r in http.requests] == ["transfers"] * 3
    sent = parse_qs(http.requests[0]["body"])
    assert sent["amount"] == ["4350"] and sent["currency"] == ["gbp"] and sent["destination"] == ["acct_1"]
    assert sent["metadata[claim]"] == [str(first.pk)]
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.SENT
    assert dict(Claim.objects.values_list("pk", "stripe_transfer_id")) == {first.pk: "tr_1", second.pk: "tr_2"}
    # sending again sends nothing
    assert stripe_connect.run_send(run=run, client=client(http)) == {"sent": 0, "refused": 0}
    assert len(http.requests) == 3


def test_the_library_retries_a_timeout_with_the_same_idempotency_key(leader, manager, finance, rates):
    _stripe_ready(leader)
    claim = paid_claim(leader, manager, finance, ["2025-06-02"])
    run = _stripe_run(finance)
    http = RecordedHTTPClient([stripe.APIConnectionError("Request timed out", should_retry=True),
                               transfer("tr_1", claim.pk, 4000)])
    stripe_connect.run_send(run=run, client=client(http, retries=1))
    keys = [r["headers"].get("Idempotency-Key") for r in http.requests]
    assert keys == [f"claim-{claim.pk}-transfer-1"] * 2


def _post(client, payload: str, header: str | None):
    extra = {"HTTP_STRIPE_SIGNATURE": header} if header is not None else {}
    return client.post(reverse("payments:stripe_webhook"), data=payload, content_type="application/json", **extra)


@pytest.fixture
def in_stripe_run(leader, manager, finance, rates):
    _stripe_ready(leader)
    claim = paid_claim(leader, manager, finance, ["2025-06-02"])
    run = _stripe_run(finance)
    stripe_connect.run_send(run=run, client=client(RecordedHTTPClient([transfer("tr_1", claim.pk, 4000)])))
    claim.refresh_from_db()
    return claim


def _transfer_obj(claim, reversed_: bool = False) -> dict:
    return {"id": "tr_1", "object": "transfer", "amount": 4000, "metadata": {"claim": str(claim.pk)},
            "reversed": reversed_, "created": int(time.time())}


@pytest.mark.parametrize("problem", ["bad signature", "no header", "old timestamp", "altered body"])
def test_webhooks_that_fail_verification_change_nothing_and_are_logged(problem, in_stripe_run, client, caplog):
    now = int(time.time())
    payload = event("evt_1", "transfer.created", _transfer_obj(in_stripe_run), now)
    header = sign(payload, SECRET, now)
    if problem == "bad signature":
        header = sign(payload, "whsec_wrong", now)
    elif problem == "no header":
        header = None
    elif problem == "old timestamp":
        header = sign(payload, SECRET, now - 301)
    elif problem == "altered body":
        payload = payload.replace('"amount": 4000', '"amount": 9000')
    response = _post(client, payload, header)
    assert response.status_code == 400
    in_stripe_run.refresh_from_db()
    assert in_stripe_run.status == Claim.Status.IN_RUN
    assert not StripeEvent.objects.exists()
    assert "stripe webhook refused" in caplog.text


def test_a_verified_transfer_created_event_pays_the_claim_once(in_stripe_run, client):
    now = int(time.time())
    payload = event("evt_1", "transfer.created", _transfer_obj(in_stripe_run), now)
    for _ in range(2):
        assert _post(client, payload, sign(payload, SECRET, now)).status_code == 200
    in_stripe_run.refresh_from_db()
    assert in_stripe_run.status == Claim.Status.PAID and in_stripe_run.paid_on == dt.date(2025, 6, 10)
    assert LedgerEntry.objects.filter(entry_type="paid").aggregate(t=Sum("amount"))["t"] == D("40.00")
    assert StripeEvent.objects.get().applied


def test_events_out_of_order_end_in_the_right_state(in_stripe_run, client):
    now = int(time.time())
    reversed_ = event("evt_2", "transfer.reversed", _transfer_obj(in_stripe_run, reversed_=True), now)
    created = event("evt_1", "transfer.created", _transfer_obj(in_stripe_run), now - 5)
    assert _post(client, reversed_, sign(reversed_, SECRET, now)).status_code == 200
    assert _post(client, created, sign(created, SECRET, now)).status_code == 200
    in_stripe_run.refresh_from_db()
    assert in_stripe_run.status == Claim.Status.FAILED
    assert not LedgerEntry.objects.filter(entry_type="paid").exists()
    assert StripeEvent.objects.count() == 2


def test_paid_then_reversed_leaves_nothing_paid_in_the_ledger(in_stripe_run, client):
    now = int(time.time())
    created = event("evt_1", "transfer.created", _transfer_obj(in_stripe_run), now)
    reversed_ = event("evt_2", "transfer.reversed", _transfer_obj(in_stripe_run, reversed_=True), now)
    _post(client, created, sign(created, SECRET, now))
    _post(client, reversed_, sign(reversed_, SECRET, now))
    in_stripe_run.refresh_from_db()
    assert in_stripe_run.status == Claim.Status.FAILED
    assert LedgerEntry.objects.filter(entry_type="paid").aggregate(t=Sum("amount"))["t"] == D("0.00")
