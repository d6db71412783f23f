"""Sign-in events go to the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import record_event


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_event("signed_in", actor=user, path=getattr(request, "path", ""))


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event("signed_out", actor=user)


@receiver(user_login_failed)
def _sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Only which account was tried; never the password.
    email = str(credentials.get("email") or credentials.get("username") or "")[:120]
    record_event("sign_in_failed", detail=f"account {email}", path=getattr(request, "path", "") or "")
