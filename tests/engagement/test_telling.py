"""Everyone who spoke told what changed: a message when a decision their feedback informed changes status and
when a "you said, we did" update it fed is published; plain words; a one-click stop that needs no sign-in and
whose token is never stored; and the board's trail counts people told per theme and locality."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from coproduction import crypto
from coproduction.models import OutgoingEmail
from engagement import services, telling
from engagement.models import FeedbackContact, PersonTold
from engagement.selectors import TrailFilters
from engagement.told_counts import told_counts
from meetings import services as meeting_services
from meetings.models import Decision
from tests.engagement.factories import DecisionFactory, FeedbackFactory, theme
from tests.factories import LocalityFactory
from tests.security.helpers import database_contains

pytestmark = pytest.mark.django_db

ADDRESS = "rowan.told@example.org"


def spoke(decision, *, email=ADDRESS, may_contact=True, locality=None, **kwargs):
    item = FeedbackFactory(locality=locality or LocalityFactory(), **kwargs)
    services.feedback_link_decision(item=item, decision=decision, how_it_shaped="They asked for evening hours.",
                                    by=None)
    telling.contact_save(item=item, may_contact=may_contact, email=email)
    return item


def test_people_are_told_when_a_decision_they_informed_changes(manager, django_capture_on_commit_callbacks):
    decision = DecisionFactory()
    told = spoke(decision)
    spoke(decision, email="", may_contact=True)  # agreed, but left no way to reach them
    spoke(decision, email="no.consent@example.org", may_contact=False)
    assert FeedbackContact.objects.count() == 1
    assert database_contains(ADDRESS) == []  # the address is encrypted at rest

    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.decision_update(decision=decision, changes={"title": decision.title})  # no status change
    assert PersonTold.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.decision_update(decision=decision, changes={"status": Decision.Status.IN_PROGRESS})
    assert list(PersonTold.objects.values_list("item", "reason")) == [(told.pk, "decision")]
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    assert "It is now: in progress." in message.body
    assert decision.title in message.body
    assert "I waited four months" not in message.body  # their words are not sent round again

    # The same status again tells nobody twice; the next status is news.
    with django_capture_on_commit_callbacks(execute=True):
        telling.tell_decision_changed(decision=decision)
        meeting_services.decision_update(decision=decision, changes={"status": Decision.Status.DONE})
    assert len(mail.outbox) == 2 and "It is now: done." in mail.outbox[1].body


def test_the_one_click_stop_token_is_never_stored_and_needs_no_sign_in(client, django_capture_on_commit_callbacks):
    decision = DecisionFactory()
    item = spoke(decision)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.decision_update(decision=decision, changes={"status": Decision.Status.DONE})
    [message] = mail.outbox
    link = re.search(r"http\S+/listening/stop/(\S+)/", message.body)
    assert link, message.body
    token = link.group(1)
    stored = OutgoingEmail.objects.get(template=telling.DECISION_TEMPLATE)
    assert "[[stop]]" in stored.body_text and token not in stored.body_text
    assert database_contains(token) == []
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    stop = reverse("engagement:stop_telling", args=[token])
    page = client.get(stop)
    assert page.status_code == 200 and "Stop the messages" in page.content.decode()
    assert FeedbackContact.objects.get(item=item).reachable  # opening the link stops nothing
    response = client.post(stop)  # one click, signed out, no form token (as mail apps send it)
    assert response.status_code == 200 and "Messages stopped" in response.content.decode()
    contact = FeedbackContact.objects.get(item=item)
    assert contact.stopped_at is not None and contact.email_encrypted == ""
    assert database_contains(ADDRESS) == []  # forgotten everywhere, also on the message already sent

    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.decision_update(decision=decision, changes={"status": Decision.Status.STOPPED})
    assert len(mail.outbox) == 1
    assert client.get(reverse("engagement:stop_telling", args=[token[:-2] + "xx"])).status_code == 404


def test_people_are_told_when_an_update_their_feedback_fed_is_published(manager, django_capture_on_commit_callbacks):
    place, elsewhere = LocalityFactory(name="Northtown"), LocalityFactory(name="Southvale")
    decision = DecisionFactory()
    fed = spoke(decision, locality=place)
    spoke(decision, locality=elsewhere, email="elsewhere@example.org")
    update = services.update_save(by=manager, title="Evening clinics in Northtown", locality=place,
                                  you_said="You told us it was hard to get to clinics in the day.",
                                  we_did="We opened the clinic on two evenings a week.", decisions=[decision])
    with django_capture_on_commit_callbacks(execute=True):
        services.update_publish(update=update, by=manager)
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    assert "We opened the clinic on two evenings a week." in message.body
    assert "Northtown" in message.body
    assert PersonTold.objects.get().item == fed


def test_the_trail_counts_people_told_and_the_gap_hiding_small_counts(board_member, client_for):
    place = LocalityFactory(name="Northtown")
    decision = DecisionFactory()
    heard_on = dt.date.today() - dt.timedelta(days=20)
    items = [spoke(decision, locality=place, heard_on=heard_on, email=f"p{n}@example.org") for n in range(12)]
    for item in items[:6]:
        PersonTold.objects.create(key=f"test:{item.pk}", item=item, reason=PersonTold.Reason.DECISION)
    filters = TrailFilters(date_from=heard_on - dt.timedelta(days=1), date_to=dt.date.today())
    [row] = told_counts(filters)
    assert (row.theme, row.locality, row.heard, row.told, row.gap) == ("Access and waiting", "Northtown", 12, 6, 6)
    assert (row.heard_label, row.told_label, row.gap_label) == ("12", "6", "6")

    PersonTold.objects.create(key="test:more", item=items[6], reason=PersonTold.Reason.DECISION)
    PersonTold.objects.create(key="test:more2", item=items[7], reason=PersonTold.Reason.DECISION)
    [row] = told_counts(filters)
    # 8 told of 12 leaves a gap of 4: the gap is "fewer than 5" and the told count is hidden with it.
    assert (row.heard_label, row.told_label, row.gap_label) == ("12", "not shown", "fewer than 5")

    page = client_for(board_member).get(reverse("engagement:trail"), {
        "date_from": filters.date_from.strftime("%d/%m/%Y"), "date_to": filters.date_to.strftime("%d/%m/%Y")})
    html = page.content.decode()
    assert "People told what changed" in html
    table = html[html.index('id="people-told"'):]
    assert "Northtown" in table and "fewer than 5" in table and ">8<" not in table


def test_a_second_theme_counts_on_its_own_row():
    place = LocalityFactory(name="Northtown")
    decision = DecisionFactory()
    heard_on = dt.date.today() - dt.timedelta(days=20)
    for n in range(5):
        spoke(decision, locality=place, heard_on=heard_on, themes=[theme(), theme("Crisis support")],
              email=f"q{n}@example.org")
    rows = told_counts(TrailFilters(date_from=heard_on, date_to=dt.date.today(), theme=theme("Crisis support")))
    assert [(r.theme, r.heard, r.told) for r in rows] == [("Crisis support", 5, 0)]


def test_the_feedback_form_keeps_the_address_apart(leader, client_for):
    response = client_for(leader).post(reverse("engagement:feedback_create"), {
        "text": "The evening bus does not reach the clinic.", "consent": "internal",
        "themes": [theme().pk], "may_contact": "on", "contact_email": "bus.rider@example.org"})
    assert response.status_code == 302, response.content.decode()[:3000]
    contact = FeedbackContact.objects.get()
    assert crypto.decrypt(contact.email_encrypted) == "bus.rider@example.org"
    assert "bus.rider" not in contact.item.text and contact.item.summary == ""
    missing = client_for(leader).post(reverse("engagement:feedback_create"), {
        "text": "Another thing.", "consent": "internal", "themes": [theme().pk], "may_contact": "on"})
    assert "Add their email address" in missing.content.decode()
