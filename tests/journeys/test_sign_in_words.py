"""Signing in, as a newcomer meets it: a code that turns over while it is typed still works, and the sign-in
and security pages speak in sentence case, like the rest of the portal."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.factories import with_totp

pytestmark = pytest.mark.django_db
STEP_START = dt.datetime(2026, 3, 10, 10, 0, 30, tzinfo=dt.UTC)  # a code has just turned over


def _code(user, steps_back: int) -> str:
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    counter = int(STEP_START.timestamp()) // 30 - steps_back
    return format_hotp_value(hotp_value(get_adapter().decrypt(stored), counter))


def _signed_in_with_password(user) -> Client:
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": "a-long-test-password"})
    return client


@pytest.mark.parametrize(("steps_back", "accepted"), [(0, True), (1, True), (2, False)])
def test_a_code_that_turned_over_while_it_was_typed_still_works(manager, steps_back, accepted):
    with_totp(manager)
    manager.set_password("a-long-test-password")
    manager.save()
    with time_machine.travel(STEP_START + dt.timedelta(seconds=2), tick=False):
        client = _signed_in_with_password(manager)
        client.post(reverse("mfa_authenticate"), {"code": _code(manager, steps_back)})
        assert (SESSION_KEY in client.session) is accepted


TITLE_CASE = ["Sign In", "Sign Out", "Authenticator App", "Recovery Codes", "Two-Factor Authentication",
              "Change Password", "Remember Me", "Sign Out Other Sessions", "IP Address", "Started At"]


@pytest.mark.parametrize("name", ["account_login", "mfa_index", "account_change_password", "usersessions_list",
                                  "account_reset_password"])
def test_sign_in_and_security_pages_speak_in_sentence_case(name, manager, client_for):
    with_totp(manager)
    client = Client() if name in {"account_login", "account_reset_password"} else client_for(manager)
    response = client.get(reverse(name), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert [words for words in TITLE_CASE if words in page] == []
