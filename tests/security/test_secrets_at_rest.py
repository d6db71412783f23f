"""Authenticator secrets are stored encrypted: the plaintext is nowhere in the database."""

from __future__ import annotations

import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from coproduction import crypto
from tests.security.helpers import database_contains

pytestmark = pytest.mark.django_db

SECRET = "KNOWNPLAINTEXTSECRETFORTHETEST22"


def test_a_totp_secret_is_not_stored_in_plaintext(leader):
    TOTP.activate(leader, SECRET)

    assert database_contains(SECRET) == []
    stored = Authenticator.objects.filter(user=leader, type=Authenticator.Type.TOTP).last().data["secret"]
    assert stored.startswith(crypto.PREFIX)
    assert get_adapter().decrypt(stored) == SECRET


def test_the_database_scan_would_find_a_plaintext_secret(leader):
    leader.full_name = SECRET
    leader.save()

    assert "coproduction_user.full_name" in database_contains(SECRET)


def test_a_value_encrypted_with_another_key_cannot_be_read(settings):
    token = crypto.encrypt("sort code 12-34-56")
    settings.FIELD_ENCRYPTION_KEYS = ["ZmFrZWtleWZha2VrZXlmYWtla2V5ZmFrZWtleTEyMzQ="]
    crypto.reset_cache()
    try:
        with pytest.raises(ValueError, match="cannot be decrypted"):
            crypto.decrypt(token)
    finally:
        crypto.reset_cache()


def test_keys_can_be_rotated(settings):
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    crypto.reset_cache()
    token = crypto.encrypt("account 12345678")
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    crypto.reset_cache()
    try:
        assert crypto.decrypt(token) == "account 12345678"
    finally:
        crypto.reset_cache()
