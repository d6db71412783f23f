"""The manager adds a leader to a group and ends the membership; memberships are ended, never deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership
from tests.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_manager_adds_a_leader_to_a_group(client_for, manager, leader):
    group = GroupFactory(name="Working group: crisis support")

    client_for(manager).post(reverse("memberships_manage", args=[leader.pk]), {
        "group": group.pk, "role_in_group": "ebe_leader", "started_on": timezone.localdate().isoformat()})

    assert Membership.objects.current().filter(person=leader, group=group).exists()


def test_ending_a_membership_keeps_it_with_an_end_date(client_for, manager, leader):
    membership = MembershipFactory(person=leader, started_on=timezone.localdate().replace(year=2025))

    client_for(manager).post(reverse("membership_end", args=[leader.pk, membership.pk]))

    membership.refresh_from_db()
    assert membership.ended_on == timezone.localdate()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)  # the end date is their last day
    assert not Membership.objects.current(tomorrow).filter(pk=membership.pk).exists()
    assert membership.history.first().history_user == manager


def test_a_leader_cannot_end_memberships(client_for, leader):
    membership = MembershipFactory(person=leader)

    response = client_for(leader).post(reverse("membership_end", args=[leader.pk, membership.pk]))

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.ended_on is None
