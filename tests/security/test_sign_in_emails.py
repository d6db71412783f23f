"""Nobody can make the portal send one email address email after email (issue 14): a sign-in code, a password
reset link or the "no account here" reply goes to a typed address at most 3 times in 15 minutes from one client
and 10 times an hour from every client together (`coproduction.throttle`, "sign_in_email"). Another address is
untouched, and the person can always still sign in with their password.

Behind the documented proxy, as in test_throttling.py: each client has its own X-Forwarded-For address.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from coproduction.adapters import EMAIL_HELD
from tests.security.test_throttling import ATTACKER, OWNER, client_at, emailed_code, limit, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_behind_the_proxy")]
START = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _behind_the_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def ask_for_code(client, email: str):
    return client.post(reverse("account_request_login_code"), {"email": email}, follow=True)


def ask_from(address: str, email: str):
    """A fresh browser (no session) at `address` asks for a code, as a script would, again and again."""
    client = client_at(address)
    ask_for_code(client, email)
    return client


def emails_to(address: str) -> int:
    return sum(1 for message in mail.outbox if message.to == [address])


@time_machine.travel(START, tick=False)
def test_one_client_asking_again_and_again_gets_three_codes_sent_then_none(leader, other_leader):
    for _ in range(limit("sign_in_email_client")):
        ask_from(ATTACKER, leader.email)
    assert emails_to(leader.email) == 3

    held = ask_for_code(client_at(ATTACKER), leader.email)

    assert emails_to(leader.email) == 3  # nothing more is sent to that address
    assert EMAIL_HELD in held.content.decode()
    ask_from(ATTACKER, other_leader.email)
    assert emails_to(other_leader.email) == 1  # another address still gets its code


@time_machine.travel(START, tick=False)
def test_many_clients_together_reach_the_address_ceiling_and_another_address_still_gets_its_code(
        leader, other_leader):
    for number in range(limit("sign_in_email")):
        ask_for_code(client_at(f"203.0.113.{number + 1}"), leader.email)
    assert emails_to(leader.email) == 10

    ask_for_code(client_at("203.0.113.200"), leader.email)

    assert emails_to(leader.email) == 10
    ask_for_code(client_at("203.0.113.201"), other_leader.email)
    assert emails_to(other_leader.email) == 1


@time_machine.travel(START, tick=False)
def test_the_person_still_signs_in_with_their_password_while_their_address_is_held(leader):
    for number in range(limit("sign_in_email")):
        ask_for_code(client_at(f"203.0.113.{number + 1}"), leader.email)
    owner = client_at(OWNER)
    held = ask_for_code(owner, leader.email)
    assert emails_to(leader.email) == 10 and EMAIL_HELD in held.content.decode()  # the code way in waits

    sign_in(owner, leader.email)  # in the same browser, straight after

    assert owner.session[SESSION_KEY] == str(leader.pk)


def test_after_the_window_the_address_gets_a_code_again_and_it_works(leader):
    with time_machine.travel(START, tick=False):
        for _ in range(limit("sign_in_email_client") + 1):
            ask_from(ATTACKER, leader.email)
        assert emails_to(leader.email) == 3
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        owner = ask_from(ATTACKER, leader.email)  # the same address, after the 15 minutes
        assert emails_to(leader.email) == 4
        owner.post(reverse("account_confirm_login_code"), {"code": emailed_code()})
        assert owner.session[SESSION_KEY] == str(leader.pk)


@time_machine.travel(START, tick=False)
def test_a_password_reset_link_counts_towards_the_same_address_limit(leader):
    for _ in range(limit("sign_in_email_client")):
        ask_from(ATTACKER, leader.email)

    client_at(ATTACKER).post(reverse("account_reset_password"), {"email": leader.email})

    assert emails_to(leader.email) == 3


@time_machine.travel(START, tick=False)
def test_an_address_with_no_account_is_not_sent_reply_after_reply(db):
    for _ in range(limit("sign_in_email_client") + 2):
        ask_from(ATTACKER, "someone.else@example.net")

    assert emails_to("someone.else@example.net") == 3


@time_machine.travel(START, tick=False)
def test_in_a_browser_they_signed_in_with_before_the_password_works_even_when_every_way_in_is_flooded(
        leader):
    owner = client_at(OWNER)
    sign_in(owner, leader.email)
    owner.post(reverse("account_logout"))
    assert SESSION_KEY not in owner.session
    for number in range(limit("password_account")):  # guesses on the account from many clients ...
        sign_in(client_at(f"203.0.113.{number + 1}"), leader.email, "wrong-password")
    for number in range(limit("sign_in_email")):  # ... and sign-in emails to its address from many more
        ask_from(f"198.18.0.{number + 1}", leader.email)
    new_browser = client_at(OWNER)
    sign_in(new_browser, leader.email)
    assert SESSION_KEY not in new_browser.session  # the account's limit still holds for a browser never used

    sign_in(owner, leader.email)

    assert owner.session[SESSION_KEY] == str(leader.pk)


@time_machine.travel(START, tick=False)
def test_a_browser_remembered_for_one_account_is_not_let_off_for_another(leader, other_leader):
    owner = client_at(OWNER)
    sign_in(owner, leader.email)
    owner.post(reverse("account_logout"))
    for number in range(limit("password_account")):
        sign_in(client_at(f"203.0.113.{number + 1}"), other_leader.email, "wrong-password")

    sign_in(owner, other_leader.email)

    assert SESSION_KEY not in owner.session
