"""Rate limits on the public forms and links, per client and per email address, and on the data download:
over the limit the person gets a calm "please wait" page (429); other clients and addresses go on as before."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from coproduction.throttle import LIMITS
from recruitment.models import Application
from tests.recruitment.factories import apply, open_vacancy
from tests.recruitment.test_public_application import STEPS, step_url
from tests.security.test_throttling import _behind_the_proxy, client_at  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_behind_the_proxy")]


def limit(action: str) -> int:
    return int(LIMITS[action].split(",")[0].split("/")[0])


def send_application(client, vacancy, email: str):
    for step, data in STEPS.items():
        client.post(step_url(vacancy, step), {**data, "email": email} if step == "contact" else data)
    return client.post(reverse("recruitment_apply_check", args=[vacancy.pk]))


def test_one_client_can_send_only_so_many_applications_and_others_still_can():
    vacancy = open_vacancy()
    client = client_at("203.0.113.9")
    for number in range(limit("apply")):
        assert send_application(client, vacancy, f"person{number}@example.net").status_code == 302

    refused = send_application(client, vacancy, "one.more@example.net")

    assert refused.status_code == 429
    assert "Please wait a little" in refused.content.decode()
    assert Application.objects.count() == limit("apply")
    assert send_application(client_at("198.51.100.7"), vacancy, "someone@example.net").status_code == 302


@pytest.mark.django_db(transaction=True)  # the receipts go out on commit
def test_one_email_address_gets_only_so_many_applications_from_all_clients():
    vacancy = open_vacancy()
    for number in range(limit("apply_email")):
        send_application(client_at(f"203.0.113.{number + 1}"), vacancy, "chloe@example.net")
    receipts = len(mail.outbox)
    assert receipts == limit("apply_email")

    refused = send_application(client_at("198.51.100.7"), vacancy, "Chloe@Example.net")

    assert refused.status_code == 429
    assert len(mail.outbox) == receipts  # no more receipts to that address
    assert send_application(client_at("198.51.100.7"), vacancy, "other@example.net").status_code == 302


def test_the_status_link_is_limited_per_client():
    _application, token = apply()
    url = reverse("recruitment_status", args=[token])
    client = client_at("203.0.113.9")
    for _ in range(limit("application_status")):
        assert client.get(url).status_code == 200

    assert client.get(url).status_code == 429
    assert client.get(reverse("recruitment_status", args=["guess" * 8])).status_code == 429  # guessing too
    assert client_at("198.51.100.7").get(url).status_code == 200


def test_password_reset_is_limited_per_client_and_per_email_address(leader, other_leader):
    for number in range(5):
        client_at(f"203.0.113.{number + 1}").post(reverse("account_reset_password"), {"email": leader.email})
    sent_to_leader = [m for m in mail.outbox if leader.email in m.to]

    assert len(sent_to_leader) == 3  # 3 an hour to one address, whoever asks
    client = client_at("198.51.100.7")
    for _ in range(12):
        client.post(reverse("account_reset_password"), {"email": other_leader.email})
    assert client.post(reverse("account_reset_password"), {"email": "x@example.org"}).status_code == 429


def test_the_data_download_is_limited_per_person(client_for, leader, other_leader):
    client = client_for(leader)
    for _ in range(limit("data_export")):
        assert client.post(reverse("my_data")).status_code == 200

    assert client.post(reverse("my_data")).status_code == 429
    assert client_for(other_leader).post(reverse("my_data")).status_code == 200


def test_the_set_password_link_is_limited_per_client():
    client = client_at("203.0.113.9")
    url = reverse("recruitment_set_password", args=["MQ", "not-a-token"])
    for _ in range(limit("set_password")):
        assert client.get(url).status_code == 400

    assert client.get(url).status_code == 429
    assert client_at("198.51.100.7").get(url).status_code == 400
