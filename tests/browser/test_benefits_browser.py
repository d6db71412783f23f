"""At 320 pixels: a carer on Universal Credit records both benefits (one with an unknown benefit week), sees a
claim checked under each, calmly stopped, and opens the statement for the Jobcentre or an adviser. Every page
passes axe and does not scroll sideways."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from coproduction.roles import Role
from payments import limits
from payments.loading import load_benefit_limits
from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory
from tests.payments.factories import RateFactory, activity, budget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def narrow_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


WIDE = """() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 321
    && !e.closest('[role=region]')).map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 40))"""


def _fits(page) -> None:
    """Nothing passes the right edge (wide tables scroll inside their own labelled region)."""
    wide = page.evaluate(WIDE)
    assert not wide, f"{page.url}: {wide[:5]}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_a_carer_on_universal_credit_records_both_and_sees_each_rule_at_320_pixels(narrow_page, live_server):
    load_benefit_limits()
    RateFactory(effective_from=dt.date(2024, 4, 1), amount=Decimal("20.00"))
    today = timezone.localdate()
    budget(limits.financial_year_of(today))
    leader = UserFactory(full_name="Rosie Tanner", roles=[Role.LEADER])
    activity(leader, (today - dt.timedelta(days=3)).isoformat(), "12")   # £240: over the Carer's Allowance limit
    client = Client()
    client.force_login(leader)
    page = narrow_page
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])

    page.goto("/payments/benefits/")
    _fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Add a benefit").click()
    page.get_by_label("Carer's Allowance").check()
    page.get_by_label("I do not know").first.check()
    _fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Save this benefit").click()
    page.get_by_role("button", name="Add a benefit").click()
    page.get_by_label("Universal Credit", exact=True).check()
    page.get_by_label("Which day of the month does your assessment period start?").fill("17")
    page.get_by_role("button", name="Save this benefit").click()
    text = " ".join(page.locator("main").inner_text().split())
    assert "not known (every seven-day window is checked)" in text and "day 17 of the month" in text
    _fits(page)

    page.goto("/payments/claims/new/")
    page.get_by_role("button", name="Start a claim").click()
    page.get_by_label("Meeting attendance").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="This claim would go past a limit, so we have not sent it").wait_for()
    text = " ".join(page.locator("main").inner_text().split())
    assert "You told us about 2 benefits" in text and "the claim stops on the strictest: Carer's Allowance" in text
    assert "so we checked every seven-day window that contains a payment (the safe side)" in text
    assert page.locator(".govuk-error-summary").count() == 0
    _fits(page)
    assert_accessible(page)

    page.goto(f"/payments/people/{leader.pk}/benefits-statement/")
    page.get_by_role("heading", name="Statement for the Jobcentre or an adviser").wait_for()
    _fits(page)
    assert_accessible(page)
