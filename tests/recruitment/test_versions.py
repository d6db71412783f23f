"""Role descriptions and the group agreement are versioned: a new version keeps the old one readable, holders
see the version they accepted, and a new agreement asks everyone to sign again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from recruitment import onboarding
from recruitment.models import AgreementSignature, GroupAgreementVersion, RoleDescriptionVersion
from tests.recruitment.factories import apply, move_to, open_vacancy, role_version

pytestmark = pytest.mark.django_db


# --- Role descriptions ---------------------------------------------------------------------------------------


def test_publishing_a_new_version_keeps_the_old_one():
    first = role_version(time_commitment="About 6 hours a month.")

    second = role_version(time_commitment="About 8 hours a month.")

    assert (first.number, second.number) == (1, 2)
    assert first.role_id == second.role_id
    first.refresh_from_db()
    assert first.time_commitment == "About 6 hours a month."


def test_a_published_version_cannot_be_changed():
    version = role_version()
    version.purpose = "Something else"

    with pytest.raises(ValueError, match="never changed"):
        version.save()


def test_a_holder_sees_the_version_they_accepted_after_a_new_one_is_published(client_for, manager):
    first = role_version()
    application, _ = apply(open_vacancy(first))
    move_to(application, "accepted", by=manager)
    role_version(time_commitment="About 8 hours a month.")
    person = application.__class__.objects.get(pk=application.pk).person

    my_role = client_for(person).get(reverse("my_role"))
    old = client_for(person).get(reverse("recruitment_role_version", args=[first.role_id, 1]))

    assert b"version 1 of the role description" in my_role.content
    assert b"This is an earlier version" in old.content
    assert b"About 6 hours a month." in old.content


def test_the_manager_publishes_a_new_version_from_the_page(client_for, manager):
    first = role_version()
    data = {name: getattr(first, name) for name in ["purpose", "what_you_do", "time_commitment", "how_paid",
                                                    "support_offered", "relevant_experience"]}

    client_for(manager).post(reverse("recruitment_role_revise", args=[first.role_id]),
                             {**data, "time_commitment": "About 8 hours a month."})

    latest = RoleDescriptionVersion.objects.filter(role=first.role).order_by("-number").first()
    assert latest.number == 2
    assert latest.time_commitment == "About 8 hours a month."
    assert latest.published_by == manager


def test_a_new_vacancy_uses_the_latest_version(client_for, manager):
    role_version()
    latest = role_version(time_commitment="About 8 hours a month.")

    client_for(manager).post(reverse("recruitment_vacancy_new"), {
        "role": latest.role_id, "places": 2, "closing_on": (timezone.localdate() + dt.timedelta(days=60)).isoformat(), "status": "open", "introduction": "",
    })

    assert latest.vacancies.count() == 1


def test_markup_typed_into_a_role_description_is_removed():
    version = role_version(purpose="<script>alert(1)</script>Plain words")

    assert version.purpose == "alert(1)Plain words"


# --- The group agreement --------------------------------------------------------------------------------------


def test_a_leader_signs_the_current_version_with_name_date_and_version(client_for, leader):
    version = onboarding.agreement_publish(text="We treat each other as equals.", by=None)

    client_for(leader).post(reverse("agreement"), {"typed_name": "Jo Bennett"})

    signature = AgreementSignature.objects.get(person=leader)
    assert signature.version == version
    assert signature.typed_name == "Jo Bennett"
    assert signature.signed_on is not None


def test_signing_needs_a_typed_name(client_for, leader):
    onboarding.agreement_publish(text="We listen.", by=None)

    response = client_for(leader).post(reverse("agreement"), {"typed_name": ""})

    assert b"Type your full name to sign the agreement" in response.content
    assert not AgreementSignature.objects.exists()


def test_an_earlier_version_cannot_be_signed(leader):
    first = onboarding.agreement_publish(text="We listen.", by=None)
    onboarding.agreement_publish(text="We listen and read papers early.", by=None)

    with pytest.raises(ValueError, match="current version"):
        onboarding.agreement_sign(person=leader, version=first, typed_name="Jo Bennett")


def test_signing_the_same_version_twice_is_refused(leader):
    version = onboarding.agreement_publish(text="We listen.", by=None)
    onboarding.agreement_sign(person=leader, version=version, typed_name="Jo Bennett")

    with pytest.raises(onboarding.AlreadySigned):
        onboarding.agreement_sign(person=leader, version=version, typed_name="Jo Bennett")


@pytest.mark.django_db(transaction=True)
def test_a_new_version_asks_every_leader_to_sign_again(client_for, leader, other_leader, manager):
    first = onboarding.agreement_publish(text="We listen.", by=manager)
    onboarding.agreement_sign(person=leader, version=first, typed_name="Jo Bennett")
    mail.outbox.clear()

    onboarding.agreement_publish(text="We listen and read papers early.", what_changed="Papers early.",
                                 by=manager)

    assert sorted(message.to[0] for message in mail.outbox) == sorted([other_leader.email, leader.email])
    home = client_for(leader).get(reverse("home"))
    assert b"Please read and sign the group agreement" in home.content


def test_the_manager_sees_who_has_not_signed_the_current_version(client_for, manager, leader, other_leader):
    first = onboarding.agreement_publish(text="We listen.", by=manager)
    onboarding.agreement_sign(person=leader, version=first, typed_name="Jo Bennett")
    onboarding.agreement_sign(person=other_leader, version=first, typed_name="Kwame Mensah")
    second = onboarding.agreement_publish(text="We listen and read papers early.", by=manager)
    onboarding.agreement_sign(person=leader, version=second, typed_name="Jo Bennett")

    response = client_for(manager).get(reverse("agreement_manage"))

    text = response.content.decode()
    not_signed = text[text.index("Not signed version 2"):text.index("Signed (")]
    assert "Kwame Mensah" in not_signed and "signed version 1" in not_signed
    assert "Jo Bennett" not in not_signed
    assert GroupAgreementVersion.objects.count() == 2


def test_the_manager_home_page_counts_leaders_who_have_not_signed(client_for, manager, leader):
    onboarding.agreement_publish(text="We listen.", by=manager)

    response = client_for(manager).get(reverse("home"))

    assert b"1 leader has not signed the current group agreement" in response.content
