"""A person keeps their own details; every change is recorded with who and when."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduction.models import Profile
from tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db


def test_a_leader_updates_their_details_and_the_change_is_recorded(client_for, leader):
    locality = LocalityFactory(name="Mendip")

    response = client_for(leader).post(reverse("profile_edit"), {
        "full_name": "Jo Bennett", "preferred_name": "Jo", "pronouns": "she/her", "phone": "",
        "preferred_contact": "text", "access_needs": "Papers a week ahead, please.", "locality": locality.pk,
    }, follow=True)

    assert b"Your details are saved." in response.content
    profile = Profile.objects.get(user=leader)
    assert profile.preferred_contact == "text"
    change = profile.history.first()  # the latest
    assert change.history_user == leader
    assert change.preferred_contact == "text"


def test_bad_input_shows_an_error_summary_and_keeps_what_was_typed(client_for, leader):
    response = client_for(leader).post(reverse("profile_edit"), {
        "full_name": "", "preferred_name": "Jo", "preferred_contact": "pigeon", "access_needs": "Large print",
    })

    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Large print" in response.content
    assert b"Error: My profile" in response.content


def test_the_profile_form_asks_nothing_about_health(client_for, leader):
    content = client_for(leader).get(reverse("profile_edit")).content.decode().lower()

    for word in ("diagnosis", "condition", "illness", "medication"):
        assert word not in content


def test_signed_in_pages_are_not_cached(client_for, leader):
    response = client_for(leader).get(reverse("home"))

    assert response["Cache-Control"] == "no-store"
