"""Demo data for community listening: two years of events across the four localities, 2,400 feedback items
with themes, some linked to decisions of the Alliance Board, some closed, some waiting, and a few published
"you said, we did" updates.

Idempotent: events and feedback carry "demo-" references and are created once (bulk_create); decisions,
meetings and updates are found by their natural keys.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from coproduction.models import GovernanceGroup, Locality, PrimaryCareNetwork, User
from coproduction.roles import Role
from coproduction.transitions import write_past_history
from meetings.models import Decision, Meeting

from .data import AUDIENCES, THEMES
from .models import (
    Audience,
    EventLeader,
    FeedbackDecisionLink,
    FeedbackItem,
    ListeningEvent,
    Theme,
    Update,
)
from .services import search_document_for

EVENTS = 240
ITEMS = 2400
SEED = 20260401

SAYINGS: dict[str, list[str]] = {
    "Access and waiting": [
        "I waited four months for a first appointment and nobody called to say where I was on the list.",
        "The GP said I was not ill enough for the team, and the team said I was too ill for talking therapy.",
        "Evening appointments would let me keep my job while I get help.",
        "I had to tell my story again to every new person I saw.",
        "A text to say the waiting list is still there for me would make the wait easier.",
        "The referral form was long and I gave up halfway through.",
    ],
    "Crisis support": [
        "When I rang the crisis line at night it rang out for twenty minutes.",
        "A safe place to go in the evening, not the emergency department, would have helped me.",
        "The crisis team were kind but I did not know who to call after they left.",
        "The police were the first people who came, and that made it worse.",
        "I want a plan written with me before I am in crisis, not during it.",
    ],
    "Housing": [
        "I could not get well while I was sofa surfing.",
        "The damp in my flat makes everything harder, and the council does not answer.",
        "Being moved to a different town took me away from my support.",
        "Supported housing helped me, but the time limit frightened me.",
    ],
    "Money": [
        "I am scared that going to a group or earning a little will stop my benefits.",
        "The assessment forms for benefits made me relive the worst times.",
        "Help with debt would take away half of my worry.",
        "Paying for the bus to appointments is hard at the end of the month.",
    ],
    "Employment": [
        "My manager did not know how to support me when I went back to work.",
        "A job coach who understands mental health helped me more than anything.",
        "I want to volunteer first to build up my confidence.",
    ],
    "Physical health": [
        "Nobody checked my physical health when my medication changed.",
        "My GP and the mental health team do not talk to each other.",
        "I put on weight with my medication and nobody warned me.",
    ],
    "Peer support": [
        "Talking to someone who has been through it gave me hope.",
        "The peer group closed and there is nothing like it nearby.",
        "Peer workers should be in every team, not just a pilot.",
    ],
    "Language and communication": [
        "The letter was full of initials and I did not understand it.",
        "I needed an interpreter and my family had to do it.",
        "Staff talked about me as if I was not in the room.",
        "Easy read information would help me and my neighbours.",
    ],
    "Carers": [
        "As a carer nobody asked how I was coping.",
        "I was not told about the discharge until the day it happened.",
        "Carers need a break, and someone to call when things go wrong.",
    ],
    "Young people": [
        "Moving from the children's service to the adults' service felt like falling off a cliff.",
        "Students need help near the college, not an hour away.",
        "Online support suits young people better than waiting rooms.",
    ],
    "Discrimination and respect": [
        "I felt judged because of where I come from.",
        "Staff did not understand my culture or my faith.",
        "People treated me differently once they knew my history.",
    ],
    "Digital access": [
        "I do not have data on my phone for video appointments.",
        "The app kept logging me out and I missed my session.",
    ],
    "Transport and travel": [
        "The last bus leaves before the evening group ends.",
        "In the villages there is no way to get to appointments without a car.",
    ],
    "Community and belonging": [
        "The community cafe is the only place I feel welcome.",
        "I get lonely at weekends when everything is closed.",
        "Gardening with the group got me out of the house again.",
    ],
}

DECISIONS = [
    ("Fund evening clinics in every locality", "Access and waiting", 560, "done"),
    ("Text everyone on a waiting list once a month", "Access and waiting", 430, "done"),
    ("Open a crisis safe haven in the evenings", "Crisis support", 480, "in_progress"),
    ("Add peer support workers to each community team", "Peer support", 360, "in_progress"),
    ("Benefits advice at every community hub", "Money", 300, "in_progress"),
    ("Write every letter in plain words and explain initials", "Language and communication", 240, "done"),
    ("A named contact for carers at discharge", "Carers", 150, "agreed"),
    ("Help for young people moving to adult services", "Young people", 90, "agreed"),
]

KEYWORDS = [("crisis", "Crisis support"), ("wait", "Access and waiting"), ("appointment", "Access and waiting"),
            ("benefit", "Money"), ("peer", "Peer support"), ("carer", "Carers"), ("young", "Young people"),
            ("letter", "Language and communication"), ("housing", "Housing"), ("work", "Employment")]

UPDATES = [
    ("Evening appointments in every area", None, "Access and waiting",
     "Many of you told us that daytime appointments made it hard to keep your job while you get help.",
     "The Alliance Board agreed to fund evening clinics in every area. They started this spring, two evenings "
     "a week."),
    ("News while you wait", None, "Access and waiting",
     "You told us the wait felt worse because nobody told you where you were on the list.",
     "Now everyone on a waiting list gets a text once a month. It says you are still on the list and who to "
     "call if things get worse."),
    ("Letters you can understand", None, "Language and communication",
     "You told us our letters were full of initials and hard to follow.",
     "We rewrote our letters in plain words. Every set of initials is now spelled out the first time."),
    ("A place to go in the evening", "Sedgemoor", "Crisis support",
     "People in Sedgemoor told us there was nowhere safe to go in the evening apart from the emergency "
     "department.",
     "The board agreed to open a safe haven in Bridgwater in the evenings. We are finding a building now."),
]


def load(*, stdout: Any) -> None:
    rng = random.Random(SEED)
    with transaction.atomic():
        _taxonomy()
        decisions = _decisions()
        created = _events_and_feedback(rng, decisions)
        _updates(decisions)
    if created:
        stdout.write(f"Listening: {created[0]} events and {created[1]} feedback items created.")
    else:
        stdout.write("Listening: demo events and feedback already there.")


def _taxonomy() -> None:
    """The themes and audiences the data migration seeds (again here: tests flush the database)."""
    for order, (name, description) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(name=name, defaults={"description": description, "order": order * 10})
    for order, name in enumerate(AUDIENCES, start=1):
        Audience.objects.get_or_create(name=name, defaults={"order": order * 10})


def _decisions() -> dict[str, Any]:
    """Decisions of the Alliance Board for the demo: the ones the meetings demo made, plus our own."""
    board = GovernanceGroup.objects.filter(name="Alliance Board").first()
    if board is None:
        board, _ = GovernanceGroup.objects.get_or_create(name="Alliance Board",
                                                         defaults={"kind": GovernanceGroup.Kind.BOARD})
    today = timezone.localdate()
    found: dict[str, Any] = {}
    for title, theme, days_ago, status in DECISIONS:
        decision = Decision.objects.filter(title=title).first()
        if decision is None:
            decided_on = today - dt.timedelta(days=days_ago)
            starts = timezone.make_aware(dt.datetime.combine(decided_on, dt.time(14, 0)))
            meeting, _ = Meeting.objects.get_or_create(
                group=board, title=f"Alliance Board, {decided_on:%B %Y}",
                defaults={"starts_at": starts, "ends_at": starts + dt.timedelta(hours=2),
                          "status": Meeting.Status.HELD},
            )
            decision = Decision.objects.create(
                meeting=meeting, title=title, decided_on=decided_on, status=status,
                decision=f"The board agreed to: {title.lower()}.",
                rationale="What people told Experts by Experience leaders at listening events.",
                due_on=decided_on + dt.timedelta(days=180),
            )
        found.setdefault(theme, []).append(decision)
    # Decisions already in the log (e.g. from the meetings demo) join in when their words match a theme.
    own = {title for title, *_ in DECISIONS}
    for decision in Decision.objects.exclude(title__in=own):
        words = decision.title.lower()
        for keyword, theme in KEYWORDS:
            if keyword in words:
                found.setdefault(theme, []).append(decision)
                break
    return found


def _events_and_feedback(rng: random.Random, decisions: dict[str, list[Any]]) -> tuple[int, int] | None:
    if ListeningEvent.objects.filter(reference="demo-event-0001").exists():
        return None
    today = timezone.localdate()
    localities = list(Locality.objects.all())
    networks: dict[int, list[PrimaryCareNetwork]] = {}
    for network in PrimaryCareNetwork.objects.all():
        networks.setdefault(network.locality_id, []).append(network)
    audiences = list(Audience.objects.all())
    themes = {t.name: t for t in Theme.objects.all()}
    theme_names = [name for name in SAYINGS if name in themes]
    weights = [6, 4, 3, 4, 2, 2, 3, 3, 2, 2, 2, 1, 1, 2][: len(theme_names)]
    leaders = list(User.objects.filter(groups__name=Role.LEADER.value).order_by("email"))
    manager = User.objects.filter(groups__name=Role.MANAGER.value).order_by("email").first()
    formats = ListeningEvent.Format.values

    events = []
    for n in range(1, EVENTS + 1):
        held_on = today - dt.timedelta(days=rng.randint(1, 730))
        locality = rng.choice(localities) if rng.random() > 0.08 else None
        network = rng.choice(networks.get(locality.pk, [None])) if locality and rng.random() < 0.6 else None
        run_by = rng.choices(ListeningEvent.RunBy.values, weights=[6, 2, 2])[0]
        events.append(ListeningEvent(
            reference=f"demo-event-{n:04d}", held_on=held_on, locality=locality, network=network,
            format=rng.choice(formats), run_by=run_by,
            partner_name="Mind in Somerset" if run_by == ListeningEvent.RunBy.PARTNER else "",
            title=f"{rng.choice(['Drop-in', 'Listening session', 'Coffee morning', 'Community visit'])} "
                  f"{'in ' + locality.name if locality else 'across the county'}",
            participants=rng.randint(4, 40), logged_by=manager,
        ))
    events = ListeningEvent.objects.bulk_create(events)
    EventAudience = ListeningEvent.audiences.through
    EventAudience.objects.bulk_create([
        EventAudience(listeningevent_id=event.pk, audience_id=audience.pk)
        for event in events for audience in rng.sample(audiences, rng.randint(0, 3))
    ])
    if leaders:
        EventLeader.objects.bulk_create([
            EventLeader(event=event, person=person, hours=Decimal(rng.choice(["2.00", "2.50", "3.00", "4.00"])))
            for event in events if event.run_by == ListeningEvent.RunBy.LEADERS
            for person in rng.sample(leaders, min(len(leaders), rng.randint(1, 2)))
        ])

    items, item_themes = [], []
    for n in range(1, ITEMS + 1):
        event = rng.choice(events) if rng.random() < 0.85 else None
        heard_on = event.held_on if event else today - dt.timedelta(days=rng.randint(1, 730))
        first = rng.choices(theme_names, weights=weights)[0]
        chosen = [first] + ([rng.choice(theme_names)] if rng.random() < 0.3 else [])
        chosen = list(dict.fromkeys(chosen))
        words = rng.choice(SAYINGS[first])
        consent = rng.choices(FeedbackItem.Consent.values, weights=[55, 30, 15])[0]
        summary = ""
        if consent != FeedbackItem.Consent.QUOTE or rng.random() < 0.2:
            summary = f"About {first.lower()}: {words.split(',')[0].split(' and ')[0].rstrip('.').lower()}."
        item = FeedbackItem(
            reference=f"demo-fb-{n:05d}", event=event, heard_on=heard_on,
            locality=event.locality if event else rng.choice([*localities, None]),
            text="" if consent == FeedbackItem.Consent.SUMMARY else words, summary=summary, consent=consent,
            logged_by=rng.choice(leaders) if leaders and rng.random() < 0.7 else manager,
            created_at=timezone.make_aware(dt.datetime.combine(heard_on, dt.time(17, 0))),
        )
        items.append(item)
        item_themes.append(chosen)

    # Status: linked to a decision on its theme (heard before the decision), then told back or not yet;
    # otherwise waiting, being considered, or not taken forward with a reason.
    links: list[tuple[int, Any]] = []
    changes: list[tuple[int, str, str, dt.date, str]] = []
    for index, (item, chosen) in enumerate(zip(items, item_themes, strict=True)):
        changes.append((index, "", FeedbackItem.Status.HEARD, item.heard_on, ""))
        candidates = [d for name in chosen for d in decisions.get(name, [])
                      if dt.timedelta(0) <= d.decided_on - item.heard_on <= dt.timedelta(days=270)]
        age = (today - item.heard_on).days
        if candidates and rng.random() < 0.75:
            decision = rng.choice(candidates)
            links.append((index, decision))
            item.informed_on = decision.decided_on
            item.days_to_decision = (decision.decided_on - item.heard_on).days
            considered = item.heard_on + dt.timedelta(days=min(14, item.days_to_decision))
            changes.append((index, FeedbackItem.Status.HEARD, FeedbackItem.Status.CONSIDERING, considered, ""))
            changes.append((index, FeedbackItem.Status.CONSIDERING, FeedbackItem.Status.INFORMED,
                            decision.decided_on, f"Linked to the decision '{decision.title}'."))
            told_on = decision.decided_on + dt.timedelta(days=rng.randint(20, 120))
            if told_on <= today and rng.random() < 0.7:
                item.status, item.told_back_on = FeedbackItem.Status.TOLD_BACK, told_on
                item.days_to_told_back = (told_on - item.heard_on).days
                item.told_back_how = "A 'you said, we did' update, and at the next drop-in."
                changes.append((index, FeedbackItem.Status.INFORMED, FeedbackItem.Status.TOLD_BACK, told_on,
                                item.told_back_how))
            else:
                item.status = FeedbackItem.Status.INFORMED
        elif age > 90 and rng.random() < 0.3:
            told_on = item.heard_on + dt.timedelta(days=rng.randint(30, min(age, 150)))
            item.status, item.told_back_on = FeedbackItem.Status.NOT_TAKEN, told_on
            item.days_to_told_back = (told_on - item.heard_on).days
            item.not_taken_reason = "This is run by the council, so we passed it on to them and told people how."
            changes.append((index, FeedbackItem.Status.HEARD, FeedbackItem.Status.NOT_TAKEN, told_on,
                            item.not_taken_reason))
        elif age > 30 and rng.random() < 0.5:
            item.status = FeedbackItem.Status.CONSIDERING
            changes.append((index, FeedbackItem.Status.HEARD, FeedbackItem.Status.CONSIDERING,
                            item.heard_on + dt.timedelta(days=rng.randint(7, 30)), ""))
        decision_titles = [d.title for i, d in links[-1:] if i == index]
        item.search_document = search_document_for(item, chosen, decision_titles)

    items = FeedbackItem.objects.bulk_create(items, batch_size=500)
    ItemTheme = FeedbackItem.themes.through
    ItemTheme.objects.bulk_create([
        ItemTheme(feedbackitem_id=item.pk, theme_id=themes[name].pk)
        for item, chosen in zip(items, item_themes, strict=True) for name in chosen
    ], batch_size=1000)
    FeedbackDecisionLink.objects.bulk_create([
        FeedbackDecisionLink(item_id=items[index].pk, decision=decision, linked_by=manager,
                             how_it_shaped=f"People's experience of {decision.title.lower()} was part of the "
                                           "evidence the board weighed.",
                             linked_at=timezone.make_aware(dt.datetime.combine(decision.decided_on, dt.time(18))))
        for index, decision in links
    ], batch_size=1000)
    write_past_history([
        (items[index], new, timezone.make_aware(dt.datetime.combine(on, dt.time(12))),
         items[index].logged_by if not old else manager, note)
        for index, old, new, on, note in changes
    ])
    return len(events), len(items)


def _updates(decisions: dict[str, list[Any]]) -> None:
    manager = User.objects.filter(groups__name=Role.MANAGER.value).order_by("email").first()
    for title, locality_name, theme_name, you_said, we_did in UPDATES:
        update, created = Update.objects.get_or_create(title=title, defaults={
            "you_said": you_said, "we_did": we_did, "created_by": manager,
            "locality": Locality.objects.filter(name=locality_name).first() if locality_name else None,
            "theme": Theme.objects.filter(name=theme_name).first(),
            "status": Update.Status.PUBLISHED, "published_at": timezone.now(), "published_by": manager,
        })
        if created:
            update.decisions.set(decisions.get(theme_name, [])[:1])
    Update.objects.get_or_create(title="Benefits advice at the hubs", defaults={
        "you_said": "You told us you are scared that taking part could stop your benefits.",
        "we_did": "The board agreed to offer benefits advice at every community hub. We will say when it starts.",
        "created_by": manager, "theme": Theme.objects.filter(name="Money").first(),
    })
