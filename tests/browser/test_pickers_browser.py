"""The pickers in a real browser: typing in the search box narrows the choices without a page load, what was
ticked stays ticked, and the page passes axe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coproduction.roles import Role
from meetings.models import Decision
from tests.browser.conftest import assert_accessible
from tests.browser.test_engagement_browser import sign_in
from tests.engagement.factories import FeedbackFactory, MeetingFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _decisions(n: int) -> None:
    meeting = MeetingFactory()
    today = timezone.localdate()
    Decision.objects.bulk_create([Decision(meeting=meeting, title=f"Fund evening clinics {i}", decision="Agreed.",
                                           decided_on=today - dt.timedelta(days=i)) for i in range(n)])
    Decision.objects.create(meeting=meeting, title="Peer support in Frome", decision="Agreed.",
                            decided_on=today - dt.timedelta(days=400))


def test_typing_narrows_the_decisions_to_link(page, live_server) -> None:  # type: ignore[no-untyped-def]
    manager = UserFactory(roles=[Role.MANAGER], totp=True)
    item = FeedbackFactory()
    _decisions(40)
    sign_in(page, live_server, manager)
    page.goto(f"/listening/feedback/{item.pk}/link/")
    options = page.locator('select[name="decision"] option')
    assert options.count() == 26  # "Choose a decision" and the 25 latest
    assert page.locator('select[name="decision"] option', has_text="Peer support").count() == 0
    page.fill("#find_decision", "peer support")
    expect(options).to_have_count(2)  # waits (the page's CSP allows no eval, so no wait_for_function)
    assert page.locator('select[name="decision"] option', has_text="Peer support in Frome").count() == 1
    assert "find_decision=peer+support" in page.url  # no page load, but the address can be shared
    assert_accessible(page)


def test_ticked_decisions_stay_while_searching(page, live_server) -> None:  # type: ignore[no-untyped-def]
    manager = UserFactory(roles=[Role.MANAGER], totp=True)
    _decisions(40)
    sign_in(page, live_server, manager)
    page.goto("/listening/updates/new/")
    page.locator('input[name="decisions"]').first.check()
    ticked = page.locator('input[name="decisions"]').first.get_attribute("value")
    page.fill("#find_decision", "peer support")
    expect(page.locator('input[name="decisions"]')).to_have_count(2)
    values = page.locator('input[name="decisions"]').evaluate_all("boxes => boxes.map(b => [b.value, b.checked])")
    assert [ticked, True] in values and len(values) == 2
    assert_accessible(page)
