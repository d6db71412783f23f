"""A secret encrypted by one process is read by another: bank details and authenticator secrets survive a
restart and are readable by every worker, because no key ever comes from a per-process random value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
ENCRYPT = "from coproduction import crypto; print(crypto.encrypt('12345678'))"
DECRYPT = "import sys; from coproduction import crypto; print(crypto.decrypt(sys.stdin.read().strip()))"


def _in_a_new_process(code: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    setup = "import django; django.setup(); "
    return subprocess.run([sys.executable, "-c", setup + code], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=60)


def _production_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in {"DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return {**env, "DJANGO_SETTINGS_MODULE": "coproduction.settings", **extra}


def test_a_value_encrypted_in_one_process_is_decrypted_in_another():
    env = _production_env(SECRET_KEY="a-production-secret-key-that-is-long-enough-0123456789")

    token = _in_a_new_process(ENCRYPT, env).stdout.strip()
    result = _in_a_new_process(DECRYPT, env, stdin=token)

    assert token.startswith("fernet:")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "12345678"


def test_with_field_encryption_keys_the_secret_key_can_change():
    keys = Fernet.generate_key().decode()
    first = _production_env(SECRET_KEY="first-secret-key-0123456789-0123456789-0123456789", FIELD_ENCRYPTION_KEYS=keys)
    second = _production_env(SECRET_KEY="second-secret-key-9876543210-9876543210-98765", FIELD_ENCRYPTION_KEYS=keys)

    token = _in_a_new_process(ENCRYPT, first).stdout.strip()

    assert _in_a_new_process(DECRYPT, second, stdin=token).stdout.strip() == "12345678"


def test_without_a_secret_key_no_process_starts():
    result = _in_a_new_process(ENCRYPT, _production_env())

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
