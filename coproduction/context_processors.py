from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import navigation
from .roles import primary_role


def portal(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    role = primary_role(user) if signed_in else None
    return {
        "site_name": settings.SITE_NAME,
        "current_role": role.value if role else "",
        "nav_items": navigation.items_for(user, request.path) if signed_in else [],
    }
