"""No working secret link is kept in the database: a dump of every table (and a scan of every text column)
holds neither the set-password link of the welcome email nor the private status link of an application's
receipt, though both work when the email arrives. The stored email keeps a placeholder; the link is made as
the email is sent (`coproduction.mail.SEND_TIME_LINKS`)."""

from __future__ import annotations

import importlib
import io
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from coproduction.models import OutgoingEmail, User
from recruitment.access import get_application_by_token
from recruitment.models import Application
from tests.recruitment.factories import apply, move_to
from tests.security.helpers import database_contains

pytestmark = pytest.mark.django_db(transaction=True)  # emails go out on commit, as in real use
SET_PASSWORD = re.compile(r"/welcome/([A-Za-z0-9_-]+)/([A-Za-z0-9_-]+)/")
STATUS = re.compile(r"/join/status/([A-Za-z0-9_-]+)/")
TOKEN_LIKE = re.compile(r"[A-Za-z0-9_-]{20,}")


def database_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out, format="json")
    return out.getvalue()


def working_set_password_token(uid: str, token: str) -> bool:
    try:
        person = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uid))))
    except (ValueError, TypeError, User.DoesNotExist):
        return False
    return default_token_generator.check_token(person, token)


def working_status_token(token: str) -> bool:
    try:
        get_application_by_token(token)
    except Http404:
        return False
    return True


def test_the_links_that_arrive_work_and_no_working_token_is_anywhere_in_the_database(manager):
    application, status_token = apply(email="chloe@example.net")
    move_to(application, Application.Stage.ACCEPTED, by=manager)

    welcome = next(m for m in mail.outbox if "set your password" in m.subject.lower())
    receipt = next(m for m in mail.outbox if "we have your application" in m.subject.lower())
    uid, password_token = SET_PASSWORD.search(welcome.body).groups()
    (sent_status_token,) = STATUS.search(receipt.body).groups()
    assert sent_status_token == status_token
    html_links = SET_PASSWORD.findall(welcome.alternatives[0].content)
    assert html_links and working_set_password_token(*html_links[0])
    # the links that arrive work
    assert working_set_password_token(uid, password_token)
    assert Client().get(reverse("recruitment_status", args=[sent_status_token])).status_code == 200
    assert Client().get(reverse("recruitment_set_password", args=[uid, password_token])).status_code == 200

    dump = database_dump()
    assert "[[set_password_url]]" in dump and "[[status_url]]" in dump  # what the stored emails keep
    for secret in (password_token, sent_status_token):
        assert secret not in dump
        assert database_contains(secret) == []
    # and no string in the dump that looks like a token works as either kind of link
    candidates = set(TOKEN_LIKE.findall(dump))
    assert not [c for c in candidates if working_status_token(c)]
    assert not [(u, t) for u in {uid} for t in candidates if working_set_password_token(u, t)]
    assert OutgoingEmail.objects.filter(template="recruitment-welcome", status="sent").count() == 1


def test_an_email_not_yet_sent_keeps_only_the_placeholder_and_gets_a_working_link_when_it_goes(manager):
    with transaction.atomic():  # still queued: the task runs on commit
        apply(email="sam.w@example.net")
        stored = OutgoingEmail.objects.get(template="recruitment-received")
        assert stored.status == OutgoingEmail.Status.QUEUED
        assert "[[status_url]]" in stored.body_text and "/join/status/" not in stored.body_text
        assert "/join/status/" not in stored.body_html

    (token,) = STATUS.search(mail.outbox[-1].body).groups()
    assert working_status_token(token)
    assert token not in database_dump()


def test_the_migration_takes_stored_links_out_of_emails_kept_before(manager):
    migration = importlib.import_module("recruitment.migrations.0005_no_secret_links_in_stored_emails")
    link = "https://portal.example.org/welcome/MTI/cz1abc-0123456789abcdef0123456789abcdef/"
    status = "https://portal.example.org/join/status/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-xyz/"
    welcome = OutgoingEmail.objects.create(key="old-welcome", to="a@example.org", template="recruitment-welcome",
                                           subject="Welcome", body_text=f"Choose your password:\n{link}\n",
                                           body_html=f'<a href="{link}">choose your password</a>')
    receipt = OutgoingEmail.objects.create(key="application:1:received", to="b@example.org",
                                           template="recruitment-received", subject="Receipt",
                                           body_text=f"Your private link:\n{status}\n", status="sent")

    migration.forwards(django_apps, None)

    welcome.refresh_from_db()
    receipt.refresh_from_db()
    assert welcome.body_text == "Choose your password:\n[[set_password_url]]\n"
    assert welcome.body_html == '<a href="[[set_password_url]]">choose your password</a>'
    assert receipt.body_text == "Your private link:\n[[status_url]]\n"
    assert database_contains("cz1abc-0123456789") == [] and database_contains("AbCdEfGhIjKl") == []
