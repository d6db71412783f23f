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

from .roles import remember_roles

_SEPARATOR = "\n"  # group names are single-line
_ANY_PK = -7_654_321  # stands for the person's id while the query is compiled


@cache
def _compiled_query(alias: str) -> tuple[str, tuple[Any, ...], int]:
    """The person-with-roles query as SQL, compiled once per process: building it through the ORM on every
    request cost more than running it. Returns the SQL, its parameters and where the id goes among them."""
    model = get_user_model()
    query = (model._default_manager.using(alias).filter(pk=_ANY_PK)
             .annotate(group_names=StringAgg("groups__name", Value(_SEPARATOR), default=Value("")))
             .order_by("pk")[:1]).query
    sql, params = query.get_compiler(alias).as_sql()
    return sql, tuple(params), list(params).index(_ANY_PK)


def user_with_roles(user_id: Any) -> Any | None:
    """The active-or-not user with this primary key, their roles attached; None when there is none."""
    model = get_user_model()
    try:
        pk = model._meta.pk.to_python(user_id)
    except (ValueError, ValidationError):  # a session holding a malformed id is simply signed out
        return None
    alias = router.db_for_read(model)
    sql, params, at = _compiled_query(alias)
    found = list(model._default_manager.db_manager(alias).raw(sql, [*params[:at], pk, *params[at + 1:]]))
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
