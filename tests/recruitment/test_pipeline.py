"""The manager moves an application along the pipeline; each step is recorded with who and when and sends
the right email. Accepting creates the account by invitation, gives the leader role and starts onboarding."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership, User
from coproduction.roles import Role, roles_of
from coproduction.transitions import steps
from recruitment import services
from recruitment.models import Application, OnboardingChecklist, RoleHolding
from tests.factories import GroupFactory
from tests.recruitment.factories import apply, move_to, open_vacancy

Stage = Application.Stage


@pytest.mark.django_db(transaction=True)
def test_the_whole_pipeline_sends_an_email_at_each_step(manager):
    application, _ = apply(email="chloe@example.net")

    move_to(application, Stage.ACCEPTED, by=manager)

    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        "We have your application to be Expert by Experience leader",
        "Your conversation about the Expert by Experience leader role",
        "We would like to offer you a place as Expert by Experience leader",
        "Welcome: set your password for the co-production portal",
    ]
    assert all(message.to == ["chloe@example.net"] for message in mail.outbox)


@pytest.mark.django_db
def test_each_move_records_who_moved_it_and_when(manager):
    application, _ = apply()

    move_to(application, Stage.OFFERED, by=manager)

    events = [(step.from_state, step.to_state, step.by and step.by.pk) for step in steps(application, field="stage")]
    assert events == [("", "received", None), ("received", "conversation", manager.pk),
                      ("conversation", "offered", manager.pk)]
    assert application.history.first().history_user == manager


@pytest.mark.django_db
def test_a_move_the_pipeline_does_not_allow_is_refused(manager):
    application, _ = apply()

    with pytest.raises(services.MoveNotAllowed):
        services.application_accept(application=application, by=manager)

    application.refresh_from_db()
    assert application.stage == Stage.RECEIVED


@pytest.mark.django_db
def test_a_final_stage_cannot_be_left(manager):
    application, _ = apply()
    move_to(application, Stage.NOT_THIS_TIME, by=manager)

    with pytest.raises(services.MoveNotAllowed):
        services.application_arrange_conversation(application=application, by=manager,
                                                  when=application.submitted_at, details="Phone")


@pytest.mark.django_db(transaction=True)
def test_not_this_time_sends_a_kind_message_that_says_when_details_are_deleted(manager):
    application, _ = apply(full_name="Grace Evans")
    mail.outbox.clear()

    services.application_not_this_time(application=application, by=manager, note="Do come to our events.")

    (message,) = mail.outbox
    assert message.subject == "Your application to be Expert by Experience leader"
    assert "Thank you for applying" in message.body
    assert "This is not a judgement of you" in message.body
    assert "Do come to our events." in message.body
    assert "We will delete your application 6 months from now" in message.body


@pytest.mark.django_db(transaction=True)
def test_withdrawing_sends_a_confirmation(manager):
    application, _ = apply()
    mail.outbox.clear()

    services.application_withdraw(application=application, by=manager)

    assert mail.outbox[0].subject == "Your application to be Expert by Experience leader is withdrawn"


@pytest.mark.django_db
def test_accepting_creates_an_account_with_no_password_and_the_leader_role(manager):
    application, _ = apply(full_name="Chloe Martin", email="chloe@example.net")

    move_to(application, Stage.ACCEPTED, by=manager)

    person = User.objects.get(email="chloe@example.net")
    assert person.full_name == "Chloe Martin"
    assert not person.has_usable_password()
    assert Role.LEADER in roles_of(person)
    application.refresh_from_db()
    assert application.person == person


@pytest.mark.django_db
def test_accepting_records_the_role_version_accepted_and_starts_onboarding(manager):
    group = GroupFactory(name="Operational Group")
    application, _ = apply(open_vacancy(group=group))

    move_to(application, Stage.ACCEPTED, by=manager)

    person = User.objects.get(email=application.email)
    holding = RoleHolding.objects.get(person=person)
    assert holding.role_version == application.vacancy.role_version
    assert holding.application == application
    assert OnboardingChecklist.objects.filter(person=person).exists()
    assert Membership.objects.current().filter(person=person, group=group,
                                               role_in_group=Membership.RoleInGroup.EBE_LEADER).exists()


@pytest.mark.django_db(transaction=True)
def test_the_invited_person_sets_a_password_and_can_sign_in(manager):
    application, _ = apply(email="chloe@example.net")
    move_to(application, Stage.ACCEPTED, by=manager)
    link = re.search(r"https?://[^/\s]+(/welcome/\S+/)", mail.outbox[-1].body).group(1)
    client = Client()

    page = client.get(link)
    done = client.post(link, {"new_password1": "a-calm-blue-river-9", "new_password2": "a-calm-blue-river-9"})

    assert page.status_code == 200
    assert b"Choose a password" in page.content
    assert done["Location"] == reverse("account_login")
    assert authenticate(email="chloe@example.net", password="a-calm-blue-river-9") is not None
    assert client.get(link).status_code == 400  # the link works once


@pytest.mark.django_db(transaction=True)
def test_an_invitation_can_be_sent_again(client_for, manager):
    application, _ = apply()
    move_to(application, Stage.ACCEPTED, by=manager)
    before = len(mail.outbox)
    url = reverse("recruitment_invitation_resend", args=[application.pk])
    asked = client_for(manager).get(url).content.decode()  # the button asks first, sending nothing
    assert f"Send the invitation email to {application.full_name} again?" in asked and len(mail.outbox) == before

    client_for(manager).post(url, {"confirmed": "yes"})

    assert len(mail.outbox) == before + 1
    assert "/welcome/" in mail.outbox[-1].body


@pytest.mark.django_db
def test_an_existing_account_keeps_its_password_when_accepted(manager, leader):
    application, _ = apply(email=leader.email)

    move_to(application, Stage.ACCEPTED, by=manager)

    leader.refresh_from_db()
    assert leader.has_usable_password()
    assert User.objects.filter(email=leader.email).count() == 1


# --- Through the pages -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_manager_arranges_a_conversation_through_the_page(client_for, manager):
    application, _ = apply()
    client = client_for(manager)

    soon = (timezone.localdate() + dt.timedelta(days=30)).isoformat()  # dates keep to a window around today
    response = client.post(reverse("recruitment_application_move", args=[application.pk, "conversation"]),
                           {"on": soon, "at": "10:30", "details": "A phone call from Sam."})

    assert response["Location"] == reverse("recruitment_application", args=[application.pk])
    application.refresh_from_db()
    assert application.stage == Stage.CONVERSATION
    assert application.conversation_at.date().isoformat() == soon


@pytest.mark.django_db
def test_the_manager_accepts_through_the_page(client_for, manager):
    application, _ = apply()
    move_to(application, Stage.OFFERED, by=manager)

    client_for(manager).post(reverse("recruitment_application_move", args=[application.pk, "accept"]))

    application.refresh_from_db()
    assert application.stage == Stage.ACCEPTED


@pytest.mark.django_db
def test_a_move_not_allowed_from_the_current_stage_is_explained(client_for, manager):
    application, _ = apply()

    response = client_for(manager).post(
        reverse("recruitment_application_move", args=[application.pk, "accept"]), follow=True)

    assert b"cannot move to" in response.content
    application.refresh_from_db()
    assert application.stage == Stage.RECEIVED


@pytest.mark.django_db
def test_the_application_page_shows_the_history_with_who_moved_it(client_for, manager):
    application, _ = apply()
    move_to(application, Stage.CONVERSATION, by=manager)

    response = client_for(manager).get(reverse("recruitment_application", args=[application.pk]))

    assert b"Conversation arranged" in response.content
    assert b"by Sam Carter" in response.content


@pytest.mark.django_db
def test_a_leader_cannot_see_another_persons_application(client_for, leader):
    application, _ = apply()

    response = client_for(leader).get(reverse("recruitment_application", args=[application.pk]))

    assert response.status_code == 404
    assert b"Chloe" not in response.content


@pytest.mark.django_db
def test_a_leader_sees_their_own_application_without_the_managers_controls(client_for, manager):
    application, _ = apply()
    move_to(application, Stage.ACCEPTED, by=manager)
    person = User.objects.get(email=application.email)

    response = client_for(person).get(reverse("recruitment_application", args=[application.pk]))

    assert response.status_code == 200
    assert b"Next step" not in response.content
    assert b"Sam Carter" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "board_member", "finance", "admin_user"])
@pytest.mark.parametrize("url_name", ["recruitment_overview", "recruitment_reports", "onboarding_overview",
                                      "agreement_manage", "recruitment_role_list", "recruitment_vacancy_new"])
def test_manager_pages_are_refused_to_other_roles(client_for, request, persona, url_name):
    response = client_for(request.getfixturevalue(persona)).get(reverse(url_name))

    assert response.status_code == 403
    assert b"Your role does not let you recruit people" in response.content


@pytest.mark.django_db
def test_moving_an_application_is_refused_to_a_leader(client_for, leader):
    application, _ = apply()

    response = client_for(leader).post(reverse("recruitment_application_move", args=[application.pk, "offer"]))

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.stage == Stage.RECEIVED
