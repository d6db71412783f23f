"""Encryption at rest for secrets we must be able to read back (authenticator secrets, bank details).

Fernet (AES-128-CBC + HMAC-SHA256) with keys from FIELD_ENCRYPTION_KEYS (comma-separated Fernet keys, newest
first, so keys can be rotated) or, when that is not set, one key derived from SECRET_KEY.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "fernet:"


@cache
def _fernet() -> MultiFernet:
    keys = [key.strip() for key in getattr(settings, "FIELD_ENCRYPTION_KEYS", []) if key.strip()]
    if not keys:
        digest = hashlib.sha256(f"field-encryption:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(text: str) -> str:
    return PREFIX + _fernet().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("This value was not encrypted by the portal.")
    try:
        return _fernet().decrypt(stored[len(PREFIX):].encode()).decode()
    except InvalidToken as error:
        raise ValueError("This value cannot be decrypted with the configured keys.") from error


def reset_cache() -> None:
    """For tests that change the keys."""
    _fernet.cache_clear()
