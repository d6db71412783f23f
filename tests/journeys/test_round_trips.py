"""An edit round trip for every change form: open it, submit it unchanged, and nothing is lost.

(The meeting and the decision are in tests/meetings/test_edit_round_trips.py, the you-said-we-did update in
tests/journeys/test_saves.py.)"""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from coproduction.models import Locality, Profile
from engagement import services as engagement_services
from meetings.minutes import minutes_save
from meetings.models import Minutes
from tests.factories import GroupFactory
from tests.forms_in_pages import error_messages, form_data
from tests.meetings.factories import NoticeRuleFactory

pytestmark = pytest.mark.django_db


def _submit_unchanged(client, url: str, containing: str | None = None) -> None:
    page = client.get(url).content.decode()
    data = form_data(page, index=0, containing=containing) if containing else form_data(page)
    response = client.post(url, data)
    assert response.status_code == 302, error_messages(response.content.decode())


def test_my_profile_round_trip(leader, client_for):
    Profile.objects.update_or_create(user=leader, defaults={
        "preferred_name": "Jo", "pronouns": "she/her", "phone": "07700 900123", "preferred_contact": "text",
        "access_needs": "Large print, please.", "locality": Locality.objects.create(name="Mendip")})
    before = model_to_dict(Profile.objects.get(user=leader))
    _submit_unchanged(client_for(leader), reverse("profile_edit"))
    assert model_to_dict(Profile.objects.get(user=leader)) == before
    leader.refresh_from_db()
    assert leader.full_name


def test_a_notice_rule_round_trip(admin_user, client_for):
    group = GroupFactory(name="Alliance Board")
    NoticeRuleFactory(group=group, days=5, kind="working")
    _submit_unchanged(client_for(admin_user), reverse("meetings:notice_rule_edit", args=[group.pk]))
    group.notice_rule.refresh_from_db()
    assert (group.notice_rule.days, group.notice_rule.kind) == (5, "working")


def test_draft_minutes_round_trip(meeting, manager, client_for):
    minutes_save(meeting=meeting, text="We agreed the hours.\n\nNext time: the budget.", by=manager)
    _submit_unchanged(client_for(manager), reverse("meetings:minutes_edit", args=[meeting.pk]), containing="text")
    assert Minutes.objects.get(meeting=meeting).text == "We agreed the hours.\n\nNext time: the budget."


def test_a_you_said_we_did_update_round_trip(manager, client_for):
    update = engagement_services.update_save(by=manager, update=None, title="Evening appointments",
                                             you_said="Days are hard.", we_did="Open until 8pm on Thursdays.",
                                             locality=None, theme=None, decisions=[])
    _submit_unchanged(client_for(manager), reverse("engagement:update_edit", args=[update.pk]))
    update.refresh_from_db()
    assert (update.title, update.you_said, update.we_did) == ("Evening appointments", "Days are hard.",
                                                              "Open until 8pm on Thursdays.")
