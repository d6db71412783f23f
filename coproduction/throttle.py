"""Rate limits that an attacker cannot aim at someone else.

Every limit counts per client (the address read through `TRUSTED_PROXY_COUNT` proxies, see README,
"Deployment") or per (account or email, client), never per account alone where the owner would be shut out:
one client's failures on one account never block another account or another client. The one limit per
account (password guesses from every client together) leaves the owner another way in: a one-time sign-in
code sent to their email address, limited per client only.

Counts live in the cache (`CACHE_URL`; shared by every process when it is Redis), through allauth's rate
limiter, which the sign-in pages use too.
"""

from __future__ import annotations

import hashlib
from http import HTTPStatus

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

APP = "coproduction"
# action: "amount/period/per" rules (per: ip = the client; key = the key given, built with `client_key`).
LIMITS: dict[str, str] = {
    # Sign-in with a password (with allauth's own "login_failed": 5 per 5 minutes per account and client).
    "password_client": "20/10m/ip",  # one client, every account
    "password_account": "30/h/key",  # one account, every client; the sign-in code still works
    # Public forms and links (password reset and sign-in codes: ACCOUNT_RATE_LIMITS in settings).
    "apply": "10/h/ip",  # sending an application, per client
    "apply_email": "5/d/key",  # and per email address (each application emails a receipt there)
    "application_status": "30/m/ip",  # the private status link, per client
    "set_password": "30/m/ip",  # the welcome email's set-password link, per client
    "data_export": "10/h/user",  # preparing and downloading a person's data, per person
}


def client_address(request: HttpRequest) -> str:
    """The client's address as allauth reads it (behind `TRUSTED_PROXY_COUNT` proxies, X-Forwarded-For)."""
    return allauth_ratelimit.get_ip(request)


def client_key(request: HttpRequest, value: str) -> str:
    """A key for one thing (an account, an email address) from one client."""
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()
    return f"{digest}:{client_address(request)}"


def consume(request: HttpRequest, action: str, *, key: str | None = None) -> allauth_ratelimit.RateLimitUsage | None:
    """Count one use; None when the limit is reached (nothing is counted then)."""
    return allauth_ratelimit.consume(request, app=APP, action=action, config=LIMITS, key=key, limit_get=True)


def allow(request: HttpRequest, action: str, *, key: str | None = None) -> bool:
    """True, and one use counted, while under the limit."""
    return consume(request, action, key=key) is not None


def too_many(request: HttpRequest) -> HttpResponse:
    """The page for a limit reached: calm words, and when to try again."""
    return render(request, "429.html", status=HTTPStatus.TOO_MANY_REQUESTS)
