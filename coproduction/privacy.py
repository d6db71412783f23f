"""Personal data: a registry of what each app holds about a person, the expiring download link, erasure.

Each app registers its sections from `<app>/personal_data.py` (imported in its `AppConfig.ready()`):
`register_section(name, collect, erase)`. `collect(user)` returns only that person's data (never another
person's name or words, never a secret); `erase(user)` removes or pseudonymises it and is called by
`person_erase`, inside its transaction. A section whose readable page shows less than the download (a list of
claims, not every step of each) may give `readable(user)` for that page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import DataRetention, ErasureRequest, Membership, OutgoingEmail, Profile, User
from .roles import roles_of

ERASED_TEXT = "[removed on erasure]"
DOWNLOAD_SALT = "coproduction.privacy.my-data-download"
DOWNLOAD_MAX_AGE = 60 * 60  # one hour


@dataclass(frozen=True)
class Section:
    name: str
    collect: Callable[[Any], dict | list]
    erase: Callable[[Any], None] | None
    readable: Callable[[Any], dict | list] | None = None


_sections: dict[str, Section] = {}


def register_section(name: str, collect: Callable[[Any], dict | list],
                     erase: Callable[[Any], None] | None = None, *,
                     readable: Callable[[Any], dict | list] | None = None) -> None:
    """Add (or replace, by name) a section of personal data."""
    _sections[name] = Section(name, collect, erase, readable)


def sections() -> list[Section]:
    return list(_sections.values())


def collect_sections(user: Any) -> dict[str, Any]:
    return {section.name: section.collect(user) for section in _sections.values()}


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def local_iso(value: dt.date | dt.datetime | None) -> str | None:
    """A date as is; a moment in UK time, to the second."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


# --- The expiring download link ---------------------------------------------------------------------------


def download_token(user: Any) -> str:
    """A signed token bound to this user, valid for an hour."""
    return signing.TimestampSigner(salt=DOWNLOAD_SALT).sign(str(user.pk))


