"""An applicant applies through the public form in a real browser; the manager moves the application to
"accepted". Every page on both journeys passes an automated accessibility check (axe-core)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from coproduction.models import User
from recruitment.models import Application
from tests.browser.conftest import assert_accessible
from tests.recruitment.factories import open_vacancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_as(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{
        "name": "sessionid", "value": client.cookies["sessionid"].value,
        "domain": urlparse(live_server.url).hostname, "path": "/",
    }])


def test_an_applicant_applies_and_the_manager_accepts_them(page, live_server, manager):
    vacancy = open_vacancy()

    # The applicant, without signing in.
    page.goto("/join/")
    assert_accessible(page)
    page.get_by_role("link", name="Expert by Experience leader").click()
    page.get_by_role("heading", name="Expert by Experience leader").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Apply for this role").click()

    page.get_by_label("What is your name?").fill("Chloe Martin")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("Email address").fill("chloe@example.net")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("A phone call instead of a video call").check()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Why are you interested in this role?").fill("I want services to listen to people.")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("A peer support group").check()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("I agree that the alliance may store the details I have given").check()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Check your answers before sending your application").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Send my application").click()
    page.get_by_role("heading", name="Application sent").wait_for()
    assert_accessible(page)

    link = re.search(r"https?://[^/\s]+(/join/status/\S+/)", mail.outbox[0].body).group(1)
    page.goto(link)
    page.get_by_role("heading", name="Received").wait_for()
    assert_accessible(page)
    application = Application.objects.get(email="chloe@example.net")

    # The co-production manager.
    sign_in_as(page, live_server, manager)
    page.goto("/recruitment/")
    assert_accessible(page)
    page.get_by_role("link", name="Chloe Martin").click()
    page.get_by_role("heading", name="Chloe Martin").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Arrange a conversation").click()
    assert_accessible(page)
    page.get_by_label("Date of the conversation").fill((timezone.localdate() + dt.timedelta(days=30)).isoformat())
    page.get_by_label("Time").fill("10:30")
    page.get_by_label("How and where").fill("A phone call from Sam.")
    page.get_by_role("button", name="Arrange").click()
    page.get_by_text("Conversation arranged").first.wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Offer a place").click()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, offer a place and send the email").click()

    page.get_by_role("link", name="Record that they accepted").click()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, create their account and start onboarding").click()
    page.get_by_role("button", name="Send the invitation email again").wait_for()
    assert_accessible(page)

    application.refresh_from_db()
    assert application.stage == Application.Stage.ACCEPTED
    assert User.objects.filter(email="chloe@example.net").exists()
    assert mail.outbox[-1].subject == "Welcome: set your password for the co-production portal"
    assert vacancy.pk == application.vacancy_id
