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
    # Emails that anyone can make the sign-in pages send (a sign-in code, a password reset link, the "no account
    # here" reply): per address from one client, and per address from every client together, so no one can make
    # the portal send an address more than these. Never counted against the password: it always still works.
    "sign_in_email_client": "3/15m/key",  # one address, asked for from one client
    "sign_in_email": "10/h/key",  # one address, from every client together
}
# The allauth emails a signed-out visitor can ask for, each to an address they type.
SIGN_IN_EMAILS = frozenset({"account/email/login_code", "account/email/unknown_account",
                            "account/email/password_reset_key", "account/email/password_reset_code",
                            "account/email/account_already_exists"})


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


def email_key(address: str) -> str:
    """A key for one email address, from every client (the address itself is never stored in the cache)."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


def allow_sign_in_email(request: HttpRequest, address: str) -> bool:
    """True, and counted, while this address may be sent another sign-in email: from this client, and from
    every client together. Nothing is counted when either limit is reached."""
    mine = consume(request, "sign_in_email_client", key=client_key(request, address))
    if mine is None:
        return False
    if consume(request, "sign_in_email", key=email_key(address)) is None:
        mine.rollback()
        return False
    return True
