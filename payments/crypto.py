"""Bank details: checked by format, stored encrypted (the portal's one encryption module), shown masked."""

from __future__ import annotations

import logging
import re

from coproduction import crypto

logger = logging.getLogger(__name__)


def encrypt(value: str) -> str:
    return crypto.encrypt(value) if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return crypto.decrypt(token)
    except ValueError:
        logger.warning("stored bank details cannot be decrypted with the configured keys")
        return ""


SORT_CODE = re.compile(r"^\d{6}$")
ACCOUNT_NUMBER = re.compile(r"^\d{8}$")


def clean_sort_code(value: str) -> str:
    """'12-34-56', '12 34 56' or '123456' -> '123456'; ValueError if it is not six digits."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not SORT_CODE.match(digits):
        raise ValueError("Enter a sort code of 6 digits, like 30-99-50.")
    return digits


def clean_account_number(value: str) -> str:
    digits = re.sub(r"\s", "", value or "")
    if not ACCOUNT_NUMBER.match(digits):
        raise ValueError("Enter an account number of 8 digits.")
    return digits


def mask(value: str, keep: int = 2) -> str:
    return "" if not value else "•" * (len(value) - keep) + value[-keep:]
