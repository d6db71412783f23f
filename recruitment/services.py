"""Recruitment rules: role descriptions, vacancies and the application pipeline.

Each move of an application is one function here. It checks the move is allowed from the stage the
application is in *now* (read under a row lock), records who moved it, when and why (one history record, through
`coproduction.transitions`), and queues the email that belongs to that step.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

import bleach
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from coproduction.mail import absolute_url, queue_email
from coproduction.models import GovernanceGroup, Locality, Membership, OutgoingEmail, Profile, User
from coproduction.roles import Role, forget_roles
from coproduction.transitions import record_history, transition

from .models import (
    Application,
    OnboardingChecklist,
    RecruitmentSettings,
    RoleDescription,
    RoleDescriptionVersion,
    RoleHolding,
    Vacancy,
)

Stage = Application.Stage
INVITATION_AGAIN = "Invitation sent again"

# Which stage may follow which. Accepted, not this time and withdrawn are final.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    Stage.RECEIVED: frozenset({Stage.CONVERSATION, Stage.NOT_THIS_TIME, Stage.WITHDRAWN}),
    Stage.CONVERSATION: frozenset({Stage.OFFERED, Stage.NOT_THIS_TIME, Stage.WITHDRAWN}),
    Stage.OFFERED: frozenset({Stage.ACCEPTED, Stage.NOT_THIS_TIME, Stage.WITHDRAWN}),
    Stage.ACCEPTED: frozenset(),
    Stage.NOT_THIS_TIME: frozenset(),
    Stage.WITHDRAWN: frozenset(),
}

ROLE_TEXT_FIELDS = ("purpose", "what_you_do", "time_commitment", "how_paid", "support_offered",
                    "relevant_experience")


class MoveNotAllowed(Exception):
    """The application is not at a stage from which this move can be made (perhaps someone moved it first)."""


def plain_text(value: str) -> str:
    """Text people type, kept as plain text: any markup is removed (it is escaped again when shown)."""
    return bleach.clean(value or "", tags=set(), attributes={}, strip=True).strip()


# --- Role descriptions and vacancies ---------------------------------------------------------------------


def role_description_publish(*, title: str, by: Any, locality: Locality | None = None,
                             **text: str) -> RoleDescriptionVersion:
    """Publish a new version of the role description called `title` (created if new). Old versions stay."""
    missing = [name for name in ROLE_TEXT_FIELDS if not (text.get(name) or "").strip()]
    if missing:
        raise ValueError(f"Missing: {', '.join(missing)}")
    with transaction.atomic():
        role, _ = RoleDescription.objects.get_or_create(title=title.strip())
        RoleDescription.objects.select_for_update().filter(pk=role.pk).first()
        latest = role.versions.aggregate(latest=Max("number"))["latest"] or 0
        return RoleDescriptionVersion.objects.create(
            role=role, number=latest + 1, locality=locality, published_by=by if by and by.pk else None,
            **{name: plain_text(text[name]) for name in ROLE_TEXT_FIELDS},
        )


def vacancy_create(*, role_version: RoleDescriptionVersion, closing_on: dt.date, places: int = 1,
                   locality: Locality | None = None, group: GovernanceGroup | None = None,
                   introduction: str = "", status: str = Vacancy.Status.DRAFT) -> Vacancy:
    return Vacancy.objects.create(role_version=role_version, closing_on=closing_on, places=places,
                                  locality=locality, group=group, introduction=plain_text(introduction),
                                  status=status)


def vacancy_set_status(*, vacancy: Vacancy, status: str) -> Vacancy:
    if status not in Vacancy.Status.values:
        raise ValueError(status)
    vacancy.status = status
    vacancy.save(update_fields=["status"])
    return vacancy


# --- Applications ------------------------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def status_path(token: str) -> str:
    return reverse("recruitment_status", args=[token])


def status_token(application: Application) -> str:
    """The private status token: made from the application and SECRET_KEY, so it is never stored (only its
    hash, to find the application) and the receipt email is given the link as it is sent."""
    value = f"{application.pk}:{application.consent_given_at.isoformat()}"
    return salted_hmac("recruitment.application-status", value, algorithm="sha256").hexdigest()


def _status_link(application_pk: int) -> str:
    application = Application.objects.get(pk=application_pk)
    token = status_token(application)
    if application.token_hash != hash_token(token):  # SECRET_KEY changed since: this link is the one that works
        Application.objects.filter(pk=application.pk).update(token_hash=hash_token(token))
    return absolute_url(status_path(token))


def received_links(email: OutgoingEmail) -> tuple[dict[str, str], dict[str, str]]:
    """The receipt's private status link, made as it is sent (`coproduction.mail.SEND_TIME_LINKS`)."""
    application_pk = int(email.key.split(":")[1])  # "application:<pk>:received"
    return {"status_url": _status_link(application_pk)}, {}


