"""Change forms keep what they had: open the page, submit it unchanged, nothing is lost; and the saves work."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from meetings import services
from meetings.models import Decision, Meeting
from tests.forms_in_pages import error_messages, form_data
from tests.meetings.factories import AgendaItemFactory, london

pytestmark = pytest.mark.django_db


def _round_trip(client, url: str):
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode())
    response = client.post(url, data)
    assert response.status_code == 302, error_messages(response.content.decode())
    return data


@time_machine.travel(dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC), tick=False)
def test_the_meeting_change_form_shows_its_date_and_saves_unchanged(meeting, manager, client_for):
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    html = client_for(manager).get(url).content.decode()
    assert 'type="date"' in html and 'value="2027-03-16"' in html  # ISO, so the browser shows the date
    data = _round_trip(client_for(manager), url)
    assert data["start_time"] == ["10:00"]
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at, meeting.title) == (
        london(2027, 3, 16, 10), london(2027, 3, 16, 12), "Crisis support working group")
    assert meeting.chair == manager


@time_machine.travel(dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC), tick=False)
def test_a_decision_is_changed_and_marked_done_and_keeps_its_due_date(meeting, manager, leader, client_for):
    item = AgendaItemFactory(meeting=meeting, title="Helpline hours")
    decision = services.decision_create(meeting=meeting, title="Extend helpline hours", decision="Until midnight.",
                                        rationale="Evenings are hardest.", agenda_item=item, owner=leader,
                                        due_on=dt.date(2027, 6, 30))
    url = reverse("meetings:decision_edit", args=[decision.pk])
    assert 'value="2027-06-30"' in client_for(manager).get(url).content.decode()

    _round_trip(client_for(manager), url)
    decision.refresh_from_db()
    assert (decision.title, decision.decision, decision.rationale, decision.agenda_item, decision.owner,
            decision.due_on, decision.status) == ("Extend helpline hours", "Until midnight.", "Evenings are hardest.",
                                                  item, leader, dt.date(2027, 6, 30), Decision.Status.AGREED)

    data = form_data(client_for(manager).get(url).content.decode())
    data["status"] = [Decision.Status.DONE]
    response = client_for(manager).post(url, data)
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DONE and decision.due_on == dt.date(2027, 6, 30)
    assert decision.history.first().history_user == manager  # who changed it, and when, is recorded
    detail = client_for(manager).get(response["Location"]).content.decode()
    assert "Done" in detail


def test_decision_update_refuses_an_item_from_another_meeting(meeting, group):
    decision = services.decision_create(meeting=meeting, title="T", decision="D")
    elsewhere = AgendaItemFactory(meeting=Meeting.objects.create(
        group=group, title="Other", starts_at=london(2027, 4, 1), ends_at=london(2027, 4, 1, 12), place="Room"))
    with pytest.raises(Exception, match="another meeting"):
        services.decision_update(decision=decision, changes={"agenda_item": elsewhere})
