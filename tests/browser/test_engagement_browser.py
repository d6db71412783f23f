"""The listening trail end to end in a real browser: a leader logs feedback from an event, the manager links
it to a decision, and a board member opens the trail and downloads the PDF board paper. Every page passes axe."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from coproduction.roles import Role
from engagement.models import FeedbackItem
from tests.browser.conftest import assert_accessible
from tests.engagement.factories import DecisionFactory, EventFactory, MeetingFactory, theme
from tests.factories import LocalityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user) -> None:
    """What force_login does, as a session cookie in the browser."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key,
                               "url": live_server.url}])


def test_from_what_a_leader_heard_to_the_board_paper(page, live_server, tmp_path):
    leader = UserFactory(full_name="Jo Bennett", roles=[Role.LEADER])
    manager = UserFactory(full_name="Sam Carter", roles=[Role.MANAGER], totp=True)
    board_member = UserFactory(full_name="Helen Price", roles=[Role.BOARD])
    theme("Access and waiting")  # seeded by a migration; an earlier browser test may have flushed it
    event = EventFactory(title="Drop-in at Frome library", locality=LocalityFactory(name="Mendip"), logged_by=leader)
    decision = DecisionFactory(title="Fund evening clinics", meeting=MeetingFactory(title="Alliance Board, June"))

    # A leader logs what someone said at the event; the form catches a phone number and removes it.
    sign_in(page, live_server, leader)
    page.goto(f"/listening/events/{event.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Add what people said").click()
    page.get_by_label("What was said").fill("Evening appointments would let me keep my job. Ring me on 07700 900123.")
    page.get_by_label("Can be quoted publicly").check()
    page.get_by_label("Access and waiting").check()
    page.get_by_role("button", name="Save feedback").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Remove them for me").click()
    assert "[phone]" in page.get_by_label("What was said").input_value()
    page.get_by_role("button", name="Save feedback").click()
    page.get_by_role("heading", name="What was said").wait_for()
    assert_accessible(page)
    item = FeedbackItem.objects.get()
    assert item.text == "Evening appointments would let me keep my job. Ring me on [phone]."

    # The manager links it to the decision it shaped.
    sign_in(page, live_server, manager)
    page.goto(f"/listening/feedback/{item.pk}/")
    page.get_by_role("link", name="Link to a decision").click()
    assert_accessible(page)
    page.get_by_label("Decision", exact=True).select_option(str(decision.pk))
    page.get_by_label("How did the feedback shape the decision?").fill("People who work need evening clinics.")
    page.get_by_role("button", name="Link to the decision").click()
    page.get_by_role("cell", name="People who work need evening clinics.").wait_for()
    assert_accessible(page)
    item.refresh_from_db()
    assert item.status == FeedbackItem.Status.INFORMED

    # A board member reads the trail, opens the decision, and downloads the board paper.
    sign_in(page, live_server, board_member)
    page.goto("/listening/trail/")
    page.get_by_role("heading", name="The feedback trail").wait_for()
    assert page.get_by_role("img", name="Feedback by theme over time").count() == 1
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the board paper (PDF)").click()
    path = tmp_path / "paper.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    page.get_by_role("link", name="Fund evening clinics").click()
    page.get_by_role("heading", name="Fund evening clinics").wait_for()
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/listening/you-said-we-did/")
    assert_accessible(page)
