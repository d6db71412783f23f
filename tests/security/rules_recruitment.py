"""Who may open each recruitment, onboarding, group agreement and development URL (coproduction/urls.py).

The permission matrix (README.md): the co-production manager recruits and manages people's onboarding,
memberships and development records; finance approvers, board members and admins have no recruitment access
(403 for the manager's pages, 404 for someone else's record); a leader sees only their own onboarding,
development record and data (404 for another's). The vacancies, the application steps, the applicant's status
page (with its private token) and the set-password page (with a valid link) need no sign-in.

Object URLs build their object owned by the `leader` persona through the recruitment services, as the portal
does, and return the URL kwargs.
"""

from __future__ import annotations

from typing import Any

from tests.security.access_rules import SIGNED_IN, Rule

MANAGER = ["manager"]
OWNER_AND_MANAGER = ["leader", "manager"]


# --- Builders -------------------------------------------------------------------------------------------------


def _open_vacancy(personas: dict[str, Any]) -> dict[str, Any]:
    from tests.recruitment.factories import open_vacancy

    return {"pk": open_vacancy().pk}


def _first_application_step(personas: dict[str, Any]) -> dict[str, Any]:
    from tests.recruitment.factories import open_vacancy

    return {"pk": open_vacancy().pk, "step": "name"}


def _status_token(personas: dict[str, Any]) -> dict[str, Any]:
    from tests.recruitment.factories import apply

    _, token = apply()
    return {"token": token}


