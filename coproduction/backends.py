"""Sign-in backends: Django's and allauth's, reading the signed-in person and their roles in one query.

Every signed-in request loads its user; the roles (the groups' names) come with it, so the role matrix, the
menu and the second-factor rule ask the database nothing more (`roles.remember_roles`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import StringAgg, Value

from .compiled import CompiledQuery, compile_with_markers, markers
from .roles import remember_roles

_SEPARATOR = "\n"  # group names are single-line


@cache
def _compiled_query(alias: str) -> CompiledQuery:
    """The person-with-roles query as SQL, compiled once per process: building it through the ORM on every
    request cost more than running it."""
    model = get_user_model()
    return compile_with_markers(
        model._default_manager.using(alias).filter(pk=markers(1)[0])
        .annotate(group_names=StringAgg("groups__name", Value(_SEPARATOR), default=Value(""))).order_by("pk")[:1],
        markers(1))


def user_with_roles(user_id: Any) -> Any | None:
    """The active-or-not user with this primary key, their roles attached; None when there is none."""
    model = get_user_model()
    try:
        pk = model._meta.pk.to_python(user_id)
    except (ValueError, ValidationError):  # a session holding a malformed id is simply signed out
        return None
    alias = router.db_for_read(model)
    compiled = _compiled_query(alias)
    found = list(model._default_manager.db_manager(alias).raw(compiled.sql, compiled.params_for([pk])))
    user = found[0] if found else None
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
