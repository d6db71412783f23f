from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coproduction.models import Profile, User
from engagement.models import EventLeader
from meetings import services as meeting_services
from meetings.models import Attendance
from payments import services as payment_services
from payments.loading import load_benefit_limits
from recruitment import onboarding
from tests.engagement.factories import EventFactory, FeedbackFactory
from tests.meetings.factories import MeetingFactory
from tests.payments.factories import RateFactory, bank, benefit_rule, budget, submitted_claim
from tests.recruitment.factories import apply, move_to

OLD_NAME = "Zebedee Quartermaine"
OLD_EMAIL = "zebedee.q@example.net"
OLD_PHONE = "07700 900123"
ACCOUNT = "87654321"
SORT_CODE = "309950"


@pytest.fixture
def rates(db):
    load_benefit_limits()
    rate = RateFactory()
    budget(2025)
    budget(2026)
    return rate


@pytest.fixture
def zeb(db, manager, rates):
    """A leader with something in every app: application, profile, development, bank, claims, meetings, listening."""
    application, _ = apply(email=OLD_EMAIL, full_name=OLD_NAME, phone=OLD_PHONE,
                           interest="I want services to listen to Zebedee's street.")
    move_to(application, "accepted", by=manager)
    person = User.objects.get(email=OLD_EMAIL)
    Profile.objects.update_or_create(user=person, defaults={
        "preferred_name": "Zeb", "pronouns": "he/him", "phone": OLD_PHONE, "access_needs": "Large print please"})
    profile = person.profile
    profile.phone = OLD_PHONE  # a second save: the history holds the phone twice
    profile.save()
    version = onboarding.agreement_publish(text="We listen.", by=manager)
    onboarding.agreement_sign(person=person, version=version, typed_name=OLD_NAME)
    onboarding.goal_add(person=person, goal="Chair the Quartermaine review")
    onboarding.training_offer(person=person, title="Chairing meetings", by=manager)
    onboarding.certificate_upload(person=person, title="Certificate", by=person, upload=SimpleUploadedFile(
        "zebedee-certificate.pdf", b"%PDF-1.4 certificate", content_type="application/pdf"))
    bank(person, sort_code=SORT_CODE, account=ACCOUNT, name=OLD_NAME)
    benefit_rule(person, "none", cap="500.00")
    meeting_services.feed_token_create(person=person)
    meeting = MeetingFactory(title="Operational Group, May")
    Attendance.objects.create(meeting=meeting, person=person)
    event = EventFactory(title="Drop-in at the library", logged_by=person)
    EventLeader.objects.create(event=event, person=person, hours=Decimal("2"))
    FeedbackFactory(event=event, logged_by=person, text="The phone line never answers at night.")
    return person


def claim_for(person, manager, finance, day: str = "2026-05-10"):
    """A claim with a parking receipt, approved and authorised (ledger entries written)."""
    claim = submitted_claim(person, [day], parking="4.50")
    payment_services.claim_approve(claim_id=claim.pk, by=manager)
    payment_services.claim_authorise(claim_id=claim.pk, by=finance)
    return claim


DAY = dt.date(2026, 5, 10)