def welcome_links(email: OutgoingEmail) -> tuple[dict[str, str], dict[str, str]]:
    """The welcome email's set-password link, made as it is sent (`coproduction.mail.SEND_TIME_LINKS`): a
    working link is never stored with the email."""
    if email.recipient_id is None:
        return {}, {}
    return {"set_password_url": absolute_url(invitation_path(User.objects.get(pk=email.recipient_id)))}, {}


def application_submit(*, vacancy: Vacancy, answers: dict[str, Any]) -> tuple[Application, str]:
    """Record an application and email the applicant a receipt with their private status link.

    Returns the application and the status token (shown once; only its hash is kept).
    """
    if not vacancy.is_open:
        raise MoveNotAllowed("This vacancy is not open for applications.")
    if not answers.get("consent"):
        raise ValueError("Consent to store the applicant's details is required.")
    locality_id = answers.get("heard_locality") or None
    with transaction.atomic():
        application = Application.objects.create(
            vacancy=vacancy,
            full_name=plain_text(answers["full_name"]),
            email=answers["email"].strip().lower(),
            phone=plain_text(answers.get("phone", "")),
            preferred_contact=answers.get("preferred_contact") or Profile.ContactMethod.EMAIL,
            conversation_support=[value for value in answers.get("conversation_support", [])
                                  if value in Application.Support.values],
            access_needs=plain_text(answers.get("access_needs", "")),
            interest=plain_text(answers["interest"]),
            heard_via=answers["heard_via"],
            heard_locality_id=int(locality_id) if locality_id else None,
            consent_given_at=timezone.now(),
            token_hash=hash_token(secrets.token_urlsafe(32)),  # replaced below by the hash of the real token
        )
        token = status_token(application)
        Application.objects.filter(pk=application.pk).update(token_hash=hash_token(token))
        queue_email(
            key=f"application:{application.pk}:received", to=application.email, template="recruitment-received",
            context={"application": application, "role_title": vacancy.role_version.role.title,
                     "status_url": "[[status_url]]"},  # filled as it is sent
        )
    return application, token


def _move(application: Application, to_stage: str, *, by: Any, note: str = "",
          **changes: Any) -> Application:
    """Move under a row lock; raise MoveNotAllowed if the stage it is in now does not allow it."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if to_stage not in ALLOWED_MOVES[locked.stage]:
        raise MoveNotAllowed(
            f"An application that is '{locked.get_stage_display()}' cannot move to "
            f"'{Stage(to_stage).label}'."
        )
    transition(locked, field="stage", to=to_stage, allowed_from=[locked.stage],
               by=by if getattr(by, "pk", None) else None, note=plain_text(note), stage_changed_at=timezone.now(),
               **changes)
    return locked


def _email_applicant(application: Application, template: str, **context: Any) -> None:
    queue_email(
        key=f"application:{application.pk}:{application.stage}", to=application.email, template=template,
        recipient=application.person,
        context={"application": application, "role_title": application.vacancy.role_version.role.title,
                 **context},
    )


def application_arrange_conversation(*, application: Application, by: Any, when: dt.datetime,
                                     details: str) -> Application:
    with transaction.atomic():
        moved = _move(application, Stage.CONVERSATION, by=by, note=details, conversation_at=when,
                      conversation_details=plain_text(details))
        _email_applicant(moved, "recruitment-conversation")
    return moved


def application_offer(*, application: Application, by: Any, note: str = "") -> Application:
    with transaction.atomic():
        moved = _move(application, Stage.OFFERED, by=by, note=note)
        _email_applicant(moved, "recruitment-offered", note=plain_text(note))
    return moved


def application_not_this_time(*, application: Application, by: Any, note: str = "") -> Application:
    """A kind "not this time": the email thanks them and says what happens to their details."""
    with transaction.atomic():
        moved = _move(application, Stage.NOT_THIS_TIME, by=by, note=note)
        _email_applicant(moved, "recruitment-not-this-time", note=plain_text(note),
                         retention_months=RecruitmentSettings.load().retention_months)
    return moved


def application_withdraw(*, application: Application, by: Any = None, note: str = "") -> Application:
    """Withdrawn by the applicant (by=None, from their status page) or recorded by the manager."""
    with transaction.atomic():
        moved = _move(application, Stage.WITHDRAWN, by=by, note=note)
        _email_applicant(moved, "recruitment-withdrawn",
                         retention_months=RecruitmentSettings.load().retention_months)
    return moved


def onboarding_start(*, person: User) -> OnboardingChecklist:
    """A new leader's first-steps checklist (kept if they already have one)."""
    checklist, _ = OnboardingChecklist.objects.get_or_create(person=person)
    return checklist


