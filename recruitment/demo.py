"""Demo data for recruitment and onboarding: role descriptions, the group agreement, vacancies, applications at
every stage and leaders at different onboarding steps. Idempotent: natural keys and get_or_create throughout."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from coproduction.models import GovernanceGroup, Locality, User
from coproduction.transitions import write_past_history
from coproduction.upsert import upsert

from .models import (
    AgreementSignature,
    Application,
    DevelopmentGoal,
    GroupAgreementVersion,
    OnboardingChecklist,
    RoleDescription,
    RoleDescriptionVersion,
    RoleHolding,
    TrainingRecord,
    Vacancy,
)
from .services import hash_token

DOMAIN = "demo.example.org"
SUPPORT = ("An induction, a named contact in the co-production team, a debrief after meetings if you would like "
           "one, and training in how the alliance works, chairing and reading papers.")
ROLES: dict[str, list[dict[str, str]]] = {
    "Expert by Experience leader": [
        {
            "purpose": "The alliance plans and runs mental health services with the people who use them. Leaders "
                       "make sure what people live through shapes every decision.",
            "what_you_do": "Take part in the Operational Group or a working group, read papers beforehand, say "
                           "what you think, and help us listen to communities across the county.",
            "time_commitment": "About 6 hours a month, mostly weekday daytimes.",
            "how_paid": "Paid for your time at the alliance's involvement rate, with travel and care costs. You "
                        "can choose expenses only, and we will talk about benefits first.",
            "relevant_experience": "Experience of using mental health services, or of caring for someone who does.",
        },
        {
            "purpose": "The alliance plans and runs mental health services with the people who use them. Leaders "
                       "make sure what people live through shapes every decision, as equal partners.",
            "what_you_do": "Take part in the Operational Group or a working group, read papers beforehand, say "
                           "what you think, co-chair when you would like to, and help us listen to communities.",
            "time_commitment": "About 6 to 8 hours a month, mostly weekday daytimes; some meetings online.",
            "how_paid": "Paid by the hour, half day or day at the alliance's involvement rates, with travel and "
                        "care costs. You can choose expenses only, or no payment, and we will talk about "
                        "benefits first so that nothing is put at risk.",
            "relevant_experience": "Experience of using mental health services, of caring for someone who does, or "
                                   "of finding it hard to get help. In your own words: we never ask for a diagnosis.",
        },
    ],
    "Peer volunteer": [
        {
            "purpose": "Peer volunteers help people feel welcome at listening events and community groups.",
            "what_you_do": "Greet people, help run activities, and pass on what people tell us, with their consent.",
            "time_commitment": "A few hours when it suits you; there is no minimum.",
            "how_paid": "A volunteer role: travel and care costs are paid, and refreshments at every event.",
            "relevant_experience": "Knowing what it is like to struggle and to find support in your community.",
        },
    ],
    "Working group member": [
        {
            "purpose": "Working groups redesign one part of the system, such as help in a crisis.",
            "what_you_do": "Meet monthly for six to twelve months, look at how things work now and propose changes.",
            "time_commitment": "About 3 hours a month for the life of the group.",
            "how_paid": "Paid for your time at the involvement rate, with travel and care costs; expenses only if "
                        "you prefer.",
            "relevant_experience": "Experience of the part of the system the group is looking at.",
        },
    ],
}
AGREEMENT = [
    ("We treat each other as equals. Everyone's experience counts, whatever their job or title.\n\n"
     "We listen, and we let each other finish. We can disagree without blaming anyone.\n\n"
     "What people share about their lives stays in the room unless they agree otherwise.\n\n"
     "We avoid jargon and acronyms, and we explain them when we cannot.\n\n"
     "Anyone can take a break at any time, without explaining why.", ""),
    ("We treat each other as equals. Everyone's experience counts, whatever their job or title.\n\n"
     "We listen, and we let each other finish. We can disagree without blaming anyone.\n\n"
     "What people share about their lives stays in the room unless they agree otherwise.\n\n"
     "We avoid jargon and acronyms, and we explain them when we cannot.\n\n"
     "Papers arrive at least a week before a meeting, so that everyone has time to read them.\n\n"
     "Anyone can take a break at any time, without explaining why.",
     "Papers now arrive at least a week before a meeting."),
]
# (name, email local part, stage, days ago applied, channel, locality, vacancy key)
APPLICANTS = [
    ("Chloe Martin", "chloe.martin", Application.Stage.RECEIVED, 3, "community_event", "Mendip", "open"),
    ("Yusuf Ali", "yusuf.ali", Application.Stage.RECEIVED, 6, "peer_group", "Sedgemoor", "open"),
    ("Beth Walker", "beth.walker", Application.Stage.CONVERSATION, 12, "voluntary_org", "South Somerset", "open"),
    ("Owen Roberts", "owen.roberts", Application.Stage.OFFERED, 20, "friend", "Somerset West and Taunton", "open"),
    ("Grace Evans", "grace.evans", Application.Stage.NOT_THIS_TIME, 25, "social_media", "", "open"),
    ("Sean Doyle", "sean.doyle", Application.Stage.WITHDRAWN, 18, "poster", "Mendip", "open"),
    ("Priti Nair", "priti.nair", Application.Stage.RECEIVED, 2, "health_worker", "Sedgemoor", "peer"),
    ("Lena Kowalski", "lena.kowalski", Application.Stage.ACCEPTED, 70, "community_event", "Mendip", "filled"),
]
PATHS = {
    Application.Stage.RECEIVED: [],
    Application.Stage.CONVERSATION: [Application.Stage.CONVERSATION],
    Application.Stage.OFFERED: [Application.Stage.CONVERSATION, Application.Stage.OFFERED],
    Application.Stage.ACCEPTED: [Application.Stage.CONVERSATION, Application.Stage.OFFERED,
                                 Application.Stage.ACCEPTED],
    Application.Stage.NOT_THIS_TIME: [Application.Stage.CONVERSATION, Application.Stage.NOT_THIS_TIME],
    Application.Stage.WITHDRAWN: [Application.Stage.WITHDRAWN],
}
# Leaders at different onboarding steps: local part -> steps done.
ONBOARDING = {
    "lena.kowalski": ["payment", "benefits"],
    "gary.fletcher": [],
    "niamh.oconnor": ["payment"],
    "tom.hughes": ["payment", "benefits", "induction", "first_meeting"],
}
# Who signed which agreement version (the rest have signed the current one).
SIGNED_ONLY_FIRST = {"gary.fletcher", "niamh.oconnor"}
NOT_SIGNED = {"lena.kowalski"}
DEMO_STATUS_TOKEN = "demo-status-link-chloe-martin"  # noqa: S105 - printed so people can try the status page


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DOMAIN}").first()


def load(*, stdout: Any = None) -> None:
    now = timezone.now()
    today = timezone.localdate()
    manager = _user("sam.carter")
    versions: dict[str, list[RoleDescriptionVersion]] = {}
    for title, texts in ROLES.items():
        role, _ = RoleDescription.objects.get_or_create(title=title)
        versions[title] = []
        for number, text in enumerate(texts, start=1):
            version, _ = RoleDescriptionVersion.objects.get_or_create(
                role=role, number=number,
                defaults={**text, "support_offered": SUPPORT, "published_by": manager,
                          "published_at": now - dt.timedelta(days=400 - 200 * number)},
            )
            versions[title].append(version)

    agreements = []
    for number, (text, changed) in enumerate(AGREEMENT, start=1):
        version, _ = GroupAgreementVersion.objects.get_or_create(
            number=number, defaults={"text": text, "what_changed": changed, "published_by": manager,
                                     "published_at": now - dt.timedelta(days=400 - 150 * number)})
        agreements.append(version)

    operational = GovernanceGroup.objects.get(name="Operational Group")
    leader_version = versions["Expert by Experience leader"]
    vacancies = {
        "filled": Vacancy.objects.get_or_create(
            role_version=leader_version[0], group=operational, status=Vacancy.Status.FILLED,
            defaults={"closing_on": today - dt.timedelta(days=60), "places": 1})[0],
        "open": upsert(
            Vacancy.objects, role_version=leader_version[1], group=operational,
            values={"status": Vacancy.Status.OPEN, "closing_on": today + dt.timedelta(days=30), "places": 2,
                      "introduction": "The Operational Group has two places for Experts by Experience leaders."})[0],
        "peer": upsert(
            Vacancy.objects, role_version=versions["Peer volunteer"][0], group=None,
            values={"status": Vacancy.Status.OPEN, "closing_on": today + dt.timedelta(days=45), "places": 4})[0],
    }
    localities = {locality.name: locality for locality in Locality.objects.all()}
    for name, local, stage, days_ago, channel, locality, vacancy_key in APPLICANTS:
        email = f"{local}@{'applicant.example.org' if stage != Application.Stage.ACCEPTED else DOMAIN}"
        submitted = now - dt.timedelta(days=days_ago)
        application, created = Application.objects.get_or_create(
            vacancy=vacancies[vacancy_key], email=email,
            defaults={
                "full_name": name, "preferred_contact": "email", "heard_via": channel,
                "heard_locality": localities.get(locality), "consent_given_at": submitted,
                "submitted_at": submitted, "stage": stage,
                "stage_changed_at": submitted + dt.timedelta(days=len(PATHS[stage]) * 3),
                "interest": "I want services to listen to people like me, and I know what it is like to wait.",
                "conversation_support": ["phone", "questions_in_advance"] if days_ago % 2 else ["supporter"],
                "token_hash": hash_token(DEMO_STATUS_TOKEN if local == "chloe.martin" else f"demo-{local}-{now}"),
                "person": _user(local) if stage == Application.Stage.ACCEPTED else None,
            },
        )
        if created:
            # Its history as it happened: sent by the applicant, then each move by the manager.
            Application.history.filter(id=application.pk).delete()
            write_past_history([(application, Application.Stage.RECEIVED, submitted, None, "")] + [
                (application, to_stage, submitted + dt.timedelta(days=3 * step), manager, "")
                for step, to_stage in enumerate(PATHS[stage], start=1)], field="stage")
            if Application.Stage.CONVERSATION in PATHS[stage]:
                Application.objects.filter(pk=application.pk).update(
                    conversation_at=submitted + dt.timedelta(days=8),
                    conversation_details="A phone call from Sam Carter.")

    leaders = User.objects.filter(email__endswith=f"@{DOMAIN}", groups__name="Expert by Experience leader")
    lena_application = Application.objects.filter(email=f"lena.kowalski@{DOMAIN}").first()
    for leader in leaders:
        local = leader.email.split("@")[0]
        version = leader_version[0]
        RoleHolding.objects.get_or_create(
            person=leader, role_version=version,
            defaults={"accepted_at": now - dt.timedelta(days=60 if local == "lena.kowalski" else 400),
                      "application": lena_application if local == "lena.kowalski" else None})
        if local not in NOT_SIGNED:
            AgreementSignature.objects.get_or_create(version=agreements[0], person=leader,
                                                     defaults={"typed_name": leader.full_name})
        if local not in NOT_SIGNED | SIGNED_ONLY_FIRST:
            AgreementSignature.objects.get_or_create(version=agreements[1], person=leader,
                                                     defaults={"typed_name": leader.full_name})
        if local in ONBOARDING:
            checklist, created = OnboardingChecklist.objects.get_or_create(
                person=leader, defaults={"started_at": now - dt.timedelta(days=60)})
            if created:
                for step in ONBOARDING[local]:
                    setattr(checklist, f"{step}_done_at", now - dt.timedelta(days=50))
                    setattr(checklist, f"{step}_done_by", manager)
                if "first_meeting" in ONBOARDING[local]:
                    checklist.first_meeting_note = "Operational Group"
                checklist.save()

    jo = _user("jo.bennett")
    if jo is not None:
        TrainingRecord.objects.get_or_create(
            person=jo, title="Chairing meetings well",
            defaults={"offered_on": today - dt.timedelta(days=90), "completed_on": today - dt.timedelta(days=60),
                      "added_by": manager})
        TrainingRecord.objects.get_or_create(
            person=jo, title="Reading budgets and finance papers",
            defaults={"offered_on": today - dt.timedelta(days=10), "added_by": manager})
        DevelopmentGoal.objects.get_or_create(person=jo, goal="Co-chair a working group",
                                              defaults={"steps": "Shadow the chair of the crisis working group."})
    if stdout is not None:
        stdout.write("Recruitment: open roles at /join/; a demo applicant's status page is "
                     f"/join/status/{DEMO_STATUS_TOKEN}/")
