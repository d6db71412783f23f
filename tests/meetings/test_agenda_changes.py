"""The manager changes the agenda: an item's details, its place (up and down, by plain forms), and taking an
item off after a confirmation. Positions stay 1, 2, 3 ...; every change is in the meeting's history; the
meeting page, the pack email and the accessible formats all show the new order."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import format_render, packs, selectors, services
from meetings.models import AgendaItem, Decision, Paper
from tests.forms_in_pages import error_messages, form_data
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC)  # the meeting is on 16 March 2027


def _agenda(meeting, *titles: str) -> list[AgendaItem]:
    return [services.agenda_item_add(meeting=meeting, title=title, purpose="discussion") for title in titles]


def _order(meeting) -> list[tuple[int, str]]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("order", "title"))


def _move(client, item: AgendaItem, direction: str):
    return client.post(reverse("meetings:agenda_item_move", args=[item.meeting_id, item.pk]),
                       {"direction": direction})


@time_machine.travel(NOW, tick=False)
def test_the_manager_changes_an_agenda_item(meeting, manager, leader, client_for):
    [item] = _agenda(meeting, "Helpline hours")
    url = reverse("meetings:agenda_item_edit", args=[meeting.pk, item.pk])
    response = client_for(manager).post(url, {"title": "Helpline hours at weekends", "purpose": "decision",
                                              "lead": leader.pk, "minutes_allowed": "25"})
    assert response.status_code == 302, error_messages(response.content.decode())
    assert response["Location"] == reverse("meetings:agenda_manage", args=[meeting.pk])
    item.refresh_from_db()
    assert (item.title, item.purpose, item.lead, item.minutes_allowed, item.order) == (
        "Helpline hours at weekends", "decision", leader, 25, 1)
    assert item.history.first().history_user == manager


@time_machine.travel(NOW, tick=False)
def test_the_change_form_shows_the_item_and_saves_it_unchanged(meeting, manager, leader, client_for):
    item = services.agenda_item_add(meeting=meeting, title="Helpline hours", purpose="decision", lead=leader,
                                    minutes_allowed=20)
    url = reverse("meetings:agenda_item_edit", args=[meeting.pk, item.pk])
    page = client_for(manager).get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode())
    assert data["title"] == ["Helpline hours"] and data["minutes_allowed"] == ["20"]
    response = client_for(manager).post(url, data)
    assert response.status_code == 302, error_messages(response.content.decode())
    item.refresh_from_db()
    assert (item.title, item.purpose, item.lead, item.minutes_allowed, item.order) == (
        "Helpline hours", "decision", leader, 20, 1)


@time_machine.travel(NOW, tick=False)
def test_a_change_with_no_title_is_refused_with_a_specific_message(meeting, manager, client_for):
    [item] = _agenda(meeting, "Helpline hours")
    response = client_for(manager).post(reverse("meetings:agenda_item_edit", args=[meeting.pk, item.pk]),
                                        {"title": "", "purpose": "decision"})
    assert response.status_code == 200
    assert "This field is required." not in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Helpline hours"


@time_machine.travel(NOW, tick=False)
def test_the_manager_moves_items_up_and_down_and_positions_stay_one_two_three(meeting, manager, client_for):
    first, _second, third = _agenda(meeting, "Welcome", "Helpline hours", "Any other business")
    client = client_for(manager)

    response = _move(client, third, "up")
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:agenda_manage", args=[meeting.pk]) + f"#item-{third.pk}"
    assert _order(meeting) == [(1, "Welcome"), (2, "Any other business"), (3, "Helpline hours")]

    assert _move(client, first, "down").status_code == 302
    assert _order(meeting) == [(1, "Any other business"), (2, "Welcome"), (3, "Helpline hours")]


@time_machine.travel(NOW, tick=False)
def test_the_first_item_cannot_go_higher_nor_the_last_lower(meeting, manager, client_for):
    first, second = _agenda(meeting, "Welcome", "Helpline hours")
    client = client_for(manager)
    assert _move(client, first, "up").status_code == 302
    assert _move(client, second, "down").status_code == 302
    assert _order(meeting) == [(1, "Welcome"), (2, "Helpline hours")]
    assert "is already first" in client.get(reverse("meetings:agenda_manage", args=[meeting.pk])).content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_agenda_page_offers_move_buttons_that_work_without_javascript(meeting, manager, client_for):
    first, second, third = _agenda(meeting, "Welcome", "Helpline hours", "Any other business")
    html = client_for(manager).get(reverse("meetings:agenda_manage", args=[meeting.pk])).content.decode()
    move_second = reverse("meetings:agenda_item_move", args=[meeting.pk, second.pk])
    assert html.count(f'action="{move_second}"') == 2  # up and down, each a form of its own
    assert html.count(f'action="{reverse("meetings:agenda_item_move", args=[meeting.pk, first.pk])}"') == 1
    assert html.count(f'action="{reverse("meetings:agenda_item_move", args=[meeting.pk, third.pk])}"') == 1
    assert "Move up<span class=\"govuk-visually-hidden\">: Helpline hours</span>" in html
    assert reverse("meetings:agenda_item_edit", args=[meeting.pk, second.pk]) in html
    assert reverse("meetings:agenda_item_remove", args=[meeting.pk, second.pk]) in html


@time_machine.travel(NOW, tick=False)
def test_removing_an_item_asks_first_then_closes_the_gap_and_keeps_its_papers(meeting, manager, client_for):
    _first, second, _third = _agenda(meeting, "Welcome", "Helpline hours", "Any other business")
    paper = services.paper_create(meeting=meeting, title="Helpline proposal", by=manager, agenda_item=second)
    decision = services.decision_create(meeting=meeting, title="Open the helpline at weekends",
                                        decision="Agreed.", agenda_item=second)
    url = reverse("meetings:agenda_item_remove", args=[meeting.pk, second.pk])
    client = client_for(manager)

    question = client.get(url).content.decode()
    assert "Remove “Helpline hours” from the agenda?" in question
    assert "Paper: Helpline proposal" in question and "Decision: Open the helpline at weekends" in question
    assert AgendaItem.objects.filter(pk=second.pk).exists()  # opening the page removes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert _order(meeting) == [(1, "Welcome"), (2, "Any other business")]
    assert Paper.objects.get(pk=paper.pk).agenda_item is None
    assert Decision.objects.get(pk=decision.pk).agenda_item is None
    assert client.post(url).status_code == 404  # gone


@time_machine.travel(NOW, tick=False)
def test_each_change_is_in_the_meetings_history_with_who_did_it(meeting, manager, client_for):
    first, second = _agenda(meeting, "Welcome", "Helpline hours")
    client = client_for(manager)
    _move(client, second, "up")
    client.post(reverse("meetings:agenda_item_remove", args=[meeting.pk, first.pk]))

    moved = second.history.order_by("-history_id").first()
    assert (moved.history_change_reason, moved.history_user, moved.order) == ("Moved up", manager, 1)
    removed = AgendaItem.history.filter(id=first.pk).order_by("-history_id").first()
    assert (removed.history_type, removed.history_user) == ("-", manager)
    html = client.get(reverse("meetings:meeting_history", args=[meeting.pk])).content.decode()
    assert "Agenda item: Helpline hours" in html and "Changed: Moved up" in html
    assert "Agenda item: Welcome" in html and "Deleted" in html


@pytest.mark.django_db(transaction=True)  # the pack goes out after the commit
@time_machine.travel(NOW, tick=False)
def test_the_meeting_page_the_pack_and_the_formats_show_the_new_order(meeting, manager, leader, client_for):
    _first, second = _agenda(meeting, "Welcome", "Helpline hours")
    _move(client_for(manager), second, "up")

    page = client_for(leader).get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert page.index("1. Helpline hours") < page.index("2. Welcome")
    section = format_render.agenda_section(meeting, selectors.agenda_for(meeting))
    texts = [block["text"] for block in section.blocks if block["text"].startswith("Item ")]
    assert texts == ["Item 1. Helpline hours (for discussion).", "Item 2. Welcome (for discussion)."]
    packs.pack_send(meeting=meeting, by=manager)
    body = next(message.body for message in mail.outbox if message.to == [leader.email])
    assert body.index("1. Helpline hours") < body.index("2. Welcome")


def test_the_database_refuses_two_items_in_one_place(db):
    meeting = MeetingFactory()
    AgendaItem.objects.create(meeting=meeting, order=1, title="Welcome")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, order=1, title="Helpline hours")


@time_machine.travel(NOW, tick=False)
def test_an_item_of_another_meeting_is_not_found_through_this_one(meeting, manager, client_for):
    other = MeetingFactory(group=meeting.group)
    [item] = _agenda(other, "Budget")
    _agenda(meeting, "Welcome")
    client = client_for(manager)
    assert client.get(reverse("meetings:agenda_item_edit", args=[meeting.pk, item.pk])).status_code == 404
    assert _move(client, AgendaItem(pk=item.pk, meeting_id=meeting.pk), "up").status_code == 404
    assert client.post(reverse("meetings:agenda_item_remove", args=[meeting.pk, item.pk])).status_code == 404
    assert AgendaItem.objects.filter(pk=item.pk).exists()


@time_machine.travel(NOW, tick=False)
def test_the_agenda_page_costs_the_same_however_long_the_agenda(meeting, manager, client_for,
                                                                django_assert_num_queries):
    client = client_for(manager)
    url = reverse("meetings:agenda_manage", args=[meeting.pk])
    _agenda(meeting, "Welcome", "Helpline hours")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _agenda(meeting, *[f"Item {number}" for number in range(20)])
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