def application_accept(*, application: Application, by: Any) -> Application:
    """They accepted the place: an account by invitation, the leader role, the role version they accepted,
    a membership of the vacancy's group (if any) and their onboarding checklist. The welcome email has a link
    to set a password."""
    with transaction.atomic():
        moved = _move(application, Stage.ACCEPTED, by=by)
        person, created = User.objects.get_or_create(
            email=moved.email, defaults={"full_name": moved.full_name}
        )
        if created:
            person.set_unusable_password()
            person.save(update_fields=["password"])
        profile, _ = Profile.objects.get_or_create(user=person)
        if not profile.phone and moved.phone:
            profile.phone = moved.phone
            profile.preferred_contact = moved.preferred_contact
            profile.save(update_fields=["phone", "preferred_contact", "updated_at"])
        person.groups.add(Group.objects.get_or_create(name=Role.LEADER.value)[0])
        forget_roles(person)
        Application.objects.filter(pk=moved.pk).update(person=person)
        moved.person = person
        vacancy = moved.vacancy
        RoleHolding.objects.create(person=person, role_version=vacancy.role_version, application=moved)
        if vacancy.group_id and not Membership.objects.current().filter(
            group_id=vacancy.group_id, person=person, role_in_group=Membership.RoleInGroup.EBE_LEADER
        ).exists():
            Membership.objects.create(group_id=vacancy.group_id, person=person,
                                      role_in_group=Membership.RoleInGroup.EBE_LEADER)
        onboarding_start(person=person)
        invitation_send(person=person, application=moved)
    return moved


def invitation_path(person: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    return reverse("recruitment_set_password", args=[uid, default_token_generator.make_token(person)])


def invitation_send(*, person: User, application: Application | None = None, again: int = 0) -> None:
    """The welcome email. A person without a password gets a link to set one (it works once, for
    PASSWORD_RESET_TIMEOUT); someone who already signs in is told to sign in as usual."""
    needs_password = not person.has_usable_password()
    key = f"application:{application.pk}:accepted" if application else f"invitation:{person.pk}"
    if again:
        key = f"{key}:again:{again}"
    queue_email(
        key=key, to=person.email, template="recruitment-welcome", recipient=person,
        context={
            "person": person,
            "role_title": application.vacancy.role_version.role.title if application else Role.LEADER.value,
            "set_password_url": "[[set_password_url]]" if needs_password else "",  # filled as it is sent
            "sign_in_url": absolute_url(reverse("account_login")),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )


def invitation_resend(*, application: Application, by: Any) -> None:
    if application.stage != Stage.ACCEPTED or application.person is None:
        raise MoveNotAllowed("Only an accepted application has an invitation to send again.")
    count = application.history.filter(history_change_reason__startswith=INVITATION_AGAIN).count()
    record_history([application], by=by, note=INVITATION_AGAIN)
    invitation_send(person=application.person, application=application, again=count + 1)
