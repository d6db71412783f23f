"""Who may see which recruitment, onboarding and development records (the pattern is in `coproduction.access`).

The co-production manager (MANAGE_PEOPLE) sees everyone's; a person sees only their own. Two public doors
need no sign-in: an open vacancy, and an applicant's own application through the private link in their email.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.http import Http404

from coproduction.access import get_owned, refuse
from coproduction.models import User
from coproduction.roles import Capability, has_capability

from .models import Application, Certificate, DevelopmentGoal, OnboardingChecklist, TrainingRecord, Vacancy
from .services import hash_token


def manages_people(user: Any) -> bool:
    return has_capability(user, Capability.MANAGE_PEOPLE)


def _own_or_managed(user: Any, person_id: int | None) -> bool:
    return (person_id is not None and person_id == user.pk) or manages_people(user)


def get_public_vacancy(pk: int) -> Vacancy:
    """An open vacancy anyone may read (no sign-in). Drafts, closed and filled ones are not found."""
    vacancy = (Vacancy.objects.select_related("role_version__role", "role_version__locality", "locality", "group")
               .filter(pk=pk, status=Vacancy.Status.OPEN).first())
    if vacancy is None or not vacancy.is_open:
        raise Http404("Not found")
    return vacancy


def get_application_by_token(token: str) -> Application:
    """The applicant's own application, found only by the private token in their email link."""
    if not token or len(token) > 100:
        raise Http404("Not found")
    digest = hash_token(token)
    application = (Application.objects.select_related("vacancy__role_version__role")
                   .filter(token_hash=digest).first())
    if application is None or not secrets.compare_digest(application.token_hash, digest):
        raise Http404("Not found")
    return application


def get_application_for_user(user: Any, pk: int) -> Application:
    return get_owned(Application.objects.select_related("vacancy__role_version__role", "vacancy__group",
                                                        "heard_locality", "person"),
                     pk, user=user, what="application", may_see=lambda found: _own_or_managed(user, found.person_id))


def get_vacancy_for_user(user: Any, pk: int) -> Vacancy:
    return get_owned(Vacancy.objects.select_related("role_version__role", "locality", "group"), pk, user=user,
                     what="vacancy", may_see=lambda found: manages_people(user))


def get_development_person_for_user(user: Any, person_pk: int) -> User:
    """Whose development record this is: your own, or anyone's for the manager."""
    return get_owned(User.objects.select_related("profile").filter(is_active=True), person_pk, user=user,
                     what="development record of person", may_see=lambda found: _own_or_managed(user, found.pk))


def get_checklist_for_user(user: Any, person_pk: int) -> OnboardingChecklist:
    checklist = OnboardingChecklist.objects.select_related("person").filter(person_id=person_pk).first()
    if checklist is None:
        raise Http404("Not found")
    if not _own_or_managed(user, checklist.person_id):
        raise refuse(user, f"onboarding of person {person_pk}")
    return checklist


def get_training_for_user(user: Any, pk: int) -> TrainingRecord:
    return get_owned(TrainingRecord.objects.select_related("person"), pk, user=user, what="training",
                     may_see=lambda found: _own_or_managed(user, found.person_id))


def get_goal_for_user(user: Any, pk: int) -> DevelopmentGoal:
    """Goals are the leader's own: only they may change them (the manager may read them on the record)."""
    return get_owned(DevelopmentGoal.objects.all(), pk, user=user, what="goal",
                     may_see=lambda found: found.person_id == user.pk)


def get_certificate_for_user(user: Any, pk: int) -> Certificate:
    return get_owned(Certificate.objects.all(), pk, user=user, what="certificate",
                     may_see=lambda found: _own_or_managed(user, found.person_id))
