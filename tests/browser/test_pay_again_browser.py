"""Finance pays again a transfer Stripe refused, on a 320-pixel-wide phone: "Pay again" opens a page that says
who is paid, how much and which attempt; "No, go back" changes nothing; "Yes" sends a new attempt to Stripe
(here a local server answering with recorded JSON) under a key naming the attempt. Every page: axe finds
nothing, no sideways scroll, no console errors."""

from __future__ import annotations

import datetime as dt
import threading
from http.server import ThreadingHTTPServer
from urllib.parse import urlparse

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from payments import services
from payments.models import Claim, PaymentDetails, PaymentRun
from tests.browser.conftest import assert_accessible
from tests.payments.conftest import rates  # noqa: F401 - fixture
from tests.payments.factories import paid_claim
from tests.payments.test_stripe_background import FakeStripe, transfer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PORT = 8211  # this helper's own port


@pytest.fixture
def stripe_here(settings):
    FakeStripe.answers, FakeStripe.requests = [], []
    server = ThreadingHTTPServer(("127.0.0.1", PORT), FakeStripe)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_recorded", "whsec_test_secret"
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{PORT}"
    yield FakeStripe
    server.shutdown()
    server.server_close()


@pytest.mark.usefixtures("rates")
def test_finance_pays_a_refused_transfer_again_from_a_phone(browser, live_server, stripe_here, leader, manager,
                                                            finance):
    with time_machine.travel(dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC), tick=True):
        PaymentDetails.objects.update_or_create(person=leader, defaults={
            "preference": PaymentDetails.Preference.STRIPE, "stripe_account_id": "acct_1", "stripe_ready": True})
        claim = paid_claim(leader, manager, finance, ["2025-06-02"])
        run, _ = services.run_build(by=finance, method=PaymentRun.Method.STRIPE, payment_date=dt.date(2025, 6, 13))
        # Stripe refused the first attempt.
        Claim.objects.filter(pk=claim.pk).update(transfer_error="Stripe refused it: the account is not ready.")
        PaymentRun.objects.filter(pk=run.pk).update(status=PaymentRun.Status.SENDING)
        context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 800},
                                      is_mobile=True, has_touch=True)
        page, errors = context.new_page(), []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        client = Client()
        client.force_login(finance)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                              "domain": urlparse(live_server.url).hostname, "path": "/"}])

        def fits() -> None:
            page.wait_for_load_state()
            assert_accessible(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{page.url} scrolls sideways at 320px ({width}px wide)"
            assert not errors, errors

        page.goto(reverse("payments:run_detail", args=[run.pk]))
        fits()
        page.get_by_role("button", name=f"Pay again {claim.reference}").click()
        page.get_by_role("heading", name="Pay Jo Bennett again?").wait_for()
        fits()
        words = " ".join(page.locator("main").inner_text().split())
        assert f"Claim {claim.reference}: £40.00 to Jo Bennett through Stripe." in words
        assert "The last try did not pay: Stripe refused it: the account is not ready." in words
        assert "This is attempt 2." in words

        page.get_by_role("link", name="No, go back").click()
        page.get_by_role("heading", name=f"Payment run {run.pk}").wait_for()
        fits()
        assert stripe_here.requests == []  # going back sent nothing
        assert Claim.objects.get(pk=claim.pk).transfer_attempt == 1

        stripe_here.answers = [transfer("tr_2", claim)]
        page.get_by_role("button", name=f"Pay again {claim.reference}").click()
        page.get_by_role("button", name="Yes, pay £40.00 again").click()
        page.get_by_text("This payment is being sent again, as a new attempt.").wait_for()
        fits()
        context.close()

    assert [request["key"] for request in stripe_here.requests] == [f"claim-{claim.pk}-transfer-2"]
    claim.refresh_from_db()
    assert (claim.transfer_attempt, claim.stripe_transfer_id, claim.transfer_error) == (2, "tr_2", "")
