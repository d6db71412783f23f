"""Erasure pseudonymises a person and removes their personal data everywhere; payment records stay."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.db.models import Sum
from django.urls import reverse

from coproduction.models import ErasureRequest, OutgoingEmail, User
from coproduction.privacy import ERASED_TEXT, person_erase
from meetings.models import CalendarFeedToken
from payments.models import BenefitProfile, Claim, Expense, FeeLine, LedgerEntry, PaymentDetails
from recruitment.models import Application, Certificate, DevelopmentGoal
from tests.factories import with_totp
from tests.privacy.conftest import OLD_EMAIL, OLD_NAME, OLD_PHONE, claim_for
from tests.security.helpers import database_contains

pytestmark = pytest.mark.django_db


def money() -> dict:
    return {
        "claims": Claim.objects.count(),
        "fee_lines": FeeLine.objects.count(),
        "ledger_entries": LedgerEntry.objects.count(),
        "ledger_total": LedgerEntry.objects.aggregate(t=Sum("amount"))["t"],
        "claims_total": Claim.objects.aggregate(t=Sum("fees_total") + Sum("expenses_total"))["t"],
        "expenses_total": Expense.objects.aggregate(t=Sum("amount"))["t"],
    }


def test_nothing_of_the_old_name_email_or_phone_is_left_anywhere(client_for, zeb, manager, finance, admin_user):
    claim_for(zeb, manager, finance)
    with_totp(zeb)
    client_for(zeb).get(reverse("my_data"))  # a session in the database
    assert database_contains(OLD_NAME) and database_contains(OLD_EMAIL) and database_contains(OLD_PHONE)
    before = money()

    person_erase(person=zeb, by=admin_user)

    assert database_contains(OLD_NAME) == []
    assert database_contains(OLD_EMAIL) == []
    assert database_contains(OLD_PHONE) == []
    assert database_contains("Large print please") == []
    assert database_contains("Quartermaine") == []  # goal text, application words, signature
    assert money() == before  # financial records kept, to the penny


def test_the_person_is_pseudonymised_and_signed_out_for_good(client_for, zeb, manager, finance, admin_user):
    claim = claim_for(zeb, manager, finance)
    with_totp(zeb)
    client = client_for(zeb)
    receipt = Expense.objects.get(claim=claim).receipt_name
    certificate = Certificate.objects.get(person=zeb).storage_name
    assert default_storage.exists(receipt) and default_storage.exists(certificate)

    person_erase(person=zeb, by=admin_user)

    zeb.refresh_from_db()
    assert zeb.full_name == f"Former member {zeb.pk}"
    assert zeb.email == f"erased-{zeb.pk}@invalid.example"
    assert not zeb.has_usable_password() and not zeb.is_active
    assert zeb.profile.phone == "" and zeb.profile.preferred_name == "" and zeb.profile.access_needs == ""
    assert not EmailAddress.objects.filter(user=zeb).exists()
    assert not Authenticator.objects.filter(user=zeb).exists()
    assert not Session.objects.exists()
    assert client.get(reverse("my_data")).status_code == 302  # the old session no longer works
    assert not Application.objects.filter(person=zeb).exists()
    assert not DevelopmentGoal.objects.filter(person=zeb).exists()
    assert not Certificate.objects.filter(person=zeb).exists() and not default_storage.exists(certificate)
    assert not CalendarFeedToken.objects.filter(person=zeb).exists()
    assert not PaymentDetails.objects.filter(person=zeb).exists()
    assert not BenefitProfile.objects.filter(person=zeb).exists()
    assert not default_storage.exists(receipt)
    assert Claim.objects.get(pk=claim.pk).person_id == zeb.pk  # kept, with the pseudonymous person
    assert LedgerEntry.objects.filter(person=zeb).exists()
    emails = OutgoingEmail.objects.filter(recipient=zeb)
    assert emails.exists()
    assert set(emails.values_list("subject", flat=True)) == {ERASED_TEXT}
    assert set(emails.values_list("to", flat=True)) == {zeb.email}
    request = ErasureRequest.objects.get(person=zeb)
    assert request.carried_out_by == admin_user and request.carried_out_at is not None


def test_other_people_are_untouched(zeb, other_leader, admin_user):
    person_erase(person=zeb, by=admin_user)

    other_leader.refresh_from_db()
    assert other_leader.full_name == "Kwame Mensah" and other_leader.is_active


def test_the_admin_erases_from_the_user_list(client_for, zeb, admin_user):
    changelist = reverse("admin:coproduction_user_changelist")
    asked = client_for(admin_user).post(changelist, {"action": "erase_personal_data", "_selected_action": [zeb.pk]})
    # It cannot be undone, so a page asks first and nothing has changed yet.
    assert asked.status_code == 200 and "This cannot be undone." in asked.content.decode()
    assert zeb.full_name in asked.content.decode() and not ErasureRequest.objects.exists()

    response = client_for(admin_user).post(changelist, {
        "action": "erase_personal_data", "_selected_action": [zeb.pk], "post": "yes"})

    assert response.status_code == 302
    zeb.refresh_from_db()
    assert zeb.full_name == f"Former member {zeb.pk}"
    request = ErasureRequest.objects.get(person=zeb)
    assert request.carried_out_by == admin_user


def test_the_admin_cannot_erase_themselves(client_for, admin_user):
    client_for(admin_user).post(reverse("admin:coproduction_user_changelist"), {
        "action": "erase_personal_data", "_selected_action": [admin_user.pk], "post": "yes"})

    admin_user.refresh_from_db()
    assert admin_user.is_active and not ErasureRequest.objects.exists()


def test_the_action_is_only_for_the_configure_role(rf, manager, admin_user):
    from django.contrib.admin.sites import site

    user_admin = site._registry[User]
    for person, expected in ((admin_user, True), (manager, False)):
        request = rf.get("/")
        request.user = person
        assert ("erase_personal_data" in user_admin.get_actions(request)) is expected