def _invitation_link(personas: dict[str, Any]) -> dict[str, Any]:
    """The link in the welcome email of someone just accepted (a fresh account, no password yet)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from tests.recruitment.factories import apply, move_to

    application, _ = apply(email="newcomer@example.net")
    person = move_to(application, "accepted", by=personas["manager"]).person
    return {"uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person)}


def _role(personas: dict[str, Any]) -> dict[str, Any]:
    from tests.recruitment.factories import role_version

    return {"pk": role_version().role_id}


def _role_version(personas: dict[str, Any]) -> dict[str, Any]:
    from tests.recruitment.factories import role_version

    version = role_version()
    return {"pk": version.role_id, "number": version.number}


def _received_application(personas: dict[str, Any]) -> dict[str, Any]:
    from tests.recruitment.factories import apply

    application, _ = apply()
    return {"pk": application.pk}


def _application_to_move(personas: dict[str, Any]) -> dict[str, Any]:
    return {**_received_application(personas), "move": "conversation"}


def _leaders_own_application(personas: dict[str, Any]) -> dict[str, Any]:
    """The application the leader made: accepted, so it is linked to their account (found by email)."""
    from tests.recruitment.factories import apply, move_to

    leader = personas["leader"]
    application, _ = apply(full_name=leader.full_name, email=leader.email)
    application = move_to(application, "accepted", by=personas["manager"])
    assert application.person_id == leader.pk
    return {"pk": application.pk}


def _agreement_version(personas: dict[str, Any]) -> dict[str, Any]:
    from recruitment import onboarding as onboarding_services

    version = onboarding_services.agreement_publish(text="We listen to each other.", by=personas["manager"])
    return {"number": version.number}


def _leader_person(personas: dict[str, Any]) -> dict[str, Any]:
    return {"person_pk": personas["leader"].pk}


def _leaders_membership(personas: dict[str, Any]) -> dict[str, Any]:
    import datetime as dt

    from django.utils import timezone

    from tests.factories import GroupFactory, MembershipFactory

    membership = MembershipFactory(group=GroupFactory(name="Working group: crisis support"),
                                   person=personas["leader"],
                                   started_on=timezone.localdate() - dt.timedelta(days=30))
    return {"person_pk": personas["leader"].pk, "pk": membership.pk}


def _leaders_onboarding(personas: dict[str, Any]) -> dict[str, Any]:
    from recruitment import services as recruitment_services

    recruitment_services.onboarding_start(person=personas["leader"])
    return {"person_pk": personas["leader"].pk}


def _leaders_onboarding_step(personas: dict[str, Any]) -> dict[str, Any]:
    # A step the leader may tick themselves (the manager may tick any).
    return {**_leaders_onboarding(personas), "step": "first_meeting"}


def _leaders_goal(personas: dict[str, Any]) -> dict[str, Any]:
    from recruitment import onboarding as onboarding_services

    goal = onboarding_services.goal_add(person=personas["leader"], goal="Co-chair a working group")
    return {"pk": goal.pk}


def _leaders_training(personas: dict[str, Any]) -> dict[str, Any]:
    from recruitment import onboarding as onboarding_services

    training = onboarding_services.training_offer(person=personas["leader"], title="Chairing meetings",
                                                  by=personas["manager"])
    return {"pk": training.pk}


def _leaders_certificate(personas: dict[str, Any]) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from recruitment import onboarding as onboarding_services
    from tests.factories import png_bytes

    png = png_bytes()
    certificate = onboarding_services.certificate_upload(
        person=personas["leader"], upload=SimpleUploadedFile("induction.png", png), title="Induction",
        by=personas["leader"])
    return {"pk": certificate.pk}


# --- Rules ----------------------------------------------------------------------------------------------------

RULES: dict[str, Rule] = {
    # Public: no sign-in needed.
    "recruitment_vacancy_list": Rule(allowed=SIGNED_IN, public=True),
    "recruitment_vacancy_detail": Rule(allowed=SIGNED_IN, public=True, make=_open_vacancy),
    # Step by step: an empty or early answer sends people back to the first step they have not answered.
    "recruitment_apply_step": Rule(allowed=SIGNED_IN, public=True, make=_first_application_step),
    "recruitment_apply_check": Rule(allowed=SIGNED_IN, public=True, make=_open_vacancy),
    "recruitment_apply_done": Rule(allowed=SIGNED_IN, public=True, make=_open_vacancy),
    "recruitment_status": Rule(allowed=SIGNED_IN, public=True, make=_status_token),
    "recruitment_set_password": Rule(allowed=SIGNED_IN, public=True, make=_invitation_link),
    # The co-production manager's recruitment pages.
    "recruitment_overview": Rule(allowed=MANAGER),
    "recruitment_reports": Rule(allowed=MANAGER),
    "recruitment_role_list": Rule(allowed=MANAGER),
    "recruitment_role_new": Rule(allowed=MANAGER),
    "recruitment_role_detail": Rule(allowed=MANAGER, make=_role),
    "recruitment_role_revise": Rule(allowed=MANAGER, make=_role),
    # Published role descriptions stay readable by anyone signed in (holders read the version they accepted).
    "recruitment_role_version": Rule(allowed=SIGNED_IN, make=_role_version),
    "recruitment_vacancy_new": Rule(allowed=MANAGER),
    "recruitment_vacancy_manage": Rule(allowed=MANAGER, make=_open_vacancy),
    # The applicant (once they have an account) reads their own application; nobody else but the manager.
    "recruitment_application": Rule(allowed=OWNER_AND_MANAGER, refused_with=404, make=_leaders_own_application),
    "recruitment_invitation_resend": Rule(allowed=MANAGER, make=_leaders_own_application),
    "recruitment_application_move": Rule(allowed=MANAGER, make=_application_to_move),
    "onboarding_overview": Rule(allowed=MANAGER),
    "agreement_manage": Rule(allowed=MANAGER),
    "agreement_new": Rule(allowed=MANAGER),
    "memberships_manage": Rule(allowed=MANAGER, make=_leader_person),
    "membership_end": Rule(allowed=MANAGER, make=_leaders_membership),
    # Everyone's own pages: each person sees only their own.
    "my_role": Rule(allowed=SIGNED_IN),
    "agreement": Rule(allowed=SIGNED_IN),
    "agreement_version": Rule(allowed=SIGNED_IN, make=_agreement_version),
    "onboarding_person": Rule(allowed=OWNER_AND_MANAGER, refused_with=404, make=_leaders_onboarding),
    "onboarding_tick": Rule(allowed=OWNER_AND_MANAGER, refused_with=404, make=_leaders_onboarding_step),
    "development": Rule(allowed=SIGNED_IN),
    "development_person": Rule(allowed=OWNER_AND_MANAGER, refused_with=404, make=_leader_person),
    "goal_new": Rule(allowed=SIGNED_IN),
    # Goals are the leader's own: only they mark one achieved (the manager reads them on the record).
    "goal_achieved": Rule(allowed=["leader"], refused_with=404, make=_leaders_goal),
    "training_complete": Rule(allowed=OWNER_AND_MANAGER, refused_with=404, make=_leaders_training),
    "training_new": Rule(allowed=MANAGER, make=_leader_person),
    "certificate_new": Rule(allowed=OWNER_AND_MANAGER, refused_with=404, make=_leader_person),
    "certificate_download": Rule(allowed=OWNER_AND_MANAGER, refused_with=404, make=_leaders_certificate),
    "my_data": Rule(allowed=SIGNED_IN),
    "my_data_part": Rule(allowed=SIGNED_IN, make=lambda personas: {"part": "payments"}, methods=("GET",)),
    # The download is served only through an expiring link made for the signed-in person (tests/privacy):
    # without one, everyone signed in gets the "link no longer works" page (404, nothing served).
    "my_data_json": Rule(allowed=[], refused_with=404),
}