def download_token_user_id(token: str) -> int | None:
    """The user id the token was made for, or None when it is tampered with or older than an hour."""
    try:
        value = signing.TimestampSigner(salt=DOWNLOAD_SALT).unsign(token, max_age=DOWNLOAD_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    return int(value) if value.isdigit() else None


# --- Retention: the alliance's financial year runs April to March ------------------------------------------


def financial_year_end(day: dt.date) -> dt.date:
    """31 March ending the financial year `day` is in (2026-05-10 -> 2027-03-31; 2026-02-01 -> 2026-03-31)."""
    return dt.date(day.year + 1 if day.month >= 4 else day.year, 3, 31)


def payment_records_kept_until(day: dt.date, *, years: int | None = None) -> dt.date:
    """The last day a payment record dated `day` is kept (years after the end of its financial year)."""
    if years is None:
        years = DataRetention.load().payment_records_years
    end = financial_year_end(day)
    return dt.date(end.year + years, 3, 31)


# --- Erasure ------------------------------------------------------------------------------------------------


def pseudonymous_email(user: Any) -> str:
    return f"erased-{user.pk}@invalid.example"


def scrub_history(model: Any, **filters: Any) -> None:
    """Delete the simple_history rows of records that were deleted."""
    history = getattr(model, "history", None)
    if history is not None:
        history.model.objects.filter(**filters).delete()


@transaction.atomic
def person_erase(*, person: Any, by: Any, note: str = "") -> ErasureRequest:
    """Pseudonymise a person and remove their personal data; keep payment records (for the retention period).

    Returns the ErasureRequest recording who carried it out and when.
    """
    person = User.objects.select_for_update().get(pk=person.pk)
    old_email = person.email
    alias = pseudonymous_email(person)
    name = f"Former member {person.pk}"

    # Registered sections first (recruitment, meetings, payments, engagement), while the old email is known.
    for section in _sections.values():
        if section.erase is not None:
            section.erase(person)

    # Sign-in: addresses, second factors, sessions.
    EmailAddress.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()
    session_keys = list(UserSession.objects.filter(user=person).values_list("session_key", flat=True))
    UserSession.objects.filter(user=person).delete()
    for session in Session.objects.all().iterator():
        if session.session_key in session_keys or str(session.get_decoded().get("_auth_user_id")) == str(person.pk):
            session.delete()

    # Recorded emails keep that they were sent, not what they said.
    OutgoingEmail.objects.filter(Q(recipient=person) | Q(to__iexact=old_email)).update(
        to=alias, subject=ERASED_TEXT, body_text=ERASED_TEXT, body_html="", attachments=[], error="")

    # Profile and its history.
    cleared = {"preferred_name": "", "pronouns": "", "phone": "", "access_needs": ""}
    Profile.objects.filter(user=person).update(**cleared)
    Profile.history.filter(user=person).update(**cleared)

    # The account itself: pseudonymous, unusable, inactive.
    person.full_name = name
    person.email = alias
    person.set_unusable_password()
    person.is_active = False
    person.save()
    user_history = getattr(User, "history", None)
    if user_history is not None:
        user_history.filter(id=person.pk).update(full_name=name, email=alias)

    request = (ErasureRequest.objects.filter(person=person, carried_out_at__isnull=True).first()
               or ErasureRequest(person=person, requested_by=by))
    request.carried_out_at = timezone.now()
    request.carried_out_by = by
    if note:
        request.note = note
    request.save()
    return request


# --- Everything held about a person -------------------------------------------------------------------------


def account(user: User) -> dict[str, Any]:
    """Name, email, dates and roles: the first part of a person's data (the roles come with the user)."""
    return {"full_name": user.full_name, "email": user.email, "joined": local_iso(user.date_joined),
            "last_sign_in": local_iso(user.last_login), "roles": sorted(role.value for role in roles_of(user))}


def _profile(user: User) -> dict[str, Any] | None:
    profile = Profile.objects.filter(user=user).select_related("locality").first()
    return None if profile is None else {
        "preferred_name": profile.preferred_name, "pronouns": profile.pronouns, "phone": profile.phone,
        "preferred_contact": profile.get_preferred_contact_display(), "access_needs": profile.access_needs,
        "locality": profile.locality.name if profile.locality else None,
    }


def _memberships(user: User) -> list[dict[str, Any]]:
    return [
        {"group": m.group.name, "role": m.get_role_in_group_display(), "started_on": local_iso(m.started_on),
         "ended_on": local_iso(m.ended_on)}
        for m in Membership.objects.filter(person=user).select_related("group").order_by("started_on")
    ]


def _emails(user: User) -> list[dict[str, Any]]:
    return [
        {"subject": e.subject, "sent_to": e.to, "status": e.get_status_display(),
         "created_at": local_iso(e.created_at), "sent_at": local_iso(e.sent_at), "text": e.body_text}
        for e in OutgoingEmail.objects.filter(Q(recipient=user) | Q(to__iexact=user.email)).order_by("created_at")
    ]


def person_data(user: User) -> dict[str, Any]:
    """What the portal holds about this person, and nothing about anyone else (no other person's name)."""
    return {
        "generated_at": local_iso(timezone.now()),
        "account": account(user),
        "profile": _profile(user),
        "memberships": _memberships(user),
        "emails_sent_to_you": _emails(user),
        # Every other app's sections: sign-in, recruitment, meetings, payments, listening.
        **collect_sections(user),
    }


@dataclass(frozen=True)
class ReadablePart:
    """One page of the readable copy: the page lists the parts, each part is read only when it is opened."""
    slug: str
    title: str
    about: str
    read: Callable[[Any], dict[str, Any]]


def _section(name: str) -> Callable[[Any], dict[str, Any]]:
    def read(user: Any) -> dict[str, Any]:
        section = _sections.get(name)
        if section is None:
            return {name: {}}
        return {name: (section.readable or section.collect)(user)}
    return read


READABLE_PARTS: list[ReadablePart] = [
    ReadablePart("profile", "Your profile and groups", "How you like to be contacted, what helps you take part, "
                 "and the groups you are in.",
                 lambda user: {"profile": _profile(user), "memberships": _memberships(user)}),
    ReadablePart("recruitment", "Your role, training and the group agreement", "The roles you hold, your "
                 "application, first steps, training, goals and certificates.", _section("recruitment")),
    ReadablePart("meetings", "Meetings", "Meetings you went to, the formats you asked for, and your calendar "
                 "links.", _section("meetings")),
    ReadablePart("payments", "Payments", "How you are paid, the benefits you chose to record, and your claims.",
                 _section("payments")),
    ReadablePart("listening", "Community listening", "Listening events you ran or helped at.",
                 _section("listening")),
    ReadablePart("emails", "Emails we sent you", "Every email the portal sent you, with its words.",
                 lambda user: {"emails_sent_to_you": _emails(user)}),
    ReadablePart("sign_in", "Signing in", "Your email addresses, second factors and where you are signed in.",
                 _section("sign_in")),
]


def readable_part(slug: str) -> ReadablePart | None:
    return next((part for part in READABLE_PARTS if part.slug == slug), None)
