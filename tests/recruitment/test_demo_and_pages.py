"""The demo has what the acceptance asks for, and every recruitment page renders with it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduction import privacy
from coproduction.models import User
from recruitment.demo import DEMO_STATUS_TOKEN
from recruitment.models import (
    Application,
    Certificate,
    OnboardingChecklist,
    RoleDescription,
    Vacancy,
)
from tests.factories import with_totp

# The demo is loaded once for the module (tests/conftest.py); running it again adds nothing anywhere
# (tests/coproduction/test_demo_again.py).
pytestmark = pytest.mark.django_db
DEMO_APPS = ["recruitment"]


def test_the_demo_has_role_descriptions_an_open_vacancy_and_applications_at_every_stage(demo):
    assert set(RoleDescription.objects.values_list("title", flat=True)) >= {
        "Expert by Experience leader", "Peer volunteer", "Working group member"}
    assert Vacancy.objects.filter(status=Vacancy.Status.OPEN).exists()
    assert set(Application.objects.values_list("stage", flat=True)) == set(Application.Stage.values)
    steps_done = {
        sum(getattr(checklist, f"{step}_done_at") is not None for step in OnboardingChecklist.STEPS)
        for checklist in OnboardingChecklist.objects.all()
    }
    assert len(steps_done) >= 3  # leaders at different onboarding steps


def test_the_demo_status_link_works(demo, client):
    response = client.get(reverse("recruitment_status", args=[DEMO_STATUS_TOKEN]))

    assert response.status_code == 200


def test_every_manager_page_renders_with_the_demo(demo):
    manager = with_totp(User.objects.get(email="sam.carter@demo.example.org"))
    lena = User.objects.get(email="lena.kowalski@demo.example.org")
    client = Client()
    client.force_login(manager)
    application = Application.objects.filter(stage="received").first()
    vacancy = Vacancy.objects.filter(status="open").first()
    role = RoleDescription.objects.get(title="Expert by Experience leader")
    urls = [
        reverse("recruitment_overview"), reverse("recruitment_overview") + "?stage=offered",
        reverse("recruitment_reports"), reverse("recruitment_role_list"), reverse("recruitment_role_new"),
        reverse("recruitment_role_detail", args=[role.pk]), reverse("recruitment_role_revise", args=[role.pk]),
        reverse("recruitment_role_version", args=[role.pk, 1]), reverse("recruitment_vacancy_new"),
        reverse("recruitment_vacancy_manage", args=[vacancy.pk]),
        reverse("recruitment_application", args=[application.pk]),
        reverse("recruitment_application_move", args=[application.pk, "conversation"]),
        reverse("recruitment_application_move", args=[application.pk, "not-this-time"]),
        reverse("onboarding_overview"), reverse("onboarding_person", args=[lena.pk]),
        reverse("onboarding_tick", args=[lena.pk, "first_meeting"]),
        reverse("agreement_manage"), reverse("agreement_new"), reverse("agreement_version", args=[1]),
        reverse("development_person", args=[lena.pk]), reverse("training_new", args=[lena.pk]),
        reverse("certificate_new", args=[lena.pk]), reverse("memberships_manage", args=[lena.pk]),
        reverse("home"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_every_leader_page_renders_with_the_demo(demo):
    lena = User.objects.get(email="lena.kowalski@demo.example.org")
    client = Client()
    client.force_login(lena)
    urls = [reverse("my_role"), reverse("agreement"), reverse("development"), reverse("goal_new"),
            reverse("certificate_new", args=[lena.pk]), reverse("my_data"),
            *(reverse("my_data_part", args=[part.slug]) for part in privacy.READABLE_PARTS),
            reverse("my_data_json") + "?token=" + privacy.download_token(lena),  # the expiring link
            reverse("onboarding_tick", args=[lena.pk, "first_meeting"]), reverse("home"),
            reverse("recruitment_application", args=[Application.objects.get(person=lena).pk])]
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert not Certificate.objects.exists()
