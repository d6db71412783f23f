"""django-allauth adapters: no open sign-up; sign-in throttling that an attacker cannot aim at others;
authenticator secrets encrypted at rest."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from . import crypto, throttle

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
        for action, key in (("password_client", None), ("password_account", account)):
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

    def _rollback_login_failed_rl_usage(self) -> None:
        """A right password does not count as a failure (allauth rolls its own count back; ours too)."""
        super()._rollback_login_failed_rl_usage()
        for usage in getattr(self, "_sign_in_usages", []):
            usage.rollback()
        self._sign_in_usages = []


class EncryptingMFAAdapter(DefaultMFAAdapter):
    """TOTP secrets are stored encrypted (allauth stores them as given by `encrypt`)."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)
