"""Wrong answers found by the access matrix (tests/security/rules_recruitment.py), kept fixed.

The pages that only take a form submission (end a membership, send the invitation again, mark a goal achieved,
mark training completed) answered "405 Method Not Allowed" before checking who was asking: someone signed out
was not sent to sign in, someone without the role was not refused, and a leader asking for another leader's
goal or training was not told it does not exist. Who is asking is now checked first.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduction.models import AuditEvent, Membership
from recruitment import onboarding
from tests.factories import GroupFactory, MembershipFactory
from tests.recruitment.factories import apply, move_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership(leader):
    return MembershipFactory(group=GroupFactory(name="Working group: crisis support"), person=leader,
                             started_on=timezone.localdate() - dt.timedelta(days=30))


@pytest.fixture
def accepted(leader, manager):
    application, _ = apply(full_name=leader.full_name, email=leader.email)
    return move_to(application, "accepted", by=manager)


def test_someone_signed_out_is_sent_to_sign_in_from_the_end_membership_address(membership):
    url = reverse("membership_end", args=[membership.person_id, membership.pk])

    response = Client().get(url)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["leader", "board_member", "finance"])
def test_a_role_that_does_not_manage_memberships_is_refused_at_the_end_membership_address(
        request, client_for, membership, persona):
    url = reverse("membership_end", args=[membership.person_id, membership.pk])
    client = client_for(request.getfixturevalue(persona))

    got = client.get(url)
    sent = client.post(url)

    assert got.status_code == 403
    assert sent.status_code == 403
    assert b"Working group: crisis support" not in got.content
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_the_manager_still_ends_a_membership_by_form_and_not_by_following_a_link(client_for, manager, membership):
    url = reverse("membership_end", args=[membership.person_id, membership.pk])

    asked = client_for(manager).get(url)  # following a link only asks
    assert asked.status_code == 200 and "Yes, end it today" in asked.content.decode()
    assert Membership.objects.get(pk=membership.pk).ended_on is None
    assert client_for(manager).post(url).status_code == 302
    assert Membership.objects.get(pk=membership.pk).ended_on == timezone.localdate()


def test_someone_signed_out_is_sent_to_sign_in_from_the_send_invitation_again_address(accepted):
    response = Client().get(reverse("recruitment_invitation_resend", args=[accepted.pk]))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["leader", "admin_user", "finance"])
def test_a_role_that_does_not_recruit_is_refused_at_the_send_invitation_again_address(
        request, client_for, accepted, persona):
    url = reverse("recruitment_invitation_resend", args=[accepted.pk])
    client = client_for(request.getfixturevalue(persona))

    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert not accepted.history.filter(history_change_reason__startswith="Invitation sent again").exists()


def test_another_leaders_goal_is_not_found_whatever_the_method(client_for, leader, other_leader):
    goal = onboarding.goal_add(person=leader, goal="Co-chair a working group")
    url = reverse("goal_achieved", args=[goal.pk])

    response = client_for(other_leader).get(url)

    assert response.status_code == 404
    assert b"Co-chair" not in response.content
    assert AuditEvent.objects.filter(action="access_refused", actor=other_leader).exists()
    assert Client().get(url).url.startswith("/accounts/login/")
    goal.refresh_from_db()
    assert goal.achieved_on is None


def test_a_leader_marks_their_own_goal_achieved_only_by_form(client_for, leader):
    goal = onboarding.goal_add(person=leader, goal="Co-chair a working group")
    url = reverse("goal_achieved", args=[goal.pk])

    assert client_for(leader).get(url).status_code == 405
    goal.refresh_from_db()
    assert goal.achieved_on is None
    assert client_for(leader).post(url).status_code == 302
    goal.refresh_from_db()
    assert goal.achieved_on == timezone.localdate()


@pytest.mark.parametrize("persona", ["other_leader", "board_member", "finance", "admin_user"])
def test_another_persons_training_is_not_found_whatever_the_method(request, client_for, leader, manager, persona):
    training = onboarding.training_offer(person=leader, title="Chairing meetings", by=manager)
    url = reverse("training_complete", args=[training.pk])
    client = client_for(request.getfixturevalue(persona))

    got = client.get(url)

    assert got.status_code == 404
    assert b"Chairing meetings" not in got.content
    assert client.post(url).status_code == 404
    assert Client().get(url).url.startswith("/accounts/login/")
    training.refresh_from_db()
    assert training.completed_on is None


def test_a_leader_marks_their_own_training_completed_only_by_form(client_for, leader, manager):
    training = onboarding.training_offer(person=leader, title="Chairing meetings", by=manager)
    url = reverse("training_complete", args=[training.pk])

    assert client_for(leader).get(url).status_code == 405
    training.refresh_from_db()
    assert training.completed_on is None
    assert client_for(leader).post(url).status_code == 302
    training.refresh_from_db()
    assert training.completed_on == timezone.localdate()
