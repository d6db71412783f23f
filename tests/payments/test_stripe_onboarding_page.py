"""A leader presses "Set up Stripe" on their payment details page: the portal creates their Stripe account
(once), saves its id and sends them to Stripe's onboarding link. Stripe here is a local HTTP server answering
with recorded JSON (`STRIPE_API_BASE`), so the real stripe library builds, sends and parses every request and
nothing reaches the network."""

from __future__ import annotations

import json
import threading
from http.server import ThreadingHTTPServer

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from payments.models import PaymentDetails
from tests.payments.test_stripe_background import FakeStripe

pytestmark = pytest.mark.django_db

ACCOUNT = (200, {"id": "acct_new", "object": "v2.core.account", "livemode": False,
                 "created": "2025-06-10T10:00:00Z"})


def _link(url: str) -> tuple[int, dict]:
    return 200, {"object": "v2.core.account_link", "account": "acct_new", "url": url,
                 "created": "2025-06-10T10:00:00Z", "expires_at": "2025-06-10T10:05:00Z", "livemode": False}


class RecordedStripe(FakeStripe):
    answers: list[tuple[int, dict]] = []
    requests: list[dict] = []


@pytest.fixture
def stripe_server(settings):
    RecordedStripe.answers, RecordedStripe.requests = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordedStripe)  # a port the system says is free
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.STRIPE_SECRET_KEY = "sk_test_recorded"
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{server.server_address[1]}"
    yield RecordedStripe
    server.shutdown()
    server.server_close()


def test_the_leader_starts_stripe_onboarding_and_their_account_is_saved(stripe_server, leader, client_for):
    stripe_server.answers = [ACCOUNT, _link("https://connect.stripe.com/d/setup/first"),
                             _link("https://connect.stripe.com/d/setup/again")]
    client = client_for(leader)

    response = client.post(reverse("payments:stripe_onboard"))

    assert response.status_code == 302 and response["Location"] == "https://connect.stripe.com/d/setup/first"
    assert PaymentDetails.objects.get(person=leader).stripe_account_id == "acct_new"
    create, link = stripe_server.requests
    assert create["path"] == "/v2/core/accounts" and create["key"] == f"person-{leader.pk}-account"
    assert json.loads(create["body"])["contact_email"] == leader.email
    assert link["path"] == "/v2/core/account_links"
    onboarding = json.loads(link["body"])["use_case"]["account_onboarding"]
    assert onboarding == {"refresh_url": "http://testserver" + reverse("payments:payment_details"),
                          "return_url": "http://testserver" + reverse("payments:stripe_return")}

    # Pressing it again (the link expired): a new link to the same account, no second account.
    again = client.post(reverse("payments:stripe_onboard"))
    assert again["Location"] == "https://connect.stripe.com/d/setup/again"
    assert [request["path"] for request in stripe_server.requests[2:]] == ["/v2/core/account_links"]
    assert json.loads(stripe_server.requests[2]["body"])["account"] == "acct_new"


def test_when_stripe_does_not_answer_nothing_changes_and_the_leader_is_told(stripe_server, leader, client_for):
    stripe_server.answers = [(500, {"error": {"type": "api_error", "message": "Stripe is down."}})] * 3
    response = client_for(leader).post(reverse("payments:stripe_onboard"))
    assert response.status_code == 302 and response["Location"] == reverse("payments:payment_details")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "We could not reach Stripe just now. Nothing has changed; please try later."]
    assert not PaymentDetails.objects.filter(person=leader).exclude(stripe_account_id="").exists()


def test_only_a_leader_may_start_it(stripe_server, manager, client_for):
    assert client_for(manager).post(reverse("payments:stripe_onboard")).status_code == 403
    assert stripe_server.requests == []
