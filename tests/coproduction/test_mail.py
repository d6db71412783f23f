"""Recorded email: queued once per purpose, sent once, failures kept with their reason."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from coproduction.mail import deliver, queue_email, retry
from coproduction.models import OutgoingEmail

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_queued_email_is_sent_once_and_recorded(leader):
    email = queue_email(key="note:1", to=leader.email, recipient=leader, template="test-note",
                        context={"name": "Jo"})

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "A note for Jo"
    assert "Hello Jo" in mail.outbox[0].body


def test_queuing_the_same_purpose_twice_sends_nothing_new(leader):
    queue_email(key="note:1", to=leader.email, template="test-note", context={"name": "Jo"})
    again = queue_email(key="note:1", to=leader.email, template="test-note", context={"name": "Jo"})

    assert OutgoingEmail.objects.count() == 1
    assert again.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_delivering_an_already_sent_email_again_does_nothing(leader):
    email = queue_email(key="note:1", to=leader.email, template="test-note", context={"name": "Jo"})

    assert deliver(email.pk) is False
    assert len(mail.outbox) == 1


def test_a_failed_send_is_recorded_with_its_reason_and_can_be_retried(leader):
    broken = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                          "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}}
    with override_settings(MAILERS=broken, EMAIL_MAX_ATTEMPTS=1):  # a temporary failure, and no tries left
        email = queue_email(key="note:2", to=leader.email, template="test-note", context={"name": "Jo"})
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert "ConnectionRefusedError" in email.error and "after 1 tries" in email.error

    retry(email)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 2
