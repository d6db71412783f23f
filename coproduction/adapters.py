"""django-allauth adapters: no open sign-up; authenticator secrets encrypted at rest."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter

from . import crypto


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """People join by invitation or an accepted application, never by open sign-up."""

    def is_open_for_signup(self, request: Any) -> bool:
        return False


class EncryptingMFAAdapter(DefaultMFAAdapter):
    """TOTP secrets are stored encrypted (allauth stores them as given by `encrypt`)."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)
