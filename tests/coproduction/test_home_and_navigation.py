"""Each role's home page and navigation show what that role may use and what needs their attention."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduction import attention
from tests.factories import GroupFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def nav_labels(response) -> list[str]:
    nav = re.search(rb'<ul class="govuk-service-navigation__list".*?</ul>', response.content, re.S).group(0)
    return [label.decode().strip() for label in re.findall(rb'class="govuk-service-navigation__link"[^>]*>([^<]+)<', nav)]


def test_a_leaders_navigation_has_no_staff_pages(client_for, leader):
    labels = nav_labels(client_for(leader).get(reverse("home")))

    assert "My groups" in labels and "My profile" in labels
    assert "People" not in labels
    assert "Audit trail" not in labels


def test_the_managers_navigation_includes_people(client_for, manager):
    labels = nav_labels(client_for(manager).get(reverse("home")))

    assert "People" in labels
    assert "Audit trail" not in labels


def test_the_admins_navigation_includes_the_audit_trail(client_for, admin_user):
    labels = nav_labels(client_for(admin_user).get(reverse("home")))

    assert "Audit trail" in labels


def test_the_header_names_the_person_and_their_role(client_for, manager):
    response = client_for(manager).get(reverse("home"))

    assert b"Signed in as <strong>Sam Carter</strong>" in response.content
    assert b'<span class="portal-role">Co-production manager</span>' in response.content


def test_a_new_leader_is_told_they_are_not_in_a_group_yet(client_for, leader):
    response = client_for(leader).get(reverse("home"))

    assert b"You are not in a group yet" in response.content


def test_the_manager_sees_leaders_without_a_group_and_groups_below_target(client_for, manager, leader):
    group = GroupFactory(name="Operational Group", target_size=8)
    MembershipFactory(group=group, person=UserFactory(roles=[]))

    response = client_for(manager).get(reverse("home"))

    assert b"1 leader is not in any group" in response.content
    assert b"Operational Group has 1 of 8 leaders" in response.content


def test_the_managers_home_page_query_count_does_not_grow_with_people(client_for, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coproduction.roles import Role

    def queries_for_home() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("home")).status_code == 200
        return len(context)

    client = client_for(manager)
    client.get(reverse("home"))
    MembershipFactory(group=GroupFactory(target_size=5), person=UserFactory(roles=[Role.LEADER]))
    UserFactory(roles=[Role.LEADER])
    with_few = queries_for_home()
    for _ in range(15):
        MembershipFactory(group=GroupFactory(target_size=5), person=UserFactory(roles=[Role.LEADER]))
        UserFactory(roles=[Role.LEADER])

    # Every app's home-page items are aggregates: the count is the same with 2 or 32 leaders and groups.
    assert queries_for_home() == with_few


def test_the_welcome_page_invites_people_to_sign_in(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert b"Sign in" in response.content
    assert b"govuk-service-navigation" not in response.content


@pytest.fixture
def attention_kept_a_minute(settings):
    settings.ATTENTION_CACHE_SECONDS = 30


def test_the_attention_list_is_kept_between_visits(attention_kept_a_minute, client_for, manager, leader):
    client = client_for(manager)
    client.get(reverse("home"))  # the session's first visit
    cache.clear()

    with CaptureQueriesContext(connection) as first:
        assert b"1 leader is not in any group" in client.get(reverse("home")).content
    with CaptureQueriesContext(connection) as again:
        assert b"1 leader is not in any group" in client.get(reverse("home")).content

    assert len(again) < len(first) - 5  # the providers' queries are not run again within the minute


def test_the_persons_own_change_shows_on_their_home_page_at_once(attention_kept_a_minute, client_for, manager,
                                                                  leader):
    client = client_for(manager)
    assert b"1 leader is not in any group" in client.get(reverse("home")).content

    client.post(reverse("memberships_manage", args=[leader.pk]), {
        "group": GroupFactory().pk, "role_in_group": "ebe_leader", "started_on": timezone.localdate().isoformat()})

    assert b"leader is not in any group" not in client.get(reverse("home")).content


def test_a_role_taken_away_takes_its_attention_items_with_it(attention_kept_a_minute, client_for, manager, leader):
    client = client_for(manager)
    assert b"1 leader is not in any group" in client.get(reverse("home")).content

    manager.groups.clear()

    assert b"leader is not in any group" not in client.get(reverse("home")).content


def test_a_list_kept_by_another_process_from_before_the_change_is_not_used(attention_kept_a_minute, client_for,
                                                                           manager, leader):
    client = client_for(manager)
    assert b"1 leader is not in any group" in client.get(reverse("home")).content
    key = attention.cache_key(manager.pk, ["manager"])
    kept = cache.get(key)  # what a second server process still holds
    assert kept is not None

    client.post(reverse("memberships_manage", args=[leader.pk]), {
        "group": GroupFactory().pk, "role_in_group": "ebe_leader", "started_on": timezone.localdate().isoformat()})
    cache.set(key, kept, 30)

    assert b"leader is not in any group" not in client.get(reverse("home")).content
