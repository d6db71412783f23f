"""Logging feedback, its status flow (every change recorded), and links to decisions both ways."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduction.transitions import steps
from engagement import services
from engagement.models import EventLeader, FeedbackItem, ListeningEvent

from .factories import DecisionFactory, EventFactory, FeedbackFactory, theme

pytestmark = pytest.mark.django_db
Status = FeedbackItem.Status


def test_a_leader_records_an_event_with_the_leaders_who_ran_it(client_for, leader, other_leader):
    from tests.factories import LocalityFactory

    locality = LocalityFactory(name="Mendip")
    response = client_for(leader).post(reverse("engagement:event_create"), {
        "title": "Drop-in at Frome library", "held_on": "02/03/2026", "locality": locality.pk, "network": "",
        "format": "drop_in", "run_by": "leaders", "participants": "14", "leaders": [leader.pk, other_leader.pk],
        "hours": "2.5", "notes": "Busy and friendly.",
    })
    event = ListeningEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("engagement:event_detail", args=[event.pk])
    assert event.logged_by == leader and event.participants == 14
    rows = EventLeader.objects.filter(event=event).order_by("person__full_name")
    assert [(r.person, r.hours) for r in rows] == [(leader, Decimal("2.50")), (other_leader, Decimal("2.50"))]


def test_the_form_warns_about_personal_details_and_removes_them(client_for, leader):
    event = EventFactory(logged_by=leader)
    client = client_for(leader)
    url = reverse("engagement:event_feedback_create", args=[event.pk])
    data = {"text": "Mrs Jones said call 07700 900123 if it gets worse.", "consent": "quote",
            "themes": [theme().pk], "save": "1"}

    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and FeedbackItem.objects.count() == 0
    assert "<title>Error: " in page
    assert "what looks like a name and a phone number" in page
    assert "Remove them for me" in page

    response = client.post(url, {**data, "remove_details": "1"})
    assert FeedbackItem.objects.count() == 0
    assert "[name] said call [phone] if it gets worse." in response.content.decode()

    response = client.post(url, {**data, "text": "[name] said call [phone] if it gets worse."})
    item = FeedbackItem.objects.get()
    assert item.text == "[name] said call [phone] if it gets worse."
    assert item.event == event and item.locality == event.locality and item.heard_on == event.held_on
    assert item.logged_by == leader and item.status == Status.HEARD


def test_summary_only_needs_a_summary_and_keeps_no_words(leader):
    with pytest.raises(ValidationError) as error:
        services.feedback_create(by=leader, text="their words", consent="summary", themes=[theme()])
    assert "summary" in error.value.message_dict
    item = services.feedback_create(by=leader, text="their words", summary="Worried about money.",
                                    consent="summary", themes=[theme("Money")])
    assert item.text == "" and item.summary == "Worried about money."


def test_the_service_refuses_personal_details_whatever_the_form_did(leader):
    with pytest.raises(ValidationError):
        services.feedback_create(by=leader, text="Write to jo@example.org", consent="quote", themes=[theme()])


def test_the_status_flow_is_enforced_and_every_change_is_recorded(manager, leader):
    item = services.feedback_create(by=leader, text="Nobody rang me back.", consent="quote", themes=[theme()])
    decision = DecisionFactory()
    with pytest.raises(ValidationError):
        services.feedback_change_status(item=item, by=manager, to_status=Status.TOLD_BACK, note="x")
    services.feedback_change_status(item=item, by=manager, to_status=Status.CONSIDERING)
    with pytest.raises(ValidationError, match="Link the feedback"):
        services.feedback_change_status(item=item, by=manager, to_status=Status.INFORMED)
    services.feedback_link_decision(item=item, decision=decision, how_it_shaped="It showed the need.", by=manager)
    item.refresh_from_db()
    assert item.status == Status.INFORMED and item.informed_on == decision.decided_on
    with pytest.raises(ValidationError, match="how people were told"):
        services.feedback_change_status(item=item, by=manager, to_status=Status.TOLD_BACK)
    services.feedback_change_status(item=item, by=manager, to_status=Status.TOLD_BACK,
                                    note="A 'you said, we did' update at the drop-in.")
    item.refresh_from_db()
    assert item.status == Status.TOLD_BACK and item.days_to_told_back is not None
    with pytest.raises(ValidationError):
        services.feedback_change_status(item=item, by=manager, to_status=Status.HEARD)
    changes = [(step.from_state, step.to_state, step.by.pk) for step in steps(item)]
    assert changes == [
        ("", Status.HEARD, leader.pk),
        (Status.HEARD, Status.CONSIDERING, manager.pk),
        (Status.CONSIDERING, Status.INFORMED, manager.pk),
        (Status.INFORMED, Status.TOLD_BACK, manager.pk),
    ]
    assert item.history.count() >= 3


def test_not_taken_forward_needs_the_reason_given_back(client_for, manager):
    item = FeedbackFactory()
    url = reverse("engagement:feedback_status", args=[item.pk])
    response = client_for(manager).post(url, {"to_status": Status.NOT_TAKEN, "note": ""})
    assert response.status_code == 400
    assert "the reason given back" in response.content.decode()
    response = client_for(manager).post(url, {"to_status": Status.NOT_TAKEN,
                                              "note": "The council runs this; we passed it on and told people."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.NOT_TAKEN and item.not_taken_reason.startswith("The council")
    assert item.told_back_on is not None


def test_links_show_both_ways(client_for, manager, board_member):
    item = FeedbackFactory(text="Evening appointments would let me keep my job.")
    decision = DecisionFactory(title="Fund evening clinics", status="in_progress")
    client_for(manager).post(reverse("engagement:feedback_link", args=[item.pk]), {
        "decision": decision.pk, "how_it_shaped": "Working people's waits made the case for evenings."})
    for extra in range(4):
        services.feedback_link_decision(item=FeedbackFactory(text=f"Evenings please, said person {extra}."),
                                        decision=decision, how_it_shaped="Same.", by=manager)

    feedback_page = client_for(manager).get(reverse("engagement:feedback_detail", args=[item.pk])).content.decode()
    assert "Fund evening clinics" in feedback_page
    assert "Working people&#x27;s waits made the case for evenings." in feedback_page
    assert "In progress" in feedback_page  # the decision's progress

    decision_page = client_for(board_member).get(
        reverse("engagement:decision_detail", args=[decision.pk])).content.decode()
    assert "Evening appointments would let me keep my job." in decision_page
    assert "Working people&#x27;s waits made the case for evenings." in decision_page
    assert "Feedback items: 5." in decision_page


def test_a_group_of_open_items_on_a_theme_is_linked_in_one_go(client_for, manager):
    from tests.factories import LocalityFactory

    mendip, sedgemoor = LocalityFactory(name="Mendip"), LocalityFactory(name="Sedgemoor")
    wanted = [FeedbackFactory(locality=mendip, themes=[theme("Housing")]) for _ in range(3)]
    FeedbackFactory(locality=sedgemoor, themes=[theme("Housing")])
    FeedbackFactory(locality=mendip, themes=[theme("Money")])
    decision = DecisionFactory()
    data = {"decision": decision.pk, "theme": theme("Housing").pk, "locality": str(mendip.pk),
            "how_it_shaped": "Damp homes came up again and again."}
    preview = client_for(manager).post(reverse("engagement:feedback_link_group"), data)
    assert "3 items will be linked" in preview.content.decode()
    assert decision.feedback_links.count() == 0
    client_for(manager).post(reverse("engagement:feedback_link_group"), {**data, "confirm": "yes"})
    assert sorted(decision.feedback_links.values_list("item_id", flat=True)) == sorted(i.pk for i in wanted)
