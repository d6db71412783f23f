"""Applications not taken forward are deleted after the retention period the admin sets; a leader can
download everything the portal holds about them, and nothing about anyone else."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from coproduction import privacy
from coproduction.models import OutgoingEmail, User
from recruitment import onboarding
from recruitment.models import Application, RecruitmentSettings
from recruitment.tasks import purge_expired_applications
from tests.factories import MembershipFactory
from tests.recruitment.factories import apply, move_to

pytestmark = pytest.mark.django_db
Stage = Application.Stage
START = dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def not_taken_forward(manager):
    with time_machine.travel(START, tick=False):
        declined, _ = apply(email="grace@example.net", full_name="Grace Evans")
        move_to(declined, Stage.NOT_THIS_TIME, by=manager)
        withdrawn, _ = apply(declined.vacancy, email="sean@example.net", full_name="Sean Doyle")
        move_to(withdrawn, Stage.WITHDRAWN, by=manager)
        waiting, _ = apply(declined.vacancy, email="yusuf@example.net", full_name="Yusuf Ali")
    return declined, withdrawn, waiting


def test_applications_not_taken_forward_are_kept_until_the_period_ends(not_taken_forward):
    with time_machine.travel(START + dt.timedelta(days=180), tick=False):
        deleted = purge_expired_applications.call()

    assert deleted == 0
    assert Application.objects.count() == 3


def test_after_six_months_they_are_deleted_with_their_history_events_and_emails(not_taken_forward):
    declined, withdrawn, waiting = not_taken_forward

    with time_machine.travel(START + dt.timedelta(days=190), tick=False):
        deleted = purge_expired_applications.call()

    assert deleted == 2
    assert list(Application.objects.values_list("pk", flat=True)) == [waiting.pk]
    assert not Application.history.filter(id__in=[declined.pk, withdrawn.pk]).exists()
    assert not OutgoingEmail.objects.filter(to__in=["grace@example.net", "sean@example.net"]).exists()
    assert OutgoingEmail.objects.filter(to="yusuf@example.net").exists()


def test_an_application_still_in_progress_is_never_deleted(not_taken_forward):
    with time_machine.travel(START + dt.timedelta(days=3650), tick=False):
        purge_expired_applications.call()

    assert Application.objects.get().stage == Stage.RECEIVED


def test_the_admin_sets_a_shorter_retention_period(not_taken_forward):
    settings = RecruitmentSettings.load()
    settings.retention_months = 1
    settings.save()

    with time_machine.travel(START + dt.timedelta(days=40), tick=False):
        deleted = purge_expired_applications.call()

    assert deleted == 2


def test_the_management_command_runs_the_purge(not_taken_forward):
    out = io.StringIO()

    with time_machine.travel(START + dt.timedelta(days=190), tick=False):
        call_command("purge_applications", stdout=out)

    assert Application.objects.count() == 1  # immediate task backend in tests: the queued task ran
    assert "Queued the deletion" in out.getvalue()


def test_accepted_applications_are_kept(manager):
    with time_machine.travel(START, tick=False):
        accepted, _ = apply()
        move_to(accepted, Stage.ACCEPTED, by=manager)

    with time_machine.travel(START + dt.timedelta(days=3650), tick=False):
        purge_expired_applications.call()

    assert Application.objects.filter(pk=accepted.pk).exists()


# --- Everything the portal holds about me -------------------------------------------------------------------


@pytest.fixture
def new_leader(manager):
    application, _ = apply(email="chloe@example.net", full_name="Chloe Martin",
                           interest="I want services to listen.")
    move_to(application, Stage.ACCEPTED, by=manager)
    person = User.objects.get(email="chloe@example.net")
    version = onboarding.agreement_publish(text="We listen.", by=manager)
    onboarding.agreement_sign(person=person, version=version, typed_name="Chloe Martin")
    onboarding.goal_add(person=person, goal="Co-chair a working group")
    onboarding.training_offer(person=person, title="Chairing meetings", by=manager)
    MembershipFactory(person=person)
    return person


def download(client):
    """Prepare the download (POST), then follow the expiring link the page shows."""
    prepared = client.post(reverse("my_data"))
    return client.get(prepared.context["download_url"])


def test_the_download_holds_everything_about_the_leader(client_for, new_leader):
    response = download(client_for(new_leader))

    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "chloe@example.net"
    assert data["profile"] is not None
    assert len(data["memberships"]) == 1
    assert data["recruitment"]["roles_held"][0]["version_accepted"] == 1
    assert data["recruitment"]["agreement_signatures"][0]["typed_name"] == "Chloe Martin"
    assert data["recruitment"]["onboarding"]["Payment preference recorded"] is None
    assert data["recruitment"]["goals"][0]["goal"] == "Co-chair a working group"
    assert data["recruitment"]["training"][0]["title"] == "Chairing meetings"
    assert data["recruitment"]["applications"][0]["why_interested"] == "I want services to listen."
    assert [step["stage"] for step in data["recruitment"]["applications"][0]["steps"]] == [
        "Received", "Conversation arranged", "Offered a place", "Accepted"]
    assert {email["subject"] for email in data["emails_sent_to_you"]} >= {
        "We have your application to be Expert by Experience leader",
        "Welcome: set your password for the co-production portal",
    }


def test_the_download_holds_nothing_about_anyone_else(client_for, new_leader, leader, manager):
    onboarding.goal_add(person=leader, goal="Learn about budgets")
    apply(email="someone@example.net", full_name="Someone Else")

    response = download(client_for(new_leader))

    text = response.content.decode()
    assert "Learn about budgets" not in text
    assert "Someone Else" not in text
    assert "Sam Carter" not in text  # not even the name of the manager who moved the application
    assert leader.email not in text


def test_the_readable_page_shows_the_same_information_one_part_at_a_time(client_for, new_leader):
    client = client_for(new_leader)
    overview = client.get(reverse("my_data")).content.decode()
    assert "Everything we hold about you" in overview
    assert reverse("my_data_part", args=["recruitment"]) in overview

    part = client.get(reverse("my_data_part", args=["recruitment"])).content.decode()
    assert "Co-chair a working group" in part
    assert "Version 1, signed as Chloe Martin" in part


def test_every_part_of_the_readable_copy_opens_and_an_unknown_part_is_not_found(client_for, new_leader):
    client = client_for(new_leader)
    for part in privacy.READABLE_PARTS:
        response = client.get(reverse("my_data_part", args=[part.slug]))
        assert response.status_code == 200, part.slug
        assert f"<h1 class=\"govuk-heading-l\">{part.title}</h1>" in response.content.decode()
    assert client.get(reverse("my_data_part", args=["diagnosis"])).status_code == 404
