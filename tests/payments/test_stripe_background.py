"""A Stripe run is sent by a background task, shown claim by claim on a page that survives a reload; a
refused or reversed transfer is paid again from the page under a new idempotency key naming the attempt.

Stripe here is a local HTTP server answering with recorded JSON (`STRIPE_API_BASE`): the real library builds,
sends and parses every request, and the test reads each request's idempotency key.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.urls import reverse

from coproduction import background
from payments import services, stripe_connect
from payments.models import Claim, PaymentDetails, PaymentRun
from tests.payments.factories import paid_claim
from tests.payments.recorded_stripe import event, sign

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "whsec_test_secret"
PORT = 8105 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0) % 4  # one per worker


class FakeStripe(BaseHTTPRequestHandler):
    answers: list[tuple[int, dict]] = []
    requests: list[dict] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        type(self).requests.append({"path": self.path, "key": self.headers.get("Idempotency-Key"), "body": body})
        status, payload = type(self).answers.pop(0) if type(self).answers else (500, {"error": {"type": "api_error"}})
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Request-Id", f"req_{len(type(self).requests)}")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def stripe_server(settings):
    FakeStripe.answers, FakeStripe.requests = [], []
    server = ThreadingHTTPServer(("127.0.0.1", PORT), FakeStripe)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.STRIPE_SECRET_KEY = "sk_test_recorded"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{PORT}"
    yield FakeStripe
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _june_2025():
    with time_machine.travel(dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC), tick=True):
        yield


def transfer(transfer_id, claim, destination="acct_1"):
    return 200, {"id": transfer_id, "object": "transfer", "amount": int(claim.total * 100), "currency": "gbp",
                 "destination": destination, "metadata": {"claim": str(claim.pk)}, "reversed": False,
                 "created": int(time.time()), "livemode": False}


REFUSED = (400, {"error": {"type": "invalid_request_error", "code": "account_invalid",
                           "message": "The destination account is not ready for transfers."}})


def ready(person, account):
    PaymentDetails.objects.update_or_create(person=person, defaults={
        "preference": PaymentDetails.Preference.STRIPE, "stripe_account_id": account, "stripe_ready": True})


def progress(page: str) -> dict[str, str]:
    block = page[page.index('id="run-progress"'):page.index("</dl>", page.index('id="run-progress"'))]
    return dict(re.findall(r'__key">([^<]+)</dt><dd class="govuk-summary-list__value">(\d+)<', block))


@pytest.fixture
def two_claim_run(leader, other_leader, manager, finance, rates):
    ready(leader, "acct_1")
    ready(other_leader, "acct_2")
    first = paid_claim(leader, manager, finance, ["2025-06-02"])
    second = paid_claim(other_leader, manager, finance, ["2025-06-03"])
    run, _ = services.run_build(by=finance, method=PaymentRun.Method.STRIPE, payment_date=dt.date(2025, 6, 13))
    return run, first, second


def test_the_run_is_sent_in_the_background_and_the_page_shows_each_claim(
        stripe_server, two_claim_run, finance, client_for):
    run, first, second = two_claim_run
    stripe_server.answers = [transfer("tr_1", first), transfer("tr_2", second, "acct_2")]
    client = client_for(finance)
    url = reverse("payments:run_detail", args=[run.pk])

    response = client.post(url, {"action": "send_stripe", "confirmed": "yes"}, follow=True)

    page = response.content.decode()
    assert "The payments are being sent in the background" in page
    assert progress(page) == {"Waiting to send": "0", "Sent to Stripe, waiting for confirmation": "2",
                              "Paid": "0", "Refused by Stripe": "0", "Failed or reversed": "0"}
    assert "Transfer tr_1" in page and "Transfer tr_2" in page
    assert [r["key"] for r in stripe_server.requests] == [f"claim-{first.pk}-transfer-1",
                                                          f"claim-{second.pk}-transfer-1"]
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.SENT and run.lease_until is None
    assert progress(client.get(url).content.decode())["Sent to Stripe, waiting for confirmation"] == "2"


def test_a_refused_transfer_is_shown_and_paid_again_from_the_page_as_a_new_attempt(
        stripe_server, two_claim_run, finance, client_for):
    run, first, second = two_claim_run
    stripe_server.answers = [transfer("tr_1", first), REFUSED]
    client = client_for(finance)
    url = reverse("payments:run_detail", args=[run.pk])

    page = client.post(url, {"action": "send_stripe", "confirmed": "yes"}, follow=True).content.decode()

    assert progress(page)["Refused by Stripe"] == "1"
    assert "Stripe refused it: The destination account is not ready for transfers." in page
    assert "Pay again" in page
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.SENDING  # not done: one claim still to pay

    stripe_server.answers = [transfer("tr_3", second, "acct_2")]
    asked = client.get(url, {"confirm": "retry_transfer", "claim": second.pk}).content.decode()  # "Pay again"
    assert f"Pay {second.person.full_name} again?" in asked and "No, go back" in asked
    assert "attempt 2" in asked and len(stripe_server.requests) == 2  # asking sends nothing
    page = client.post(url, {"action": "retry_transfer", "claim": second.pk, "confirmed": "yes"},
                       follow=True).content.decode()

    assert "This payment is being sent again, as a new attempt." in page
    assert [r["key"] for r in stripe_server.requests] == [
        f"claim-{first.pk}-transfer-1", f"claim-{second.pk}-transfer-1", f"claim-{second.pk}-transfer-2"]
    second.refresh_from_db()
    assert second.stripe_transfer_id == "tr_3" and second.transfer_attempt == 2 and second.transfer_error == ""
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.SENT


def test_a_reversed_transfer_is_paid_again_from_the_page_with_a_key_naming_the_attempt(
        stripe_server, two_claim_run, finance, client, client_for):
    run, first, second = two_claim_run
    stripe_server.answers = [transfer("tr_1", first), transfer("tr_2", second, "acct_2")]
    finance_client = client_for(finance)
    url = reverse("payments:run_detail", args=[run.pk])
    finance_client.post(url, {"action": "send_stripe", "confirmed": "yes"})
    now = int(time.time())
    for event_id, kind, reversed_ in (("evt_1", "transfer.created", False), ("evt_2", "transfer.reversed", True)):
        payload = event(event_id, kind, {"id": "tr_1", "object": "transfer", "amount": 4000, "reversed": reversed_,
                                         "metadata": {"claim": str(first.pk)}, "created": now}, now)
        client.post(reverse("payments:stripe_webhook"), data=payload, content_type="application/json",
                    HTTP_STRIPE_SIGNATURE=sign(payload, SECRET, now))
    first.refresh_from_db()
    assert first.status == Claim.Status.FAILED
    assert progress(finance_client.get(url).content.decode())["Failed or reversed"] == "1"

    stripe_server.answers = [transfer("tr_9", first)]
    finance_client.post(url, {"action": "retry_transfer", "claim": first.pk, "confirmed": "yes"})

    first.refresh_from_db()
    assert first.status == Claim.Status.IN_RUN and first.stripe_transfer_id == "tr_9"
    assert stripe_server.requests[-1]["key"] == f"claim-{first.pk}-transfer-2"
    assert "metadata[attempt]=2" in stripe_server.requests[-1]["body"]


def test_stripe_not_answering_leaves_the_run_to_resume_with_the_same_keys(stripe_server, two_claim_run, finance):
    run, first, second = two_claim_run
    stripe_server.answers = [transfer("tr_1", first)]  # then 500s: Stripe is down

    stripe_connect.run_send_start(run=run, by=finance)

    run.refresh_from_db()
    assert run.status == PaymentRun.Status.SENDING and run.lease_until is None
    second.refresh_from_db()
    assert second.stripe_transfer_id == "" and second.transfer_error == ""  # maybe paid: no new attempt
    stripe_server.answers = [transfer("tr_2", second, "acct_2")]

    background.recover()  # the sweep resumes it

    run.refresh_from_db()
    assert run.status == PaymentRun.Status.SENT
    keys = [r["key"] for r in stripe_server.requests]
    assert set(keys[1:]) == {f"claim-{second.pk}-transfer-1"}  # every try for the second claim: one key


def test_the_run_counts_every_claim_in_exactly_one_state(two_claim_run):
    run, first, second = two_claim_run
    states = [  # (status, transfer id, error) -> the state finance sees
        ((Claim.Status.IN_RUN, "", ""), "waiting"), ((Claim.Status.IN_RUN, "tr_1", ""), "sent"),
        ((Claim.Status.IN_RUN, "", "card declined"), "refused"), ((Claim.Status.IN_RUN, "tr_2", "reversed"), "refused"),
        ((Claim.Status.PAID, "tr_3", ""), "paid"), ((Claim.Status.RECONCILED, "tr_4", ""), "paid"),
        ((Claim.Status.FAILED, "", "no account"), "failed"),
    ]
    for (a_state, a_seen), (b_state, b_seen) in zip(states, states[1:] + states[:1], strict=True):
        for claim, (status, transfer, error) in ((first, a_state), (second, b_state)):
            Claim.objects.filter(pk=claim.pk).update(status=status, stripe_transfer_id=transfer, transfer_error=error)
        expected = {"waiting": 0, "sent": 0, "paid": 0, "refused": 0, "failed": 0}
        expected[a_seen] += 1
        expected[b_seen] += 1
        assert stripe_connect.run_progress(run) == expected, (a_state, b_state)
        # the run's page: the same states, and the run's totals, from its one compiled query
        page_counts = stripe_connect.run_counts(run)
        statuses = [a_state[0], b_state[0]]
        assert page_counts == {"total": 2, "in_run": statuses.count(Claim.Status.IN_RUN),
                               "paid_now": statuses.count(Claim.Status.PAID),
                               **{f"progress_{name}": n for name, n in expected.items()}}, (a_state, b_state)


def test_a_run_without_claims_counts_none(two_claim_run):
    run, _first, _second = two_claim_run
    Claim.objects.filter(payment_run=run).update(payment_run=None)

    assert set(stripe_connect.run_counts(run).values()) == {0}
