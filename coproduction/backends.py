"""Sign-in backends: Django's and allauth's, reading the signed-in person and their roles in one query.

Every signed-in request loads its user; the roles (the groups' names) come with it, so the role matrix, the
menu and the second-factor rule ask the database nothing more (`roles.remember_roles`).
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db.models import StringAgg, Value

from .roles import remember_roles

_SEPARATOR = "\n"  # group names are single-line


def user_with_roles(user_id: Any) -> Any | None:
    """The active-or-not user with this primary key, their roles attached; None when there is none."""
    model = get_user_model()
    try:
        pk = model._meta.pk.to_python(user_id)
    except (ValueError, ValidationError):  # a session holding a malformed id is simply signed out
        return None
    user = (model._default_manager.filter(pk=pk)
            .annotate(group_names=StringAgg("groups__name", Value(_SEPARATOR), default=Value("")))
            .first())
    if user is not None:
        remember_roles(user, user.group_names.split(_SEPARATOR) if user.group_names else [])
    return user


class _RolesReadWithUser:
    """get_user for both backends: the person and their roles in one query."""

    def get_user(self, user_id: Any) -> Any | None:
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class PortalModelBackend(_RolesReadWithUser, ModelBackend):
    pass


class PortalAllauthBackend(_RolesReadWithUser, AuthenticationBackend):
    pass
