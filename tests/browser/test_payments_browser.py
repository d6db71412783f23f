"""From a phone: a leader claims a fee and mileage and sees the limit message; the manager and finance
approve; finance builds a payment run and downloads the bank file. Every page passes axe."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from coproduction.roles import Role
from payments import limits, selectors
from payments.loading import load_benefit_limits
from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory
from tests.payments.factories import RateFactory, activity, bank, benefit_rule, budget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, user, live_server) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])


def test_claim_approve_authorise_and_pay_by_bank_file(phone_page, live_server):
    load_benefit_limits()
    RateFactory(effective_from=dt.date(2024, 4, 1), amount=Decimal("20.00"))
    today = timezone.localdate()
    budget(limits.financial_year_of(today))
    leader = UserFactory(full_name="Jo Bennett", roles=[Role.LEADER])
    manager = UserFactory(full_name="Sam Carter", roles=[Role.MANAGER], totp=True)
    finance = UserFactory(full_name="Priya Shah", roles=[Role.FINANCE], totp=True)
    benefit_rule(leader, "carers")
    bank(leader)
    worked = today - dt.timedelta(days=7)
    activity(leader, worked.isoformat(), "3")
    limit = limits.value_on(selectors.limit_values(), "carers_allowance_earnings_limit_weekly", worked).amount

    page = phone_page
    _sign_in(page, leader, live_server)
    page.goto("/payments/")
    assert_accessible(page)
    page.get_by_role("button", name="Make a claim").click()
    page.get_by_role("heading", name="What are you claiming for?").wait_for()
    assert_accessible(page)
    page.get_by_label("Meeting attendance").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Your expenses").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Add an expense").click()
    page.get_by_label("Mileage").check()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Date of the journey or cost").fill(f"{worked.day}/{worked.month}/{worked.year}")
    page.get_by_label("How many miles?").fill("10")
    page.get_by_label("Car or van").check()
    assert_accessible(page)
    page.get_by_role("button", name="Add this expense").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your claim").wait_for()
    text = " ".join(page.locator("main").inner_text().split())
    assert f"This brings your paid work this week to £60.00 of your £{limit:.2f} limit" in text
    assert_accessible(page)
    page.get_by_role("button", name="Send my claim").click()
    page.get_by_text("Waiting for approval").first.wait_for()
    assert_accessible(page)
    claim_url = page.url

    _sign_in(page, manager, live_server)
    page.goto(claim_url)
    assert_accessible(page)
    page.get_by_label("Approve", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    page.get_by_role("heading", name="Approve claim").wait_for()  # it asks first
    assert_accessible(page)
    page.get_by_role("button", name="Yes, approve it").click()
    page.get_by_role("heading", name="Claims to check").wait_for()

    _sign_in(page, finance, live_server)
    page.goto(claim_url)
    page.get_by_label("Authorise for payment").check()
    page.get_by_role("button", name="Save decision").click()
    page.get_by_role("button", name="Yes, authorise it for payment").click()
    page.get_by_role("heading", name="Claims to check").wait_for()
    page.goto("/payments/runs/")
    assert_accessible(page)
    page.get_by_label("Bank bulk-payment file").check()
    pay = today + dt.timedelta(days=3)
    page.get_by_label("Payment date").fill(f"{pay.day}/{pay.month}/{pay.year}")
    page.get_by_role("button", name="Build the run").click()
    page.get_by_role("heading", name="Payment run").wait_for()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the bank file").click()
    with open(download_info.value.path(), encoding="utf-8") as handle:
        content = handle.read().splitlines()
    assert content[0] == "Sort code,Account number,Account name,Amount,Reference"
    assert content[1].startswith("309950,12345678,JO BENNETT,64.50,EBE")
    page.reload()
    assert "File made / payments sent" in page.locator("dl").inner_text()

    page.goto("/payments/budgets/")
    assert_accessible(page)


def test_a_claim_over_a_limit_is_stopped_with_plain_options(phone_page, live_server):
    load_benefit_limits()
    RateFactory(effective_from=dt.date(2024, 4, 1), amount=Decimal("20.00"))
    today = timezone.localdate()
    budget(limits.financial_year_of(today))
    leader = UserFactory(full_name="Aisha Rahman", roles=[Role.LEADER])
    benefit_rule(leader, "esa_lower")
    activity(leader, (today - dt.timedelta(days=7)).isoformat(), "2")

    page = phone_page
    _sign_in(page, leader, live_server)
    page.goto("/payments/")
    page.get_by_role("button", name="Make a claim").click()
    page.get_by_label("Meeting attendance").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="This claim would go past a limit, so we have not sent it").wait_for()
    assert "of your £20.00 limit" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Send my claim").count() == 0
    assert_accessible(page)
    page.get_by_label("Claim part of the fee, up to the limit").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send my claim").click()
    page.get_by_text("Waiting for approval").first.wait_for()
    assert "£20.00" in page.locator("main").inner_text()
    assert_accessible(page)
