"""The dispatch page tells the truth: sent, waiting, being retried, could not be sent; failed copies reach
the manager's attention list with a retry button; an enqueue that failed is said plainly and recovered."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from coproduction import background
from coproduction.models import OutgoingEmail
from meetings import packs
from meetings.models import PackDispatch
from tests.background.smtp import SmtpServer
from tests.factories import UserFactory
from tests.meetings.factories import add_member

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_DEADLINE = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def counts(response) -> dict[str, str]:
    html = response.content.decode()
    block = html[html.index('id="dispatch-counts"'):html.index("</dl>", html.index('id="dispatch-counts"'))]
    pairs = re.findall(r'__key">([^<]+)</dt><dd class="govuk-summary-list__value">(\d+)<', block)
    return dict(pairs)


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    with override_settings(MAILERS=server.mailers(), EMAIL_MAX_ATTEMPTS=3):
        yield server
    server.stop()


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_right_after_sending_everyone_invited_counts_as_waiting(meeting, leader, manager, client_for):
    for n in range(3):
        add_member(meeting.group, UserFactory(email=f"member{n}@example.org"))
    with override_settings(TASKS=DUMMY):  # the worker has not started on it yet
        dispatch = packs.pack_send(meeting=meeting, by=manager)

    response = client_for(manager).get(reverse("meetings:dispatch_detail", args=[meeting.pk, dispatch.pk]))

    assert counts(response) == {"Sent": "0", "Waiting to send": "5", "Trying again soon": "0",
                                "Could not send": "0", "Read": "0"}
    assert "Still preparing the emails" in response.content.decode()


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_refused_and_busy_copies_are_counted_apart_and_the_failed_ones_can_be_sent_again(
        smtp, meeting, leader, manager, client_for):
    smtp.inbox.mode = "refuse"
    dispatch = packs.pack_send(meeting=meeting, by=manager)
    leader_email = OutgoingEmail.objects.get(recipient=leader)
    OutgoingEmail.objects.filter(pk=leader_email.pk).update(status=OutgoingEmail.Status.RETRYING)
    client = client_for(manager)
    url = reverse("meetings:dispatch_detail", args=[meeting.pk, dispatch.pk])

    response = client.get(url)
    assert counts(response) == {"Sent": "0", "Waiting to send": "0", "Trying again soon": "1",
                                "Could not send": "1", "Read": "0"}
    assert "550" in response.content.decode()  # the reason beside the person

    home = client.get(reverse("home")).content.decode()
    assert "1 copy of the agenda and papers for Crisis support working group could not be sent" in home
    assert url in home

    smtp.inbox.mode = "accept"
    response = client.post(reverse("meetings:dispatch_retry", args=[meeting.pk, dispatch.pk]), follow=True)

    assert "Trying again to send 1 copy." in response.content.decode()
    assert counts(response)["Sent"] == "1" and counts(response)["Could not send"] == "0"
    assert smtp.inbox.per_recipient()[manager.email] == 1
    assert "could not be sent" not in client.get(reverse("home")).content.decode()


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_a_pack_whose_enqueue_failed_says_so_and_is_sent_by_the_sweep(meeting, leader, manager, client_for):
    client = client_for(manager)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend"}},
                           RQ_QUEUES={"default": {"URL": "redis://127.0.0.1:2509/3"}}):  # Redis down
        response = client.post(reverse("meetings:pack_send", args=[meeting.pk]), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The background service could not be reached to start sending. Nothing is lost" in page
    dispatch = PackDispatch.objects.get(meeting=meeting)
    assert dispatch.completed_at is None and dispatch.enqueue_error

    background.recover()  # the queue is back: the sweep starts it

    dispatch.refresh_from_db()
    assert dispatch.completed_at is not None and dispatch.enqueue_error == ""
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {OutgoingEmail.Status.SENT}
    assert OutgoingEmail.objects.count() == 2
