"""Email delivery through a real SMTP server: leases, retries with backoff, permanent failures, one
Message-ID per email, and the recovery sweep that picks up what a dead worker left."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coproduction import background
from coproduction.mail import deliver, queue_email, recover_emails, retry
from coproduction.models import OutgoingEmail
from tests.background.smtp import SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    with override_settings(MAILERS=server.mailers(), EMAIL_RETRY_BASE_SECONDS=60, EMAIL_MAX_ATTEMPTS=3,
                           BACKGROUND_LEASE_SECONDS=90):
        yield server
    server.stop()


def note(leader, key="note:1") -> OutgoingEmail:
    email = queue_email(key=key, to=leader.email, recipient=leader, template="test-note", context={"name": "Jo"})
    email.refresh_from_db()
    return email


def test_a_sent_email_carries_its_stable_message_id(smtp, leader):
    email = note(leader)

    assert email.status == OutgoingEmail.Status.SENT
    assert smtp.inbox.message_ids(leader.email) == [email.message_id]
    assert email.message_id.startswith(f"<email-{email.pk}.") and email.lease_until is None


def test_a_busy_server_is_tried_again_later_with_a_growing_wait_then_given_up(smtp, leader):
    smtp.inbox.mode = "busy"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        email = note(leader)
    assert email.status == OutgoingEmail.Status.RETRYING
    assert "451" in email.error
    assert email.next_attempt_at == start + dt.timedelta(seconds=60)

    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        assert deliver(email.pk) is False  # not due yet: nothing is sent early
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert recover_emails(timezone.now()) == 1  # the sweep asks again (the immediate backend sends now)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.RETRYING and email.attempts == 2
    assert email.next_attempt_at == start + dt.timedelta(seconds=61 + 120)  # doubled

    with time_machine.travel(start + dt.timedelta(seconds=200), tick=False):
        background.recover()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED  # the third try was the last
    assert "after 3 tries" in email.error
    assert smtp.inbox.messages == []


def test_the_server_back_up_gets_the_message_once(smtp, leader):
    smtp.inbox.mode = "busy"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        email = note(leader)
    smtp.inbox.mode = "accept"
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        background.recover()
        background.recover()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert smtp.inbox.per_recipient()[leader.email] == 1


def test_a_refused_address_fails_at_once_with_the_reason(smtp, leader):
    smtp.inbox.mode = "refuse"
    email = note(leader)

    assert email.status == OutgoingEmail.Status.FAILED
    assert "550" in email.error and email.attempts == 1
    assert email.next_attempt_at is None


def test_a_missing_attachment_is_a_permanent_failure(smtp, leader):
    email = queue_email(key="note:att", to=leader.email, template="test-note", context={"name": "Jo"},
                        attachments=[{"filename": "a.pdf", "mimetype": "application/pdf",
                                      "storage_name": "papers/gone.pdf"}])
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert "FileNotFoundError" in email.error


def test_a_person_can_retry_a_failed_email(smtp, leader):
    smtp.inbox.mode = "refuse"
    email = note(leader)
    smtp.inbox.mode = "accept"

    assert retry(email) is True

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 2
    assert smtp.inbox.message_ids(leader.email) == [email.message_id]


def test_an_email_held_by_a_dead_worker_is_sent_again_after_its_lease_with_the_same_message_id(smtp, leader):
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}):
        email = note(leader)  # recorded, its task never runs
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        # a worker claims it (the claim is deliver's first statement) and dies before sending
        OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.SENDING, attempts=1,
                                                         lease_until=background.lease_until())
        assert recover_emails(timezone.now()) == 0  # still held: nobody else touches it
        assert deliver(email.pk) is False
    with time_machine.travel(start + dt.timedelta(seconds=91), tick=False):
        assert recover_emails(timezone.now()) == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 2
    assert smtp.inbox.message_ids(leader.email) == [email.message_id]


def test_an_email_whose_enqueue_failed_is_picked_up_by_the_sweep(smtp, leader):
    # The RQ route with its Redis down (nothing listens on port 2509): enqueueing really fails.
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend"}},
                           RQ_QUEUES={"default": {"URL": "redis://127.0.0.1:2509/3"}}):
        email = note(leader)
    assert email.status == OutgoingEmail.Status.QUEUED and email.enqueued_at is None

    background.recover()  # Redis is back (here: the immediate backend again)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert smtp.inbox.per_recipient()[leader.email] == 1


def test_the_manager_sees_emails_not_sent_and_sends_them_again(smtp, leader, manager, client_for):
    smtp.inbox.mode = "refuse"
    email = note(leader)
    client = client_for(manager)

    home = client.get(reverse("home")).content.decode()
    assert "1 email could not be sent" in home and reverse("emails_failed") in home
    page = client.get(reverse("emails_failed")).content.decode()
    assert "A note for Jo" in page and "550 5.1.1 No such mailbox here" in page

    smtp.inbox.mode = "accept"
    asked = client.get(reverse("emails_failed"), {"email": [email.pk], "confirm": "yes"}).content.decode()
    assert "Send 1 email again?" in asked and "Jo Bennett (A note for Jo)" in asked  # asking sends nothing
    assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.FAILED
    response = client.post(reverse("emails_failed"), {"email": [email.pk], "confirmed": "yes"}, follow=True)

    assert "Trying again to send 1 email." in response.content.decode()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert "could not be sent" not in client.get(reverse("home")).content.decode()
    assert client_for(leader).get(reverse("emails_failed")).status_code == 403
