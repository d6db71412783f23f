"""Who may see what: 403 for a page the role does not include, 404 for someone else's object."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduction.models import AuditEvent
from tests.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_signed_out_people_are_sent_to_sign_in(client):
    for url in [reverse("group_list"), reverse("person_list"), reverse("profile_edit"), reverse("audit_list")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url


@pytest.mark.parametrize("persona", ["leader", "board_member", "finance", "outsider"])
def test_only_the_manager_and_admin_see_the_people_list(request, client_for, persona):
    response = client_for(request.getfixturevalue(persona)).get(reverse("person_list"))

    assert response.status_code == 403
    assert b"You cannot see this page" in response.content


@pytest.mark.parametrize("persona", ["manager", "admin_user"])
def test_the_manager_and_admin_see_the_people_list(request, client_for, persona, leader):
    response = client_for(request.getfixturevalue(persona)).get(reverse("person_list"))

    assert response.status_code == 200
    assert b"Jo Bennett" in response.content


def test_a_refusal_is_recorded_in_the_audit_trail(client_for, leader):
    client_for(leader).get(reverse("person_list"))

    assert AuditEvent.objects.filter(action="access_refused", actor=leader, path=reverse("person_list")).exists()


def test_a_leader_sees_their_own_record(client_for, leader):
    response = client_for(leader).get(reverse("person_detail", args=[leader.pk]))

    assert response.status_code == 200
    assert b"Jo Bennett" in response.content


@pytest.mark.parametrize("persona", ["leader", "board_member", "finance", "outsider"])
def test_another_persons_record_is_not_found(request, client_for, persona, other_leader):
    response = client_for(request.getfixturevalue(persona)).get(reverse("person_detail", args=[other_leader.pk]))

    assert response.status_code == 404
    assert b"Kwame" not in response.content


def test_the_manager_sees_a_leaders_record(client_for, manager, leader):
    response = client_for(manager).get(reverse("person_detail", args=[leader.pk]))

    assert response.status_code == 200


def test_a_member_sees_their_group_and_its_members(client_for, leader, other_leader):
    group = GroupFactory(name="Working group: crisis support")
    MembershipFactory(group=group, person=leader)
    MembershipFactory(group=group, person=other_leader)

    response = client_for(leader).get(reverse("group_detail", args=[group.pk]))

    assert response.status_code == 200
    assert b"Kwame Mensah" in response.content


@pytest.mark.parametrize("persona", ["leader", "board_member", "finance", "outsider"])
def test_a_group_you_are_not_in_is_not_found(request, client_for, persona, other_leader):
    group = GroupFactory(name="Secret-ish group")
    MembershipFactory(group=group, person=other_leader)

    response = client_for(request.getfixturevalue(persona)).get(reverse("group_detail", args=[group.pk]))

    assert response.status_code == 404


def test_a_membership_that_has_ended_no_longer_opens_the_group(client_for, leader):
    import datetime as dt

    group = GroupFactory()
    MembershipFactory(group=group, person=leader, started_on=dt.date(2024, 1, 1), ended_on=dt.date(2025, 1, 1))

    assert client_for(leader).get(reverse("group_detail", args=[group.pk])).status_code == 404


def test_the_manager_sees_every_group(client_for, manager):
    group = GroupFactory()

    assert client_for(manager).get(reverse("group_detail", args=[group.pk])).status_code == 200


def test_a_role_removed_mid_session_is_refused_on_the_next_request(client_for, manager):
    client = client_for(manager)
    assert client.get(reverse("person_list")).status_code == 200

    manager.groups.clear()

    assert client.get(reverse("person_list")).status_code == 403


@pytest.mark.parametrize("persona", ["leader", "board_member", "manager", "finance"])
def test_only_admins_see_the_audit_trail(request, client_for, persona):
    assert client_for(request.getfixturevalue(persona)).get(reverse("audit_list")).status_code == 403


def test_only_admins_reach_the_django_admin(client_for, manager, admin_user):
    assert client_for(manager).get("/admin/").status_code == 302
    assert client_for(admin_user).get("/admin/").status_code == 200
