"""Recruitment test data, made through the services so the rules run as they do in the portal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from recruitment import services
from recruitment.models import Application, RoleDescriptionVersion, Vacancy

ROLE_TEXT = {
    "purpose": "Leaders make sure what people live through shapes every decision.",
    "what_you_do": "Take part in the Operational Group and read papers beforehand.",
    "time_commitment": "About 6 hours a month.",
    "how_paid": "Paid for your time, with travel and care costs.",
    "support_offered": "An induction and a named contact.",
    "relevant_experience": "Experience of using mental health services, or of caring for someone who does.",
}

ANSWERS = {
    "full_name": "Chloe Martin",
    "email": "chloe@example.net",
    "phone": "",
    "preferred_contact": "email",
    "conversation_support": ["phone", "questions_in_advance"],
    "access_needs": "Mornings are better for me.",
    "interest": "I waited a long time for help and want it to be easier for others.",
    "heard_via": "community_event",
    "heard_locality": None,
    "consent": True,
}


def role_version(title: str = "Expert by Experience leader", **text: str) -> RoleDescriptionVersion:
    return services.role_description_publish(title=title, by=None, **{**ROLE_TEXT, **text})


def open_vacancy(version: RoleDescriptionVersion | None = None, **extra: Any) -> Vacancy:
    return services.vacancy_create(
        role_version=version or role_version(), closing_on=timezone.localdate() + dt.timedelta(days=30),
        status=Vacancy.Status.OPEN, **extra,
    )


def apply(vacancy: Vacancy | None = None, **answers: Any) -> tuple[Application, str]:
    """An application as the public form sends it; returns it with its private status token."""
    return services.application_submit(vacancy=vacancy or open_vacancy(), answers={**ANSWERS, **answers})


def move_to(application: Application, stage: str, *, by: Any) -> Application:
    """Walk an application along the usual path to `stage`."""
    path = {
        Application.Stage.CONVERSATION: ["conversation"],
        Application.Stage.OFFERED: ["conversation", "offered"],
        Application.Stage.ACCEPTED: ["conversation", "offered", "accepted"],
        Application.Stage.NOT_THIS_TIME: ["not_this_time"],
        Application.Stage.WITHDRAWN: ["withdrawn"],
    }[stage]
    for step in path:
        if step == "conversation":
            application = services.application_arrange_conversation(
                application=application, by=by, when=timezone.now() + dt.timedelta(days=5),
                details="A phone call from Sam.")
        elif step == "offered":
            application = services.application_offer(application=application, by=by)
        elif step == "accepted":
            application = services.application_accept(application=application, by=by)
        elif step == "not_this_time":
            application = services.application_not_this_time(application=application, by=by)
        else:
            application = services.application_withdraw(application=application, by=by)
    return application
