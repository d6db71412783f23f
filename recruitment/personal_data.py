"""Recruitment: what this app holds about a person (roles held, agreement signatures, onboarding, development
records, applications), and erasure of it."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Q

from coproduction.privacy import local_iso, register_section, scrub_history
from coproduction.transitions import steps_of_many

from .models import (
    AgreementSignature,
    Application,
    Certificate,
    DevelopmentGoal,
    OnboardingChecklist,
    TrainingRecord,
)
from .selectors import person_signature_state, role_holdings


def _applications(user: Any) -> Any:
    return Application.objects.filter(Q(person=user) | Q(email__iexact=user.email))


def collect(user: Any) -> dict[str, Any]:
    checklist = OnboardingChecklist.objects.filter(person=user).first()
    applications = list(_applications(user).select_related("vacancy__role_version__role", "heard_locality"))
    application_steps = steps_of_many(Application, [a.pk for a in applications], field="stage")
    return {
        "roles_held": [
            {"role": h.role_version.role.title, "version_accepted": h.role_version.number,
             "accepted_at": local_iso(h.accepted_at), "ended_on": local_iso(h.ended_on)}
            for h in role_holdings(user)
        ],
        "agreement_signatures": [
            {"version": s.version.number, "typed_name": s.typed_name, "signed_on": local_iso(s.signed_on)}
            for s in AgreementSignature.objects.filter(person=user).select_related("version")
        ],
        "agreement_current_version_signed": person_signature_state(user)["signed"],
        "onboarding": None if checklist is None else {
            "started_at": local_iso(checklist.started_at),
            **{label: local_iso(getattr(checklist, f"{key}_done_at"))
               for key, label in OnboardingChecklist.STEPS.items()},
            "first_meeting_note": checklist.first_meeting_note,
            "took_up_benefits_advice": checklist.benefits_advice_taken,
        },
        "training": [
            {"title": t.title, "detail": t.detail, "offered_on": local_iso(t.offered_on),
             "completed_on": local_iso(t.completed_on)}
            for t in TrainingRecord.objects.filter(person=user)
        ],
        "goals": [
            {"goal": g.goal, "steps": g.steps, "added_on": local_iso(g.added_on),
             "achieved_on": local_iso(g.achieved_on)}
            for g in DevelopmentGoal.objects.filter(person=user)
        ],
        "certificates": [
            {"title": c.title, "filename": c.filename, "type": c.mimetype, "size_bytes": c.size,
             "uploaded_at": local_iso(c.uploaded_at)}
            for c in Certificate.objects.filter(person=user)
        ],
        "applications": [
            {"role": a.vacancy.role_version.role.title, "submitted_at": local_iso(a.submitted_at),
             "full_name": a.full_name, "email": a.email, "phone": a.phone,
             "preferred_contact": a.get_preferred_contact_display(),
             "support_for_conversation": a.support_labels(), "access_needs": a.access_needs,
             "why_interested": a.interest, "heard_via": a.get_heard_via_display(),
             "heard_locality": a.heard_locality.name if a.heard_locality else None,
             "consent_given_at": local_iso(a.consent_given_at), "stage": a.get_stage_display(),
             "steps": [{"stage": s.to_label, "at": local_iso(s.at)} for s in application_steps.get(a.pk, [])]}
            for a in applications
        ],
    }


def erase(person: Any) -> None:
    """Applications (found by account or email) with their steps, and development records with their files,
    are deleted; signatures keep that a version was signed, under the pseudonym."""
    applications = _applications(person)
    application_ids = list(applications.values_list("pk", flat=True))
    applications.delete()
    scrub_history(Application, id__in=application_ids)
    for certificate in Certificate.objects.filter(person=person):
        default_storage.delete(certificate.storage_name)
        certificate.delete()
    TrainingRecord.objects.filter(person=person).delete()
    DevelopmentGoal.objects.filter(person=person).delete()
    scrub_history(TrainingRecord, person=person)  # after the deletes: a delete writes a history row too
    scrub_history(DevelopmentGoal, person=person)
    AgreementSignature.objects.filter(person=person).update(typed_name=f"Former member {person.pk}")
    OnboardingChecklist.objects.filter(person=person).update(first_meeting_note="")
    OnboardingChecklist.history.filter(person=person).update(first_meeting_note="")


register_section("recruitment", collect, erase)
