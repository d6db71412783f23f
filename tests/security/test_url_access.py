"""Every URL of the project, tried as every role and as someone who does not own the object, by GET and POST.

Zero leaks: 404 for another person's object, 403 for a missing role, the sign-in page when signed out.
Third-party URL sets (Django admin, allauth's account pages) are covered by their own tests.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.access_rules import PERSONAS, RULES
from tests.security.test_headers import check_html_page

THIRD_PARTY_PREFIXES = ("admin/", "accounts/")
LOGIN_PATH = "/accounts/login/"


def project_url_names() -> dict[str, str]:
    """{qualified url name: route} for every named pattern outside the third-party URL sets."""
    names: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(THIRD_PARTY_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                names[namespace + entry.name] = route

    walk(get_resolver().url_patterns, "", "")
    return names


def test_every_url_has_an_access_rule():
    missing = sorted(set(project_url_names()) - set(RULES))

    assert not missing, f"Add an access rule in tests/security/access_rules.py for: {missing}"


def test_every_access_rule_names_a_real_url():
    stale = sorted(set(RULES) - set(project_url_names()))

    assert not stale, f"These access rules name URLs that no longer exist: {stale}"


def outcome(response) -> str | int:
    if response.status_code in (403, 404):
        return response.status_code
    if response.status_code == 302 and response.url.startswith(LOGIN_PATH):
        return "login"
    if response.status_code == 302 and response.url.startswith("/accounts/2fa/"):
        return "mfa"
    return "ok"


class _RollBack(Exception):
    """Raised to undo one request's changes, so every persona meets the same object."""


def try_as(persona: str, personas: dict, url: str, method: str):
    client = Client()
    if persona != "anonymous":
        client.force_login(personas[persona])
    return client.get(url) if method == "GET" else client.post(url, {})


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(RULES))
def test_each_role_gets_exactly_what_the_rule_says(request, url_name):
    rule = RULES[url_name]
    personas = {name: request.getfixturevalue(name) for name in PERSONAS if name != "anonymous"}
    url = reverse(url_name, kwargs=rule.make(personas) if rule.make else {})
    wrong = []
    for persona in PERSONAS:
        for method in rule.methods:
            # Each request runs in a savepoint that is rolled back: what one persona's POST changes (or
            # would change) is undone before the next one tries.
            try:
                with transaction.atomic():
                    response = try_as(persona, personas, url, method)
                    raise _RollBack
            except _RollBack:
                pass
            expected, got = rule.expected(persona), outcome(response)
            if method == "POST" and expected == "ok" and response.status_code == 405:
                got = "ok"  # a page that only answers GET refuses POST without revealing anything
            if got != expected:
                wrong.append(f"{persona} {method} {url} -> {response.status_code}, expected {expected}")
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                check_html_page(response)  # the security headers, on every page of the portal
                if persona != "anonymous":
                    assert response["Cache-Control"] == "no-store", url
    assert not wrong, "\n".join(wrong)
