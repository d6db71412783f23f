"""Sign-in throttling that an attacker cannot aim at others.

Behind the documented proxy every request comes from the proxy's address, so each test sets
TRUSTED_PROXY_COUNT=1 and gives each client its own X-Forwarded-For address, as the proxy would.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from coproduction.throttle import LIMITS
from tests.factories import PASSWORD, UserFactory
from tests.security.test_sign_in_security import current_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_behind_the_proxy")]
PROXY = "10.0.0.2"
ATTACKER, OWNER, NEIGHBOUR = "203.0.113.9", "198.51.100.7", "192.0.2.44"


@pytest.fixture
def _behind_the_proxy():
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        yield


def client_at(address: str) -> Client:
    """A browser at `address`, seen through the proxy."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def emailed_code() -> str:
    """The one-time sign-in code in the last email sent."""
    return re.search(r"^\s*([A-Z0-9-]{6,})\s*$", mail.outbox[-1].body, re.MULTILINE)[1]


def limit(action: str) -> int:
    return int(LIMITS[action].split("/")[0])


def test_the_client_address_is_read_through_the_proxy_so_one_person_does_not_block_everyone(leader, other_leader):
    attacker = client_at(ATTACKER)
    accounts = [UserFactory().email for _ in range(limit("password_client"))]
    for email in accounts:
        sign_in(attacker, email, "wrong-password")

    sign_in(attacker, leader.email)
    assert SESSION_KEY not in attacker.session  # that client must wait, even with a right password
    owner = client_at(OWNER)
    sign_in(owner, leader.email)
    assert SESSION_KEY in owner.session  # everyone else behind the same proxy signs in


def test_one_clients_failures_on_one_account_never_block_another_account_or_its_owner(leader, other_leader):
    attacker = client_at(ATTACKER)
    for _ in range(10):
        sign_in(attacker, leader.email, "wrong-password")
    sign_in(attacker, leader.email)
    assert SESSION_KEY not in attacker.session  # this account from this client is throttled

    sign_in(attacker, other_leader.email)  # the same client, another account
    assert SESSION_KEY in attacker.session
    owner = client_at(OWNER)
    sign_in(owner, leader.email)  # the owner, from their own client
    assert SESSION_KEY in owner.session


def test_guesses_from_many_clients_on_one_account_are_limited_and_the_owner_still_gets_in_by_email_code(
        leader, other_leader):
    for number in range(limit("password_account")):
        sign_in(client_at(f"203.0.113.{number + 1}"), leader.email, "wrong-password")

    owner = client_at(OWNER)
    refused = sign_in(owner, leader.email)
    assert SESSION_KEY not in owner.session  # the password way in is closed for a while, for everyone
    assert "Email me a sign-in code" in refused.content.decode()
    neighbour = client_at(NEIGHBOUR)
    sign_in(neighbour, other_leader.email)
    assert SESSION_KEY in neighbour.session  # other accounts are untouched

    owner.post(reverse("account_request_login_code"), {"email": leader.email})
    code = emailed_code()
    owner.post(reverse("account_confirm_login_code"), {"code": code})
    assert owner.session[SESSION_KEY] == str(leader.pk)


def test_a_sign_in_code_still_asks_staff_for_their_authenticator(manager):
    client = client_at(OWNER)
    client.post(reverse("account_request_login_code"), {"email": manager.email})
    code = emailed_code()

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.url == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session


def test_an_attacker_cannot_use_up_the_owners_sign_in_codes(leader):
    attacker = client_at(ATTACKER)
    for _ in range(10):
        attacker.post(reverse("account_request_login_code"), {"email": leader.email})
    owner = client_at(OWNER)

    owner.post(reverse("account_request_login_code"), {"email": leader.email})
    code = emailed_code()
    owner.post(reverse("account_confirm_login_code"), {"code": code})

    assert owner.session[SESSION_KEY] == str(leader.pk)
    assert len(mail.outbox) <= 1 + 5  # the attacker's client sent at most 5 codes (5 per 5 minutes)


def test_authenticator_code_guesses_are_limited_in_a_bucket_of_their_own(manager, leader):
    client = client_at(ATTACKER)
    for _ in range(4):
        sign_in(client, leader.email, "wrong-password")  # password failures from the same client
    sign_in(client, manager.email)
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})

    client.post(reverse("mfa_authenticate"), {"code": current_code(manager)})
    assert SESSION_KEY not in client.session  # six guesses: the right code waits too

    fresh = client_at(OWNER)  # another client's password failures never counted against the code
    for _ in range(4):
        sign_in(fresh, leader.email, "wrong-password")
    other_staff = UserFactory(totp=True)
    sign_in(fresh, other_staff.email)
    fresh.post(reverse("mfa_authenticate"), {"code": current_code(other_staff)})
    assert fresh.session[SESSION_KEY] == str(other_staff.pk)
