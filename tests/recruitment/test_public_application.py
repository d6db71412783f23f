"""Someone finds an open role without signing in, applies one question per page, checks their answers, gets a
receipt by email and follows a private link that shows only their own application."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from coproduction.transitions import steps
from recruitment.models import Application, Vacancy
from tests.recruitment.factories import apply, open_vacancy, role_version

pytestmark = pytest.mark.django_db

STEPS = {
    "name": {"full_name": "Chloe Martin"},
    "contact": {"email": "Chloe@Example.net", "phone": "", "preferred_contact": "email"},
    "support": {"conversation_support": ["phone", "supporter"], "access_needs": "Mornings, please."},
    "interest": {"interest": "I want services to listen, and I know what waiting feels like."},
    "heard": {"heard_via": "peer_group", "heard_locality": ""},
    "consent": {"consent": "on"},
}


def step_url(vacancy, step):
    return reverse("recruitment_apply_step", args=[vacancy.pk, step])


def fill_in_every_step(client, vacancy):
    for step, data in STEPS.items():
        response = client.post(step_url(vacancy, step), data)
        assert response.status_code == 302, (step, response.content[:2000])
    return response


def test_the_public_page_lists_open_vacancies_without_signing_in(client):
    vacancy = open_vacancy()
    draft = open_vacancy(role_version("Peer volunteer"))
    draft.status = Vacancy.Status.DRAFT
    draft.save()

    response = client.get(reverse("recruitment_vacancy_list"))

    assert response.status_code == 200
    assert b"Expert by Experience leader" in response.content
    assert b"Peer volunteer" not in response.content
    assert reverse("recruitment_vacancy_detail", args=[vacancy.pk]).encode() in response.content


def test_the_vacancy_page_shows_the_role_description_in_plain_words(client):
    vacancy = open_vacancy()

    response = client.get(reverse("recruitment_vacancy_detail", args=[vacancy.pk]))

    assert b"Take part in the Operational Group" in response.content
    assert b"About 6 hours a month." in response.content
    assert b"You do not need to tell us about your health or any diagnosis" in response.content


def test_a_draft_or_closed_vacancy_is_not_found(client):
    vacancy = open_vacancy()
    vacancy.status = Vacancy.Status.CLOSED
    vacancy.save()

    assert client.get(reverse("recruitment_vacancy_detail", args=[vacancy.pk])).status_code == 404
    assert client.get(step_url(vacancy, "name")).status_code == 404


def test_each_step_asks_one_thing_and_leads_to_the_next(client):
    vacancy = open_vacancy()

    response = client.post(step_url(vacancy, "name"), STEPS["name"])

    assert response["Location"] == step_url(vacancy, "contact")


def test_an_error_shows_a_summary_and_keeps_what_was_typed(client):
    vacancy = open_vacancy()

    response = client.post(step_url(vacancy, "contact"), {"email": "not-an-email", "phone": "01234 567890",
                                                           "preferred_contact": "email"})

    assert response.status_code == 200
    assert response.content.count(b"govuk-error-summary") >= 1
    assert b"<title>Error: " in response.content
    assert b"Enter an email address like name@example.com" in response.content
    assert b'value="01234 567890"' in response.content


def test_answers_are_kept_between_steps(client):
    vacancy = open_vacancy()
    client.post(step_url(vacancy, "name"), STEPS["name"])

    response = client.get(step_url(vacancy, "name"))

    assert b'value="Chloe Martin"' in response.content


def test_the_interest_question_says_health_details_are_not_needed(client):
    vacancy = open_vacancy()

    response = client.get(step_url(vacancy, "interest"))

    assert b"You do not need to tell us about your health or any diagnosis" in response.content
    assert b"diagnosis" not in response.content.replace(b"or any diagnosis", b"")


def test_consent_is_required_and_names_the_retention_period(client):
    vacancy = open_vacancy()

    page = client.get(step_url(vacancy, "consent"))
    refused = client.post(step_url(vacancy, "consent"), {})

    assert b"6 months" in page.content
    assert refused.status_code == 200
    assert b"Tick the box to agree that we may store your details" in refused.content


def test_check_your_answers_sends_you_back_to_a_missing_step(client):
    vacancy = open_vacancy()
    client.post(step_url(vacancy, "name"), STEPS["name"])

    response = client.get(reverse("recruitment_apply_check", args=[vacancy.pk]))

    assert response["Location"] == step_url(vacancy, "contact")


def test_check_your_answers_shows_everything_with_change_links(client):
    vacancy = open_vacancy()
    fill_in_every_step(client, vacancy)

    response = client.get(reverse("recruitment_apply_check", args=[vacancy.pk]))

    assert b"Check your answers before sending your application" in response.content
    assert b"A phone call instead of a video call; A supporter with me" in response.content
    assert (step_url(vacancy, "interest") + "?change=1").encode() in response.content


def test_changing_an_answer_returns_to_check_your_answers(client):
    vacancy = open_vacancy()
    fill_in_every_step(client, vacancy)

    response = client.post(step_url(vacancy, "name") + "?change=1", {"full_name": "Chloe M"})

    assert response["Location"] == reverse("recruitment_apply_check", args=[vacancy.pk])


@pytest.mark.django_db(transaction=True)
def test_sending_the_application_records_it_and_emails_a_receipt_with_a_private_link(client):
    vacancy = open_vacancy()
    fill_in_every_step(client, vacancy)

    response = client.post(reverse("recruitment_apply_check", args=[vacancy.pk]))

    assert response["Location"] == reverse("recruitment_apply_done", args=[vacancy.pk])
    application = Application.objects.get()
    assert application.email == "chloe@example.net"
    assert application.conversation_support == ["phone", "supporter"]
    assert application.stage == Application.Stage.RECEIVED
    assert application.consent_given_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["chloe@example.net"]
    assert mail.outbox[0].subject == "We have your application to be Expert by Experience leader"
    token = re.search(r"/join/status/([^/]+)/", mail.outbox[0].body).group(1)
    assert len(token) >= 40
    assert token not in application.token_hash  # only a hash of the token is stored
    assert client.get(reverse("recruitment_apply_done", args=[vacancy.pk])).status_code == 200


def test_after_sending_the_answers_are_cleared_from_the_session(client):
    vacancy = open_vacancy()
    fill_in_every_step(client, vacancy)
    client.post(reverse("recruitment_apply_check", args=[vacancy.pk]))

    assert f"apply:{vacancy.pk}" not in client.session


def test_the_status_link_shows_only_that_application(client):
    mine, token = apply(full_name="Chloe Martin", email="chloe@example.net")
    apply(mine.vacancy, full_name="Yusuf Ali", email="yusuf@example.net")

    response = client.get(reverse("recruitment_status", args=[token]))

    assert response.status_code == 200
    assert b"<h1 class=\"govuk-heading-l\">Received</h1>" in response.content
    assert b"Yusuf" not in response.content
    assert b"We have your application" in response.content
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_wrong_status_token_is_not_found(client):
    apply()

    assert client.get(reverse("recruitment_status", args=["not-the-token"])).status_code == 404


def test_an_applicant_can_withdraw_from_their_status_page(client):
    application, token = apply()

    client.post(reverse("recruitment_status", args=[token]), {"withdraw": "yes"})

    application.refresh_from_db()
    assert application.stage == Application.Stage.WITHDRAWN
    assert steps(application, field="stage")[-1].by is None
