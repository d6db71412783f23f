"""A demo leader signs in through a real browser; the pages pass an automated accessibility check."""

from __future__ import annotations

import pytest

from coproduction.management.commands.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible
from tests.factories import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_demo_leader_signs_in_and_the_pages_are_accessible(page):
    load_demo(apps=["coproduction"])  # the demo's people and groups are enough to sign in

    page.goto("/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    assert_accessible(page)

    page.get_by_label("Email").fill("jo.bennett@demo.example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Hello, Jo").wait_for()
    assert page.locator(".portal-role").inner_text() == "Expert by Experience leader"
    assert page.get_by_role("link", name="People").count() == 0
    assert_accessible(page)


def test_a_wrong_password_shows_an_accessible_error_summary(page):
    load_demo(apps=["coproduction"])  # the demo's people and groups are enough to sign in

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("jo.bennett@demo.example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    page.locator(".govuk-error-summary").wait_for()
    assert_accessible(page)


def test_the_home_page_works_on_a_phone(phone_page):
    load_demo(apps=["coproduction"])  # the demo's people and groups are enough to sign in

    phone_page.goto("/accounts/login/")
    phone_page.get_by_label("Email").fill("rosie.tanner@demo.example.org")
    phone_page.get_by_label("Password").fill(DEMO_PASSWORD)
    phone_page.get_by_role("button", name="Sign in").click()
    phone_page.get_by_role("heading", name="Hello, Rosie").wait_for()
    assert_accessible(phone_page)
