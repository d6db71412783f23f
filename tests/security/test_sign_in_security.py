"""Sign-in protections: sessions end when they should, codes are single-use, throttling is temporary,
sensitive changes ask for the password again, and logs hold no secrets."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import time_machine
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(email: str, password: str = PASSWORD) -> Client:
    client = Client()
    client.post(reverse("account_login"), {"login": email, "password": password})
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("profile_edit")).status_code == 200


def current_code(user) -> str:
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    return format_hotp_value(hotp_value(get_adapter().decrypt(stored), next(iter(yield_hotp_counters_from_time()))))


def test_signing_out_ends_the_session(leader):
    client = signed_in(leader.email)
    assert is_signed_in(client)

    client.post(reverse("account_logout"))

    assert not is_signed_in(client)


def test_a_password_change_ends_the_persons_other_sessions(leader):
    laptop, phone = signed_in(leader.email), signed_in(leader.email)

    laptop.post(reverse("account_change_password"),
                {"oldpassword": PASSWORD, "password1": "a-brand-new-password-9", "password2": "a-brand-new-password-9"})

    assert not is_signed_in(phone)


def test_a_deactivated_account_is_signed_out_on_its_next_request(leader):
    client = signed_in(leader.email)

    leader.is_active = False
    leader.save()

    assert not is_signed_in(client)


def test_a_session_ends_after_an_hour_without_a_request(leader):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        client = signed_in(leader.email)
        assert is_signed_in(client)
        traveller.shift(dt.timedelta(minutes=50))
        assert is_signed_in(client)  # activity keeps it alive
        traveller.shift(dt.timedelta(minutes=61))
        assert not is_signed_in(client)


def test_adding_an_authenticator_ends_the_persons_other_sessions(leader, django_capture_on_commit_callbacks):
    phone, laptop = signed_in(leader.email), signed_in(leader.email)
    laptop.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    laptop.get(reverse("mfa_activate_totp"))
    secret = laptop.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))

    with django_capture_on_commit_callbacks(execute=True):
        response = laptop.post(reverse("mfa_activate_totp"), {"code": code})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=leader, type=Authenticator.Type.TOTP).exists()
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_a_totp_code_cannot_be_used_twice(manager):
    code = current_code(manager)
    first = signed_in(manager.email)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert SESSION_KEY in first.session

    second = signed_in(manager.email)
    second.post(reverse("mfa_authenticate"), {"code": code})

    assert SESSION_KEY not in second.session


def test_password_reset_does_not_bypass_the_second_factor(client, manager):
    import re

    from django.core import mail

    client.post(reverse("account_reset_password"), {"email": manager.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"password1": "a-new-password-123x", "password2": "a-new-password-123x"})

    assert SESSION_KEY not in client.session
    response = client.post(reverse("account_login"), {"login": manager.email, "password": "a-new-password-123x"})
    assert response.url == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session


def test_repeated_failures_are_throttled_but_the_person_is_not_locked_out_for_good(leader):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        client = Client()
        for _ in range(5):
            client.post(reverse("account_login"), {"login": leader.email, "password": "wrong-password"})

        blocked = client.post(reverse("account_login"), {"login": leader.email, "password": PASSWORD})
        assert SESSION_KEY not in client.session
        assert blocked.status_code in (200, 429)

        traveller.shift(dt.timedelta(minutes=6))
        client.post(reverse("account_login"), {"login": leader.email, "password": PASSWORD})
        assert SESSION_KEY in client.session


def test_changing_email_asks_for_the_password_again(client_for, leader):
    response = client_for(leader).post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not leader.emailaddress_set.filter(email="new@example.org").exists()


def test_setting_up_an_authenticator_asks_for_the_password_again(client_for, leader):
    response = client_for(leader).get(reverse("mfa_activate_totp"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_logs_never_hold_passwords_or_session_ids(caplog, leader):
    caplog.set_level(logging.DEBUG)
    client = Client()
    client.post(reverse("account_login"), {"login": leader.email, "password": "a-wrong-secret-word"})
    client.post(reverse("account_login"), {"login": leader.email, "password": PASSWORD})
    client.post(reverse("account_reset_password"), {"email": leader.email})
    session_id = client.cookies["sessionid"].value

    assert "a-wrong-secret-word" not in caplog.text
    assert PASSWORD not in caplog.text
    assert session_id not in caplog.text
    assert "sign_in_failed" in caplog.text  # the logging did happen


def test_a_staff_user_without_a_role_but_with_admin_access_must_also_use_two_factor(client):
    UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client.post(reverse("account_login"), {"login": "root@example.org", "password": PASSWORD})

    assert client.get("/admin/").url == reverse("mfa_activate_totp")
