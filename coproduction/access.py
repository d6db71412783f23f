"""Object-level access: one helper per object type answers "may this user see this?".

Views never fetch people or groups by bare primary key; they call these. An object the user may not see
is answered with 404 (its existence is not revealed) and the refusal is recorded.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from .audit import record_event
from .models import GovernanceGroup, Membership, User
from .roles import Capability, has_capability


def _refuse(user: Any, what: str) -> Http404:
    record_event("access_refused", actor=user, detail=what)
    return Http404("Not found")


def get_person_for_user(user: Any, person_pk: int) -> User:
    """A person's record: their own, or anyone's for roles that may see people."""
    person = User.objects.select_related("profile", "profile__locality").filter(pk=person_pk).first()
    if person is None:
        raise Http404("Not found")
    if person.pk != user.pk and not has_capability(user, Capability.VIEW_PEOPLE):
        raise _refuse(user, f"person {person_pk}")
    return person


def visible_groups(user: Any) -> QuerySet[GovernanceGroup]:
    """Every group for roles that see all; otherwise the groups the person currently belongs to."""
    groups = GovernanceGroup.objects.select_related("locality")
    if has_capability(user, Capability.VIEW_ALL_GROUPS):
        return groups
    current = Membership.objects.current().filter(group=OuterRef("pk"), person=user)
    return groups.filter(Exists(current))


def get_group_for_user(user: Any, group_pk: int) -> GovernanceGroup:
    group = visible_groups(user).filter(pk=group_pk).first()
    if group is None:
        if GovernanceGroup.objects.filter(pk=group_pk).exists():
            raise _refuse(user, f"group {group_pk}")
        raise Http404("Not found")
    return group
