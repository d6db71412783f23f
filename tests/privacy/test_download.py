"""'Download my data': everything of theirs, nothing of anyone else's, only through a link that expires."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduction import privacy
from coproduction.models import AuditEvent
from meetings.models import CalendarFeedToken
from tests.factories import with_totp
from tests.payments.factories import submitted_claim
from tests.privacy.conftest import ACCOUNT, OLD_EMAIL, SORT_CODE, claim_for

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def prepare(client) -> str:
    response = client.post(reverse("my_data"))
    assert response.status_code == 200
    assert b"Your download is ready" in response.content
    return response.context["download_url"]


def test_the_page_offers_a_button_not_a_direct_download(client_for, zeb):
    response = client_for(zeb).get(reverse("my_data"))

    assert b"Prepare my download" in response.content
    assert reverse("my_data_json").encode() not in response.content


def test_the_download_holds_every_section_with_bank_details_masked(client_for, zeb, manager, finance):
    claim = claim_for(zeb, manager, finance)
    with_totp(zeb)
    client = client_for(zeb)

    response = client.get(prepare(client))

    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(response.content)
    assert data["account"]["email"] == OLD_EMAIL
    assert data["payments"]["payment_details"]["account_number"] == "••••4321"
    assert data["payments"]["payment_details"]["sort_code"] == "••••50"
    assert data["payments"]["benefit_settings"]["own_limit"] == "500.00"
    assert [c["reference"] for c in data["payments"]["claims"]] == [claim.reference]
    assert data["payments"]["claims"][0]["expenses"][0]["amount"] == "4.50"
    assert data["meetings"]["attendance"][0]["meeting"] == "Operational Group, May"
    assert len(data["meetings"]["calendar_links"]) == 1
    assert data["listening"]["listening_events_you_ran_or_helped_at"][0]["event"] == "Drop-in at the library"
    assert data["listening"]["feedback_items_you_logged"] == 1
    assert data["sign_in"]["second_factors"][0]["type"]
    assert AuditEvent.objects.filter(actor=zeb, action="data_downloaded").exists()


def test_no_secret_ever_appears_in_the_download(client_for, zeb):
    with_totp(zeb)
    client = client_for(zeb)

    text = client.get(prepare(client)).content.decode()

    assert ACCOUNT not in text and SORT_CODE not in text  # bank details masked only
    totp_secret = Authenticator.objects.get(user=zeb, type=Authenticator.Type.TOTP).data["secret"]
    assert totp_secret not in text
    assert zeb.password not in text and "md5$" not in text
    assert CalendarFeedToken.objects.get(person=zeb).secret_hash not in text
    for key in Session.objects.values_list("session_key", flat=True):
        assert key not in text


def test_the_download_holds_nothing_of_anyone_else(client_for, zeb, other_leader, manager, finance):
    other = submitted_claim(other_leader, ["2026-05-12"])
    client = client_for(zeb)

    text = client.get(prepare(client)).content.decode()

    assert "The phone line never answers at night." not in text  # other people's words they logged
    assert other.reference not in text
    assert other_leader.full_name not in text and other_leader.email not in text
    assert manager.full_name not in text and finance.full_name not in text


def test_the_link_expires_after_an_hour(client_for, zeb):
    client = client_for(zeb)
    with time_machine.travel(NOW, tick=False):
        url = prepare(client)
    with time_machine.travel(NOW + dt.timedelta(minutes=59), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(NOW + dt.timedelta(minutes=61), tick=False):
        response = client.get(url)

    assert response.status_code == 404
    assert b"This download link no longer works" in response.content
    assert not response.has_header("Content-Disposition")
    assert OLD_EMAIL.encode() not in response.content


def test_a_tampered_link_serves_nothing(client_for, zeb, leader):
    client = client_for(zeb)
    url = prepare(client)
    forged = url.replace(f"token={zeb.pk}", f"token={leader.pk}")
    assert forged != url

    for bad in (forged, url + "x", reverse("my_data_json"), reverse("my_data_json") + "?token=" + str(zeb.pk)):
        response = client.get(bad)
        assert response.status_code == 404, bad
        assert OLD_EMAIL.encode() not in response.content


def test_someone_elses_link_serves_nothing(client_for, zeb, leader):
    url = prepare(client_for(zeb))

    response = client_for(leader).get(url)

    assert response.status_code == 404
    assert OLD_EMAIL.encode() not in response.content
    assert AuditEvent.objects.filter(actor=leader, action="data_download_refused").exists()


def test_a_link_needs_sign_in(client, zeb):
    url = reverse("my_data_json") + "?token=" + privacy.download_token(zeb)

    response = client.get(url)

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_reading_your_payments_costs_the_same_however_many_claims_you_have(client_for, zeb, manager, finance):
    client = client_for(zeb)
    url = reverse("my_data_part", args=["payments"])
    claim_for(zeb, manager, finance, "2026-05-04")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in ("2026-05-11", "2026-05-18", "2026-05-25"):
        claim_for(zeb, manager, finance, day)
    with CaptureQueriesContext(connection) as four:
        assert b"Claim " in client.get(url).content

    assert len(four) == len(one)


def test_the_payments_page_lists_each_claim_without_reading_every_step_of_it(client_for, zeb, manager, finance):
    claim = claim_for(zeb, manager, finance, "2026-05-04")
    client = client_for(zeb)
    url = reverse("my_data_part", args=["payments"])
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()

    assert f"Claim {claim.reference}: Authorised" in page
    assert "Every line and step of each claim is in the download." in page
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "historical" not in read and "payments_feeline" not in read and "payments_expense" not in read


def test_the_payments_page_names_the_benefits_the_person_recorded(client_for, zeb):
    from tests.payments.factories import benefit_rule

    benefit_rule(zeb, "carers")

    page = client_for(zeb).get(reverse("my_data_part", args=["payments"])).content.decode()

    assert "Benefits you recorded: Carer" in page
