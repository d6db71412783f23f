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


# Formatted text typed into the other apps: cleaned with bleach on the way in, escaped on the way out.


def _surfaces(pages):
    return [live_markers(client.get(url).content.decode()) for client, url in pages]


def beyond_layout(html: str) -> list[str]:
    """Script surface other than the layout's own (stylesheets, icon, the module script)."""
    from django.test import Client

    layout = set(live_markers(Client().get(reverse("home")).content.decode()))
    return [item for item in live_markers(html) if item not in layout]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_meeting_minutes_and_decisions_never_run_script(client_for, leader, manager, vector):
    from meetings import minutes as minutes_service
    from meetings import services
    from tests.security import access_rules, rules_meetings  # noqa: F401 - access_rules first

    meeting, _paper, _version = rules_meetings._meeting({"leader": leader, "manager": manager})
    pages = [(client_for(leader), reverse("meetings:meeting_detail", args=[meeting.pk]))]
    baseline = _surfaces(pages)

    minutes_service.minutes_save(meeting=meeting, text=f"We met. {vector}", by=manager)
    decision = services.decision_create(meeting=meeting, title=f"Evening clinic {vector}"[:200],
                                        decision=f"Agreed. {vector}", rationale=f"People asked. {vector}")
    paper = services.paper_create(meeting=meeting, title=f"Waiting times {vector}"[:200], by=manager)
    services.paper_version_add(paper=paper, by=manager, summary=f"What we ask. {vector}",
                               written_text=f"The paper. {vector}")

    assert _surfaces(pages) == baseline
    decision_page = client_for(leader).get(reverse("meetings:decision_detail", args=[decision.pk])).content.decode()
    assert beyond_layout(decision_page) == [], vector


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_feedback_and_you_said_we_did_updates_never_run_script(client, client_for, leader, manager, vector):
    from engagement import services
    from tests.engagement.factories import theme

    feedback = services.feedback_create(by=leader, text=f"The waiting list is long. {vector}",
                                        consent="quote", themes=[theme()])
    update = services.update_save(by=manager, title=f"Shorter waits {vector}"[:200],
                                  you_said=f"You told us waits were long. {vector}",
                                  we_did=f"We opened an evening clinic. {vector}")
    pages = [(client_for(manager), reverse("engagement:feedback_detail", args=[feedback.pk])),
             (client_for(manager), reverse("engagement:update_detail", args=[update.pk])),
             (client, reverse("engagement:public_updates"))]

    for page_client, url in pages:
        response = page_client.get(url)
        assert response.status_code == 200
        assert beyond_layout(response.content.decode()) == [], (url, vector)


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_role_descriptions_on_the_public_vacancy_page_never_run_script(client, vector):
    from tests.recruitment.factories import open_vacancy, role_version

    vacancy = open_vacancy(role_version(purpose=f"To make services better. {vector}",
                                        what_you_do=f"You join meetings. {vector}"))

    html = client.get(reverse("recruitment_vacancy_detail", args=[vacancy.pk])).content.decode()

    assert beyond_layout(html) == [], vector
