"""Changes to people and groups that views, tasks and tests share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .audit import record_event
from .models import Membership, User
from .roles import ADMIN_SITE_ROLES, Role, forget_roles, roles_of


class RoleChangeRefused(Exception):
    """Nobody changes their own roles."""


def membership_end(*, membership: Membership, on: dt.date | None = None) -> bool:
    """End a membership (never delete it). False if it had already ended or has not started."""
    day = on or timezone.localdate()
    with transaction.atomic():
        locked = Membership.objects.select_for_update().filter(
            pk=membership.pk, ended_on__isnull=True, started_on__lte=day).first()
        if locked is None:
            return False
        locked.ended_on = day
        locked.save(update_fields=["ended_on"])
    return True


def roles_change(*, person: User, roles: set[Role], by: Any, reason: str) -> tuple[set[Role], set[Role]]:
    """Give and take away roles (the only way they change; the Django admin shows them read-only). Recorded in
    the audit trail with who, whose, what and why. Admin access (`is_staff`) follows the Admin role; nobody is
    ever made a superuser. Returns (added, removed)."""
    if person.pk == getattr(by, "pk", None):
        raise RoleChangeRefused("You cannot change your own roles: ask another admin.")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=person.pk)
        forget_roles(locked)
        before = set(roles_of(locked))
        added, removed = roles - before, before - roles
        for role in added:
            locked.groups.add(Group.objects.get_or_create(name=role.value)[0])
        for role in removed:
            locked.groups.remove(*Group.objects.filter(name=role.value))
        staff = bool(roles & ADMIN_SITE_ROLES)
        if locked.is_staff != staff or locked.is_superuser:
            User.objects.filter(pk=locked.pk).update(is_staff=staff, is_superuser=False)
        if added or removed:
            names = lambda chosen: ", ".join(sorted(r.value for r in chosen)) or "none"  # noqa: E731
            record_event("roles_changed", actor=by,
                         detail=f"person {locked.pk}: added {names(added)}; removed {names(removed)}; why: {reason}")
        forget_roles(person)
    return added, removed
