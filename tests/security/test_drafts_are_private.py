"""A draft is private to its author until they send it: a leader's draft claim and its receipts are 404 for
every other persona (manager and finance included), and visible to those who review claims once sent."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from payments import services
from payments.models import Expense
from tests.security.access_rules import PERSONAS
from tests.security.rules_payments import _draft, _receipt

pytestmark = pytest.mark.django_db
CLAIM_PAGES = ["payments:claim_detail", "payments:claim_activities", "payments:claim_expenses",
               "payments:claim_check", "payments:claim_adviser"]
REVIEWERS = {"manager", "finance"}


def pages_as_everyone(request, urls: list[str]) -> dict[str, dict[str, int | str]]:
    personas = {name: request.getfixturevalue(name) for name in PERSONAS if name != "anonymous"}
    seen: dict[str, dict[str, int | str]] = {}
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(personas[persona])
        for url in urls:
            response = client.get(url)
            login = response.status_code == 302 and response.url.startswith(reverse("account_login"))
            seen.setdefault(url, {})[persona] = "login" if login else response.status_code
    return seen


def test_a_draft_claim_and_its_receipt_are_the_authors_alone_then_reviewers_see_them_once_sent(
        request, leader, manager):
    personas = {name: request.getfixturevalue(name) for name in PERSONAS if name != "anonymous"}
    receipt = _receipt(personas)["pk"]
    claim = Expense.objects.get(pk=receipt).claim
    urls = [reverse(name, args=[claim.pk]) for name in CLAIM_PAGES] + [reverse("payments:receipt", args=[receipt])]

    for url, outcome in pages_as_everyone(request, urls).items():
        assert outcome["leader"] == 200, url
        assert outcome["anonymous"] == "login", url
        others = {p: code for p, code in outcome.items() if p not in {"leader", "anonymous"}}
        assert set(others.values()) <= {403, 404}, (url, others)  # 404 for the object; 403 for a leader's page
        if url in (urls[0], urls[-1]):  # the claim and its receipt: the pages reviewers open once it is sent
            assert {others[p] for p in REVIEWERS} == {404}, url

    services.claim_submit(claim=claim, by=leader)
    sent = [reverse("payments:claim_detail", args=[claim.pk]), reverse("payments:receipt", args=[receipt])]
    for url, outcome in pages_as_everyone(request, sent).items():
        assert {p for p, code in outcome.items() if code == 200} == {"leader"} | REVIEWERS, url


def test_a_draft_is_not_listed_for_reviewers(request, client_for, manager, finance):
    personas = {name: request.getfixturevalue(name) for name in PERSONAS if name != "anonymous"}
    claim = _draft(personas)
    for reviewer in (manager, finance):
        html = client_for(reviewer).get(reverse("payments:review_list")).content.decode()
        assert claim.reference not in html
