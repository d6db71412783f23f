"""django-allauth adapters: no open sign-up; sign-in throttling that an attacker cannot aim at others;
authenticator secrets encrypted at rest."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect

from . import crypto, throttle

logger = logging.getLogger(__name__)
# A browser that has signed in to an account before carries this signed cookie (OWASP's "device cookie"): the
# count of every client's password guesses on that account (`password_account`) does not apply to it, so no
# flood of guesses and sign-in emails from elsewhere can keep the person out of their own browser.
KNOWN_BROWSER = "portal_known_browser"
KNOWN_BROWSER_SECONDS = 180 * 24 * 3600
EMAIL_HELD = ("We have sent several emails to this address in the last few minutes, so we have not sent another. "
              "Wait a while and try again, or sign in with your password.")

TOO_MANY_TRIES = ("Too many tries with this email address. Wait a few minutes and try again, or choose "
                  "\u201cEmail me a sign-in code\u201d to sign in without your password.")


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """People join by invitation or an accepted application, never by open sign-up."""

    error_messages = {**DefaultAccountAdapter.error_messages, "too_many_login_attempts": TOO_MANY_TRIES}

    def is_open_for_signup(self, request: Any) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """allauth's own count ("login_failed", 5 per 5 minutes) is per account *and client*, so nobody can
        lock another person out by failing on purpose from elsewhere."""
        return throttle.client_key(request, super()._get_login_attempts_cache_key(request, **credentials))

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Also count the guesses of one client over every account, and of every client on one account
        (the owner can still sign in with a code by email: that path is limited per client only)."""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        self._sign_in_usages = []
        limits = [("password_client", None), ("password_account", account)]
        if known_browser(request, credentials.get("email", "")):
            limits.pop()  # this browser signed in to this account before: other clients' guesses do not count
        for action, key in limits:
            usage = throttle.consume(request, action, key=key)
            if usage is None:
                self._rollback_login_failed_rl_usage()
                raise self.validation_error("too_many_login_attempts")
            self._sign_in_usages.append(usage)
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            self._rollback_login_failed_rl_usage()  # refused before any guess: not counted again
            raise

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> Any:
        """Signed in (with a password or an emailed code, and the authenticator for staff): this browser is
        remembered for this account (see KNOWN_BROWSER)."""
        response = super().post_login(request, user, **kwargs)
        response.set_signed_cookie(KNOWN_BROWSER, throttle.email_key(user.email), salt=KNOWN_BROWSER,
                                   max_age=KNOWN_BROWSER_SECONDS, secure=settings.SESSION_COOKIE_SECURE,
                                   httponly=True, samesite="Lax")
        return response

    def send_mail(self, template_prefix: str, email: str, context_data: dict[str, Any]) -> None:
        """A sign-in code, reset link or "no account here" email goes to a typed address only while that address
        is under its limits (`throttle.allow_sign_in_email`): nobody can make the portal send one address email
        after email. Signing in with a password never counts towards it."""
        request = context.request
        if template_prefix in throttle.SIGN_IN_EMAILS and not throttle.allow_sign_in_email(request, email):
            # Back to the page asked from, saying so: no code is waiting, so nothing stands in the way of the
            # password (the same words whether the address has an account or not).
            logger.warning("sign-in email %s not sent: the address reached its limit", template_prefix)
            messages.warning(request, EMAIL_HELD)
            raise ImmediateHttpResponse(redirect(request.get_full_path()))
        super().send_mail(template_prefix, email, context_data)

    def _rollback_login_failed_rl_usage(self) -> None:
        """A right password does not count as a failure (allauth rolls its own count back; ours too)."""
        super()._rollback_login_failed_rl_usage()
        for usage in getattr(self, "_sign_in_usages", []):
            usage.rollback()
        self._sign_in_usages = []


def known_browser(request: HttpRequest, email: str) -> bool:
    """This browser has signed in to the account with this email address before (a cookie only we can sign)."""
    seen = request.get_signed_cookie(KNOWN_BROWSER, default=None, salt=KNOWN_BROWSER, max_age=KNOWN_BROWSER_SECONDS)
    return bool(email) and seen == throttle.email_key(email)


class EncryptingMFAAdapter(DefaultMFAAdapter):
    """TOTP secrets are stored encrypted (allauth stores them as given by `encrypt`)."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)
