"""Choice lists that would hold every row (the import's events, "link to a decision", the "you said, we did"
form's decisions) show a constant number of choices as data grows, narrow to what the words typed match,
keep what was chosen, and still accept any row."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduction.pickers import PICKER_SIZE
from engagement.forms import DECISION_SEARCH, EVENT_SEARCH
from engagement.models import FeedbackDecisionLink, ListeningEvent
from meetings.models import Decision

from .factories import FeedbackFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _decisions(n: int, title: str = "Fund evening clinics") -> list[Decision]:
    meeting = MeetingFactory()
    today = timezone.localdate()
    return Decision.objects.bulk_create([
        Decision(meeting=meeting, title=f"{title} {i}", decision="Agreed.", decided_on=today - dt.timedelta(days=i))
        for i in range(n)
    ])


def _events(n: int, title: str = "Drop-in") -> list[ListeningEvent]:
    today = timezone.localdate()
    return ListeningEvent.objects.bulk_create([
        ListeningEvent(title=f"{title} {i}", held_on=today - dt.timedelta(days=i), format="drop_in") for i in range(n)
    ])


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert select, f"no select {name}"
    return re.findall(r'<option value="(\d+)"', select.group(0))


def _checkboxes(page: str, name: str) -> list[str]:
    return re.findall(rf'type="checkbox"\s+name="{name}"[^>]*?value="(\d+)"', page, re.S)


def _constant(client, url: str, count, grow) -> None:  # type: ignore[no-untyped-def]
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        small = client.get(url).content.decode()
    grow()
    with CaptureQueriesContext(connection) as after:
        large = client.get(url).content.decode()
    assert len(count(small)) == len(count(large)) == PICKER_SIZE
    assert len(before) == len(after)
    assert len(large) - len(small) < 200  # the page does not grow with the rows (only numbers in ids change)


def test_link_to_a_decision_offers_a_constant_number_of_decisions(manager, client_for) -> None:  # type: ignore[no-untyped-def]
    item = FeedbackFactory()
    _decisions(PICKER_SIZE + 5)
    url = reverse("engagement:feedback_link", args=[item.pk])
    _constant(client_for(manager), url, lambda page: _options(page, "decision"), lambda: _decisions(150, "Older"))


def test_the_decision_search_narrows_the_choices_and_any_decision_can_still_be_chosen(manager, client_for) -> None:  # type: ignore[no-untyped-def]
    item = FeedbackFactory()
    _decisions(60)
    wanted = _decisions(1, "Peer support in Frome")[0]
    old = Decision.objects.order_by("decided_on").first()
    client = client_for(manager)
    url = reverse("engagement:feedback_link", args=[item.pk])
    page = client.get(url).content.decode()
    assert str(old.pk) not in _options(page, "decision")
    assert 'name="find_decision"' in page and 'data-picker-target="decision"' in page
    found = client.get(url, {DECISION_SEARCH: "peer support"}).content.decode()
    assert _options(found, "decision") == [str(wanted.pk)]
    # a decision not in the list shown is still accepted (the field checks every decision)
    response = client.post(url, {"decision": old.pk, "how_it_shaped": "It shaped it."})
    assert response.status_code == 302
    assert FeedbackDecisionLink.objects.filter(item=item, decision=old).exists()


def test_a_refused_form_keeps_the_chosen_decision_in_the_list(manager, client_for) -> None:  # type: ignore[no-untyped-def]
    item = FeedbackFactory()
    _decisions(60)
    old = Decision.objects.order_by("decided_on").first()
    page = client_for(manager).post(reverse("engagement:feedback_link", args=[item.pk]),
                                    {"decision": old.pk, "how_it_shaped": ""}).content.decode()
    assert str(old.pk) in _options(page, "decision")
    assert re.search(rf'<option value="{old.pk}" selected>', page)


def test_the_import_offers_a_constant_number_of_events(manager, client_for) -> None:  # type: ignore[no-untyped-def]
    _events(PICKER_SIZE + 3)
    client = client_for(manager)
    _constant(client, reverse("engagement:import_upload"), lambda page: _options(page, "event"),
              lambda: _events(150, "Survey"))
    found = client.get(reverse("engagement:import_upload"), {EVENT_SEARCH: "survey 149"}).content.decode()
    assert len(_options(found, "event")) == 1


def test_the_you_said_we_did_form_offers_a_constant_number_of_decisions(manager, client_for) -> None:  # type: ignore[no-untyped-def]
    _decisions(PICKER_SIZE + 2)
    client = client_for(manager)
    _constant(client, reverse("engagement:update_create"), lambda page: _checkboxes(page, "decisions"),
              lambda: _decisions(150, "Older"))


def test_a_saved_updates_decisions_stay_ticked_however_old(manager, client_for) -> None:  # type: ignore[no-untyped-def]
    _decisions(60)
    old = Decision.objects.order_by("decided_on").first()
    client = client_for(manager)
    response = client.post(reverse("engagement:update_create"), {
        "title": "Evening clinics", "you_said": "You said the waits were long.", "we_did": "We opened in the evening.",
        "decisions": [old.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    update_url = response["Location"].replace("/updates/", "/updates/", 1)
    edit = reverse("engagement:update_edit", args=[int(re.search(r"/updates/(\d+)/", update_url).group(1))])
    page = client.get(edit).content.decode()
    assert str(old.pk) in _checkboxes(page, "decisions")
    assert re.search(rf'value="{old.pk}"\s+checked', page)

