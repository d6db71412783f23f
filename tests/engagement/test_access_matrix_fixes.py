"""Regressions found by the access matrix (tests/security/rules_engagement.py).

1. The manager's POST-only actions (feedback status, unlink, publish and withdraw an update) and the board's
   "add to meeting" checked the method before the role: a GET answered 405 to people signed out (instead of the
   sign-in page) and to people without the role (instead of 403). The role is now checked first.
2. The decision page shows the feedback behind a decision (the feedback trail), which only the manager and
   board members may see; admins (who see the decision log, not the trail) were shown it.
A refused POST changes nothing.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from engagement import services
from engagement.models import BoardPaperExport, FeedbackDecisionLink, FeedbackItem, Update

from .factories import DecisionFactory, FeedbackFactory, MeetingFactory, theme

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
MANAGER_POST_ONLY = ["engagement:feedback_status", "engagement:feedback_unlink", "engagement:update_publish",
                     "engagement:update_withdraw"]


@pytest.fixture
def objects(leader, manager):
    item = FeedbackFactory(logged_by=leader, text="The crisis line rang out at night.")
    link = services.feedback_link_decision(item=item, decision=DecisionFactory(), by=manager,
                                           how_it_shaped="It showed the nights were the gap.")
    draft = services.update_save(by=manager, theme=theme(), title="Evening appointments",
                                 you_said="You told us daytime appointments made it hard to keep a job.",
                                 we_did="The board agreed to open clinics two evenings a week in every area.")
    published = Update.objects.create(title="Crisis line", you_said="You said it rang out.",
                                      we_did="We added staff at night.", status=Update.Status.PUBLISHED)
    return {"item": item, "link": link, "draft": draft, "published": published}


def _url(name: str, objects: dict) -> str:
    kwargs = {
        "engagement:feedback_status": {"pk": objects["item"].pk},
        "engagement:feedback_unlink": {"pk": objects["item"].pk, "link_pk": objects["link"].pk},
        "engagement:update_publish": {"pk": objects["draft"].pk},
        "engagement:update_withdraw": {"pk": objects["published"].pk},
    }[name]
    return reverse(name, kwargs=kwargs)


def _state(objects: dict) -> tuple:
    item = FeedbackItem.objects.get(pk=objects["item"].pk)
    return (item.status, item.history.count(), FeedbackDecisionLink.objects.count(),
            tuple(Update.objects.order_by("pk").values_list("status", flat=True)))


@pytest.mark.parametrize("url_name", MANAGER_POST_ONLY)
def test_signed_out_get_of_a_manager_action_goes_to_sign_in_not_405(client, objects, url_name):
    response = client.get(_url(url_name, objects))

    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.parametrize("url_name", MANAGER_POST_ONLY)
@pytest.mark.parametrize("persona", ["leader", "other_leader", "finance", "board_member", "admin_user", "outsider"])
def test_people_without_the_role_get_403_by_get_and_post_and_nothing_changes(request, client_for, objects,
                                                                             url_name, persona):
    client = client_for(request.getfixturevalue(persona))
    url = _url(url_name, objects)
    before = _state(objects)

    got = client.get(url)
    posted = client.post(url, {"to_status": FeedbackItem.Status.NOT_TAKEN, "note": "We cannot fund it."})

    assert got.status_code == 403 and posted.status_code == 403
    assert "You cannot see this page" in posted.content.decode()
    assert _state(objects) == before


def test_the_leader_who_logged_the_feedback_still_cannot_move_its_status(client_for, leader, objects):
    response = client_for(leader).post(_url("engagement:feedback_status", objects),
                                       {"to_status": FeedbackItem.Status.TOLD_BACK, "note": "Told at the drop-in."})

    assert response.status_code == 403
    assert "Your role does not let you see all listening records" in response.content.decode()
    objects["item"].refresh_from_db()
    assert objects["item"].status == FeedbackItem.Status.INFORMED


def test_the_manager_still_gets_405_for_a_get_of_the_status_change(client_for, manager, objects):
    assert client_for(manager).get(_url("engagement:feedback_status", objects)).status_code == 405


@pytest.mark.parametrize("url_name", ["engagement:feedback_unlink", "engagement:update_publish",
                                      "engagement:update_withdraw"])
def test_a_get_by_the_manager_only_asks_first_and_changes_nothing(client_for, manager, objects, url_name):
    before = _state(objects)

    page = client_for(manager).get(_url(url_name, objects)).content.decode()

    assert "No, go back" in page and "Yes, " in page
    assert _state(objects) == before


def test_the_manager_still_withdraws_and_unlinks(client_for, manager, objects):
    client = client_for(manager)

    assert client.post(_url("engagement:update_withdraw", objects)).status_code == 302
    assert client.post(_url("engagement:feedback_unlink", objects)).status_code == 302
    objects["published"].refresh_from_db()
    assert objects["published"].status == Update.Status.WITHDRAWN
    assert not FeedbackDecisionLink.objects.exists()


def test_add_to_meeting_checks_the_role_before_the_method(client, client_for, leader, finance, board_member):
    url = reverse("engagement:trail_add_to_meeting")
    meeting = MeetingFactory()

    assert client.get(url)["Location"].startswith(LOGIN)
    for person in (leader, finance):
        assert client_for(person).get(url).status_code == 403
        assert client_for(person).post(url, {"meeting": meeting.pk}).status_code == 403
    assert client_for(board_member).get(url).status_code == 405
    assert not BoardPaperExport.objects.exists()


def test_an_admin_does_not_see_the_feedback_behind_a_decision(client_for, admin_user, board_member, manager):
    decision = DecisionFactory(title="Open the crisis line at weekends")
    for n in range(5):  # enough for the board to see the list
        item = FeedbackFactory(logged_by=manager, text=f"Nobody answered on Saturday night {n}.")
        services.feedback_link_decision(item=item, decision=decision, by=manager,
                                        how_it_shaped="It showed weekends were the gap.")
    url = reverse("engagement:decision_detail", args=[decision.pk])

    refused = client_for(admin_user).get(url)
    assert refused.status_code == 403
    assert "Nobody answered" not in refused.content.decode()
    assert "Your role does not let you see the feedback trail." in refused.content.decode()

    shown = client_for(board_member).get(url)
    assert shown.status_code == 200 and "Nobody answered on Saturday night" in shown.content.decode()
