"""Personal data: a registry of what each app holds about a person, the expiring download link, erasure.

Each app registers its sections from `<app>/personal_data.py` (imported in its `AppConfig.ready()`):
`register_section(name, collect, erase)`. `collect(user)` returns only that person's data (never another
person's name or words, never a secret); `erase(user)` removes or pseudonymises it and is called by
`person_erase`, inside its transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

ERASED_TEXT = "[removed on erasure]"
DOWNLOAD_SALT = "coproduction.privacy.my-data-download"
DOWNLOAD_MAX_AGE = 60 * 60  # one hour


@dataclass(frozen=True)
class Section:
    name: str
    collect: Callable[[Any], dict | list]
    erase: Callable[[Any], None] | None


_sections: dict[str, Section] = {}


def register_section(name: str, collect: Callable[[Any], dict | list],
                     erase: Callable[[Any], None] | None = None) -> None:
    """Add (or replace, by name) a section of personal data."""
    _sections[name] = Section(name, collect, erase)


def sections() -> list[Section]:
    return list(_sections.values())


def collect_sections(user: Any) -> dict[str, Any]:
    return {section.name: section.collect(user) for section in _sections.values()}


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


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
        from .models import DataRetention

        years = DataRetention.load().payment_records_years
    end = financial_year_end(day)
    return dt.date(end.year + years, 3, 31)


# --- Erasure ------------------------------------------------------------------------------------------------


def pseudonymous_email(user: Any) -> str:
    return f"erased-{user.pk}@invalid.example"


def _scrub_history(model: Any, **filters: Any) -> None:
    """Delete the simple_history rows of records that were deleted."""
    history = getattr(model, "history", None)
    if history is not None:
        history.model.objects.filter(**filters).delete()


@transaction.atomic
def person_erase(*, person: Any, by: Any, note: str = "") -> Any:
    """Pseudonymise a person and remove their personal data; keep payment records (for the retention period).

    Returns the ErasureRequest recording who carried it out and when.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.models import Session
    from django.db.models import Q

    from .models import (
        AgreementSignature,
        Application,
        ApplicationEvent,
        Certificate,
        DevelopmentGoal,
        ErasureRequest,
        OnboardingChecklist,
        OutgoingEmail,
        Profile,
        TrainingRecord,
        User,
    )

    person = User.objects.select_for_update().get(pk=person.pk)
    old_email = person.email
    alias = pseudonymous_email(person)
    name = f"Former member {person.pk}"

    # Registered sections first (payments, meetings, engagement), while the old email is still known.
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

    # Applications (with their steps) and development records, with their files.
    applications = Application.objects.filter(Q(person=person) | Q(email__iexact=old_email))
    application_ids = list(applications.values_list("pk", flat=True))
    ApplicationEvent.objects.filter(application_id__in=application_ids).delete()
    applications.delete()
    _scrub_history(Application, id__in=application_ids)
    for certificate in Certificate.objects.filter(person=person):
        default_storage.delete(certificate.storage_name)
        certificate.delete()
    TrainingRecord.objects.filter(person=person).delete()
    DevelopmentGoal.objects.filter(person=person).delete()
    _scrub_history(TrainingRecord, person=person)  # after the deletes: a delete writes a history row too
    _scrub_history(DevelopmentGoal, person=person)
    AgreementSignature.objects.filter(person=person).update(typed_name=name)
    OnboardingChecklist.objects.filter(person=person).update(first_meeting_note="")
    OnboardingChecklist.history.filter(person=person).update(first_meeting_note="")

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
