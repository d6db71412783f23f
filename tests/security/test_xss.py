"""Script-injection payloads typed into the portal's text fields never come back as live markup."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.security.html_audit import live_script_surface
from tests.security.xss_vectors import XSS_VECTORS

pytestmark = pytest.mark.django_db
live_markers = live_script_surface


def test_there_are_at_least_thirty_vectors():
    assert len(XSS_VECTORS) >= 30


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_profile_text_is_escaped_wherever_it_is_shown(client_for, leader, manager, vector):
    pages = [(client_for(manager), reverse("person_detail", args=[leader.pk])),
             (client_for(manager), reverse("person_list")),
             (client_for(leader), reverse("home")),
             (client_for(leader), reverse("profile_edit"))]
    baselines = [live_markers(client.get(url).content.decode()) for client, url in pages]

    client_for(leader).post(reverse("profile_edit"), {
        "full_name": vector[:150], "preferred_name": vector[:100], "pronouns": vector[:50], "phone": "",
        "preferred_contact": "email", "access_needs": vector,
    })

    for (client, url), baseline in zip(pages, baselines, strict=True):
        html = client.get(url).content.decode()
        assert live_markers(html) == baseline, (url, vector)
