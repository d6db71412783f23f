"""Who may open each community listening URL (engagement/urls.py, at /listening/).

The permission matrix (README.md, coproduction/roles.py): leaders and the co-production manager log listening
(events, feedback, spreadsheet imports); the manager alone links feedback to decisions, moves its status and
writes "you said, we did" updates; the manager and board members see the anonymised feedback trail, its board
papers and the feedback behind each decision. Finance approvers, admins and people with no role get 403.
A leader sees the events and feedback they logged (or the events they ran), not another leader's (404);
a spreadsheet import belongs to the person who uploaded it (404 for anyone else, the manager included).
The public "you said, we did" page needs no sign-in.

Object URLs build their object through the engagement services, logged by the `leader` persona where a
leader owns it, and return the URL kwargs.
"""

from __future__ import annotations

from typing import Any

from tests.security.access_rules import SIGNED_IN, Rule

LISTENERS = ["leader", "other_leader", "manager"]  # LOG_LISTENING
MANAGER = ["manager"]
TRAIL = ["manager", "board_member"]  # VIEW_FEEDBACK_TRAIL
OWNER_AND_MANAGER = ["leader", "manager"]
NOT_THEIRS = {"other_leader": 404}  # a leader asking for another leader's object


# --- Builders -------------------------------------------------------------------------------------------------


def _event(personas: dict[str, Any]):
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from engagement import services
    from engagement.models import EventLeader, ListeningEvent
    from tests.factories import LocalityFactory

    leader = personas["leader"]
    return services.event_save(
        by=leader, title="Drop-in at the library", held_on=timezone.localdate() - dt.timedelta(days=7),
        format=ListeningEvent.Format.DROP_IN, run_by=ListeningEvent.RunBy.LEADERS, locality=LocalityFactory(),
        participants=9, leaders=[(leader, EventLeader.Part.RAN, Decimal("2.0"))],
    )


def event_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _event(personas).pk}


def _feedback(personas: dict[str, Any]):
    from engagement import services
    from engagement.models import FeedbackItem
    from tests.engagement.factories import theme

    return services.feedback_create(
        by=personas["leader"], text="I waited four months for a first appointment.",
        consent=FeedbackItem.Consent.QUOTE, themes=[theme()], event=_event(personas),
    )


def stop_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    from engagement import telling

    item = _feedback(personas)
    contact = telling.contact_save(item=item, may_contact=True, email="told@example.org")
    return {"token": telling.stop_token(contact)}


def feedback_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _feedback(personas).pk}


def _linked_feedback(personas: dict[str, Any]):
    from engagement import services
    from tests.engagement.factories import DecisionFactory

    item = _feedback(personas)
    return services.feedback_link_decision(item=item, decision=DecisionFactory(), by=personas["manager"],
                                           how_it_shaped="It showed the waits were worst in the evening.")


def link_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    link = _linked_feedback(personas)
    return {"pk": link.item_id, "link_pk": link.pk}


def decision_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _linked_feedback(personas).decision_id}


def import_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    from engagement import imports
    from tests.factories import LocalityFactory

    LocalityFactory(name="Mendip")  # the locality the template's example row names
    row = imports.import_preview(by=personas["leader"], content=imports.template_csv().encode(),
                                 filename="feedback.csv")
    return {"pk": row.pk}


def paper_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    from engagement.reports import paper_create, trail_view_model
    from engagement.selectors import TrailFilters, feedback_trail

    _feedback(personas)
    paper = paper_create(by=personas["manager"], model=trail_view_model(feedback_trail(TrailFilters.default())))
    return {"pk": paper.pk}


def _draft_update(personas: dict[str, Any]):
    from engagement import services
    from tests.engagement.factories import theme

    return services.update_save(
        by=personas["manager"], theme=theme(), title="Evening appointments",
        you_said="You told us daytime appointments made it hard to keep a job.",
        we_did="The board agreed to open clinics two evenings a week in every area.",
    )


def update_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _draft_update(personas).pk}


def published_update_kwargs(personas: dict[str, Any]) -> dict[str, Any]:
    from engagement import services

    update = _draft_update(personas)
    services.update_publish(update=update, by=personas["manager"])
    return {"pk": update.pk}


def _own(make) -> Rule:
    """An object the `leader` persona logged: theirs and the manager's; 404 for another leader."""
    return Rule(allowed=OWNER_AND_MANAGER, make=make, overrides=NOT_THEIRS)


def _manager(make=None) -> Rule:
    """The manager's work (a leader is refused by role, 403, even for their own feedback)."""
    return Rule(allowed=MANAGER, make=make)


RULES: dict[str, Rule] = {
    "engagement:home": Rule(allowed=LISTENERS),
    "engagement:event_list": Rule(allowed=LISTENERS),
    "engagement:event_create": Rule(allowed=LISTENERS),
    "engagement:event_detail": _own(event_kwargs),
    "engagement:event_feedback_create": _own(event_kwargs),
    "engagement:feedback_list": Rule(allowed=LISTENERS),
    "engagement:feedback_create": Rule(allowed=LISTENERS),
    "engagement:feedback_link_group": _manager(),
    "engagement:feedback_detail": _own(feedback_kwargs),
    "engagement:feedback_status": _manager(feedback_kwargs),
    "engagement:feedback_link": _manager(feedback_kwargs),
    "engagement:feedback_unlink": _manager(link_kwargs),
    "engagement:import_upload": Rule(allowed=LISTENERS),
    "engagement:import_template": Rule(allowed=LISTENERS),
    # An import waiting for its preview to be accepted is the uploader's alone.
    "engagement:import_preview": Rule(allowed=["leader"], make=import_kwargs,
                                      overrides={"other_leader": 404, "manager": 404}),
    # Leaders search the feedback they logged; board members search words agreed to be quoted publicly.
    "engagement:search": Rule(allowed=[*LISTENERS, "board_member"]),
    "engagement:trail": Rule(allowed=TRAIL),
    "engagement:trail_csv": Rule(allowed=TRAIL),
    "engagement:trail_pdf": Rule(allowed=TRAIL),
    "engagement:trail_add_to_meeting": Rule(allowed=TRAIL),
    "engagement:paper_detail": Rule(allowed=TRAIL, make=paper_kwargs),
    "engagement:paper_download": Rule(allowed=TRAIL, make=paper_kwargs),
    # The feedback behind a decision is the feedback trail: admins see the decision on the meetings pages.
    "engagement:decision_detail": Rule(allowed=TRAIL, make=decision_kwargs),
    "engagement:update_list": _manager(),
    "engagement:update_create": _manager(),
    "engagement:update_detail": _manager(update_kwargs),
    "engagement:update_edit": _manager(update_kwargs),
    "engagement:update_publish": _manager(update_kwargs),
    "engagement:update_withdraw": _manager(published_update_kwargs),
    "engagement:public_updates": Rule(allowed=SIGNED_IN, public=True),
    # The one-click stop: no sign-in, the signed token in the link is the key.
    "engagement:stop_telling": Rule(allowed=SIGNED_IN, public=True, make=stop_kwargs),
}
