"""Who may see what: 403 for roles without the capability, 404 (recorded) for objects that are not theirs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduction.models import AuditEvent
from engagement.models import FeedbackItem

from .factories import DecisionFactory, EventFactory, FeedbackFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["engagement:home", "engagement:event_list", "engagement:event_create",
                                      "engagement:feedback_list", "engagement:feedback_create",
                                      "engagement:import_upload"])
def test_board_members_and_finance_cannot_log_listening(client_for, board_member, finance, url_name):
    for person in (board_member, finance):
        response = client_for(person).get(reverse(url_name))
        assert response.status_code == 403
        assert "Your role does not let you" in response.content.decode()


@pytest.mark.parametrize("url_name", ["engagement:trail", "engagement:trail_csv", "engagement:trail_pdf"])
def test_leaders_cannot_see_the_board_trail(client_for, leader, url_name):
    response = client_for(leader).get(reverse(url_name))
    assert response.status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(reverse("engagement:trail"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_leader_sees_the_feedback_they_logged_and_not_anyone_elses(client_for, leader, other_leader):
    mine = FeedbackFactory(logged_by=leader, text="The bus to the clinic stopped running.")
    theirs = FeedbackFactory(logged_by=other_leader, text="Nobody explained my letter.")
    client = client_for(leader)

    page = client.get(reverse("engagement:feedback_list")).content.decode()
    assert "The bus to the clinic stopped running." in page
    assert "Nobody explained my letter." not in page
    assert client.get(reverse("engagement:feedback_detail", args=[mine.pk])).status_code == 200

    response = client.get(reverse("engagement:feedback_detail", args=[theirs.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="access_refused", detail=f"feedback item {theirs.pk}").exists()


def test_a_leader_sees_events_they_ran_but_not_others(client_for, leader, other_leader, manager):
    ran = EventFactory(logged_by=manager)
    ran.leader_rows.create(person=leader, hours=2)
    other = EventFactory(logged_by=other_leader)
    client = client_for(leader)
    assert client.get(reverse("engagement:event_detail", args=[ran.pk])).status_code == 200
    assert client.get(reverse("engagement:event_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("engagement:event_feedback_create", args=[other.pk])).status_code == 404


def test_only_the_manager_links_feedback_and_changes_its_status(client_for, leader, manager):
    item = FeedbackFactory(logged_by=leader)
    decision = DecisionFactory()
    leader_client = client_for(leader)
    assert leader_client.get(reverse("engagement:feedback_link", args=[item.pk])).status_code == 403
    response = leader_client.post(reverse("engagement:feedback_status", args=[item.pk]),
                                  {"to_status": FeedbackItem.Status.CONSIDERING})
    assert response.status_code == 403
    assert leader_client.get(reverse("engagement:feedback_link_group")).status_code == 403
    assert leader_client.get(reverse("engagement:update_list")).status_code == 403
    item.refresh_from_db()
    assert item.status == FeedbackItem.Status.HEARD

    response = client_for(manager).post(reverse("engagement:feedback_link", args=[item.pk]), {
        "decision": decision.pk, "how_it_shaped": "It showed the waits were worst in the evening."})
    assert response.status_code == 302


def test_decision_pages_need_the_trail_or_decision_log(client_for, leader, board_member):
    decision = DecisionFactory()
    assert client_for(leader).get(reverse("engagement:decision_detail", args=[decision.pk])).status_code == 403
    assert client_for(board_member).get(reverse("engagement:decision_detail", args=[decision.pk])).status_code == 200
    assert client_for(board_member).get(reverse("engagement:decision_detail", args=[99999])).status_code == 404


def test_an_import_belongs_to_the_person_who_uploaded_it(client_for, leader, other_leader):
    from engagement.models import FeedbackImport

    row = FeedbackImport.objects.create(uploaded_by=leader, filename="x.csv", rows=[], errors=[])
    assert client_for(leader).get(reverse("engagement:import_preview", args=[row.pk])).status_code == 200
    assert client_for(other_leader).get(reverse("engagement:import_preview", args=[row.pk])).status_code == 404
