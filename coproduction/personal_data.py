"""Sign-in data held by allauth: email addresses, second factors (never their secrets), sessions (no keys)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession

from .privacy import iso, register_section


def collect(user: Any) -> dict[str, Any]:
    return {
        "email_addresses": [{"email": e.email, "verified": e.verified, "primary": e.primary}
                            for e in EmailAddress.objects.filter(user=user)],
        "second_factors": [{"type": a.get_type_display(), "created_at": iso(a.created_at),
                            "last_used_at": iso(a.last_used_at)}
                           for a in Authenticator.objects.filter(user=user)],
        "sessions": [{"ip": s.ip, "device": s.user_agent, "created_at": iso(s.created_at),
                      "last_seen_at": iso(s.last_seen_at)}
                     for s in UserSession.objects.filter(user=user)],
    }


register_section("sign_in", collect, None)
