"""Object-level access for recruitment, onboarding and development records.

The co-production manager (MANAGE_PEOPLE) sees everyone's; a person sees only their own. Anything else is
answered with 404 (its existence is not revealed) and the refusal is recorded.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.http import Http404

from coproduction.access import _refuse
from coproduction.models import User
from coproduction.roles import Capability, has_capability

from .models import Application, Certificate, DevelopmentGoal, OnboardingChecklist, TrainingRecord, Vacancy
from .services import hash_token


def manages_people(user: Any) -> bool:
    return has_capability(user, Capability.MANAGE_PEOPLE)


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
    application = (Application.objects.select_related("vacancy__role_version__role", "vacancy__group",
                                                      "heard_locality", "person")
                   .filter(pk=pk).first())
    if application is None:
        raise Http404("Not found")
    if manages_people(user) or (application.person_id is not None and application.person_id == user.pk):
        return application
    raise _refuse(user, f"application {pk}")


def get_vacancy_for_user(user: Any, pk: int) -> Vacancy:
    vacancy = Vacancy.objects.select_related("role_version__role", "locality", "group").filter(pk=pk).first()
    if vacancy is None:
        raise Http404("Not found")
    if not manages_people(user):
        raise _refuse(user, f"vacancy {pk}")
    return vacancy


def get_development_person_for_user(user: Any, person_pk: int) -> User:
    """Whose development record this is: your own, or anyone's for the manager."""
    person = User.objects.select_related("profile").filter(pk=person_pk, is_active=True).first()
    if person is None:
        raise Http404("Not found")
    if person.pk != user.pk and not manages_people(user):
        raise _refuse(user, f"development record of person {person_pk}")
    return person


def get_checklist_for_user(user: Any, person_pk: int) -> OnboardingChecklist:
    checklist = OnboardingChecklist.objects.select_related("person").filter(person_id=person_pk).first()
    if checklist is None:
        raise Http404("Not found")
    if checklist.person_id != user.pk and not manages_people(user):
        raise _refuse(user, f"onboarding of person {person_pk}")
    return checklist


def get_training_for_user(user: Any, pk: int) -> TrainingRecord:
    training = TrainingRecord.objects.select_related("person").filter(pk=pk).first()
    if training is None:
        raise Http404("Not found")
    if training.person_id != user.pk and not manages_people(user):
        raise _refuse(user, f"training {pk}")
    return training


def get_goal_for_user(user: Any, pk: int) -> DevelopmentGoal:
    """Goals are the leader's own: only they may change them (the manager may read them on the record)."""
    goal = DevelopmentGoal.objects.filter(pk=pk).first()
    if goal is None:
        raise Http404("Not found")
    if goal.person_id != user.pk:
        raise _refuse(user, f"goal {pk}")
    return goal


def get_certificate_for_user(user: Any, pk: int) -> Certificate:
    certificate = Certificate.objects.filter(pk=pk).first()
    if certificate is None:
        raise Http404("Not found")
    if certificate.person_id != user.pk and not manages_people(user):
        raise _refuse(user, f"certificate {pk}")
    return certificate
