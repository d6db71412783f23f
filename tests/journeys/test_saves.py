"""Forms that had no test saving them: each is filled in, saved, and the saved result checked."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from engagement.models import Update
from meetings import services
from meetings.models import AgendaItem, Meeting, Minutes
from recruitment.models import GroupAgreementVersion, RoleDescriptionVersion, Vacancy
from tests.forms_in_pages import error_messages, form_data
from tests.meetings.factories import london
from tests.recruitment.factories import open_vacancy

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_the_manager_adds_an_agenda_item(meeting, manager, leader, client_for):
    response = client_for(manager).post(reverse("meetings:agenda_item_add", args=[meeting.pk]), {
        "title": "Helpline hours", "purpose": "decision", "lead": leader.pk, "minutes_allowed": "20"})
    assert response.status_code == 302, error_messages(response.content.decode())
    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.title, item.purpose, item.lead, item.minutes_allowed) == ("Helpline hours", "decision", leader, 20)


@time_machine.travel(NOW, tick=False)
def test_the_manager_invites_a_guest_and_removes_them_on_the_page(meeting, manager, board_member, client_for):
    client = client_for(manager)
    url = reverse("meetings:guest_add", args=[meeting.pk])
    assert client.post(url, {"person": board_member.pk}).status_code == 302
    assert list(meeting.guests.all()) == [board_member]
    page = client.get(url).content.decode()
    remove = reverse("meetings:guest_remove", args=[meeting.pk, board_member.pk])
    assert f'action="{remove}"' in page and board_member.full_name in page
    assert client.post(remove).status_code == 302
    assert not meeting.guests.exists()
    assert client.post(remove).status_code == 404  # not a guest any more


@time_machine.travel(NOW, tick=False)
def test_the_manager_cancels_a_meeting_with_a_reason(meeting, manager, client_for):
    response = client_for(manager).post(reverse("meetings:meeting_cancel", args=[meeting.pk]),
                                        {"reason": "The room is flooded."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED


@time_machine.travel(dt.datetime(2027, 3, 20, 9, tzinfo=dt.UTC), tick=False)
def test_the_manager_writes_the_draft_minutes(meeting, manager, client_for):
    response = client_for(manager).post(reverse("meetings:minutes_edit", args=[meeting.pk]),
                                        {"text": "We agreed the hours."})
    assert response.status_code == 302
    assert Minutes.objects.get(meeting=meeting).text == "We agreed the hours."


def test_the_change_meeting_form_saves_a_new_time(meeting, manager, client_for):
    with time_machine.travel(NOW, tick=False):
        services.meeting_update(meeting=meeting, by=manager, title=meeting.title, starts_at=meeting.starts_at,
                                ends_at=meeting.ends_at, place=meeting.place, online_details="",
                                accessibility="", chair=manager)
        response = client_for(manager).post(reverse("meetings:meeting_edit", args=[meeting.pk]), {
            "title": "Crisis support, moved", "date": "2027-03-17", "start_time": "14:00", "end_time": "15:30",
            "place": "Room 2", "online_details": "", "accessibility": "", "chair": manager.pk})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.starts_at, meeting.place) == ("Crisis support, moved",
                                                                 london(2027, 3, 17, 14), "Room 2")


def test_the_manager_writes_a_you_said_we_did_update_then_changes_it(manager, client_for):
    client = client_for(manager)
    response = client.post(reverse("engagement:update_create"), {
        "title": "Evening appointments in Frome", "you_said": "Appointments in the day are hard with work.",
        "we_did": "The clinic opens until 8pm on Thursdays from May.", "locality": "", "theme": ""})
    assert response.status_code == 302, error_messages(response.content.decode())
    update = Update.objects.get()
    assert (update.title, update.status) == ("Evening appointments in Frome", Update.Status.DRAFT)
    url = reverse("engagement:update_edit", args=[update.pk])
    data = form_data(client.get(url).content.decode())
    data["we_did"] = ["The clinic opens until 8pm on Thursdays and Fridays from May."]
    assert client.post(url, data).status_code == 302
    update.refresh_from_db()
    assert update.we_did == "The clinic opens until 8pm on Thursdays and Fridays from May."
    assert update.title == "Evening appointments in Frome"  # the round trip kept the rest


def test_the_manager_publishes_a_new_group_agreement(manager, client_for):
    response = client_for(manager).post(reverse("agreement_new"), {
        "text": "We listen to each other.\n\nWe keep what is said here private.",
        "what_changed": "A line about privacy."})
    assert response.status_code == 302
    version = GroupAgreementVersion.objects.order_by("-number").first()
    assert version.text.startswith("We listen to each other.") and version.what_changed == "A line about privacy."


def test_the_manager_closes_a_vacancy_from_its_page(manager, client_for):
    vacancy = open_vacancy()
    response = client_for(manager).post(reverse("recruitment_vacancy_manage", args=[vacancy.pk]),
                                        {"status": Vacancy.Status.CLOSED})
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.CLOSED


def test_the_manager_publishes_a_new_role_description(manager, client_for):
    response = client_for(manager).post(reverse("recruitment_role_new"), {
        "title": "Peer researcher", "purpose": "To hear from people who use services.",
        "what_you_do": "Talk with people and write down what they say.", "time_commitment": "About 6 hours a month.",
        "locality": "", "how_paid": "£20 an hour, and expenses. You can say no to payment.",
        "support_offered": "Training and a named person to talk to.",
        "relevant_experience": "Using mental health services, or caring for someone who does."})
    assert response.status_code == 302, error_messages(response.content.decode())
    version = RoleDescriptionVersion.objects.get(role__title="Peer researcher")
    assert (version.number, version.time_commitment) == (1, "About 6 hours a month.")
