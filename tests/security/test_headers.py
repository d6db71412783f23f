"""Security headers on every HTML page: CSP with a nonce, no inline script without it, HSTS, no framing,
no caching of signed-in pages, secure cookies."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.access_rules import RULES

pytestmark = pytest.mark.django_db

SCRIPT_RE = re.compile(rb"<script\b([^>]*)>", re.I)


def pages_for(persona_user) -> list[str]:
    urls = []
    for name, rule in RULES.items():
        if rule.make is None and "GET" in rule.methods and (rule.public or persona_user is not None):
            urls.append(reverse(name))
    return [*urls, "/accounts/login/", "/accounts/password/reset/"]


def check_html_page(response) -> None:
    csp = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in ("same-origin", "no-referrer")
    for attributes in SCRIPT_RE.findall(response.content):
        if b"src=" not in attributes:
            assert f'nonce="{nonce}"'.encode() in attributes, attributes
    assert b' style="' not in response.content, "inline style attributes are blocked by the CSP"


@pytest.mark.parametrize("persona", ["anonymous", "leader", "manager", "admin_user"])
def test_every_page_sends_the_security_headers(request, persona):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client = Client()
    if user:
        client.force_login(user)
    checked = 0
    for url in pages_for(user):
        response = client.get(url, secure=True)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        check_html_page(response)
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")
        if user:
            assert response["Cache-Control"] == "no-store", url
        checked += 1
    assert checked >= 3


def test_each_response_gets_a_fresh_nonce(client):
    first = client.get("/", secure=True)["Content-Security-Policy"]
    second = client.get("/", secure=True)["Content-Security-Policy"]

    assert first != second


def test_session_and_csrf_cookies_are_secure_and_http_only(client, leader):
    from tests.factories import PASSWORD

    client.get("/accounts/login/", secure=True)
    response = client.post("/accounts/login/", {"login": leader.email, "password": PASSWORD}, secure=True)

    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
    assert client.cookies["csrftoken"]["secure"] is True
