"""Object-level access: the one pattern every app follows.

- Each app has an `access.py` with `visible_<things>(user)` (a queryset of what the person may see) and
  `get_<thing>_for_user(user, pk)` (one object, or a refusal). Views never fetch by bare primary key.
- A role's reach is a capability in `coproduction.roles.MATRIX`; no view or template tests a role by name.
- An object the person may not see is answered with 404 (its existence is not revealed) and the refusal is
  recorded in the audit trail; a page their role does not include is answered with 403 (`require_capability`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import Http404

from .audit import record_event
from .models import GovernanceGroup, Membership, User
from .roles import Capability, has_capability


def refuse(user: Any, what: str) -> Http404:
    """Record that `user` was refused `what`, and return the 404 to raise."""
    record_event("access_refused", actor=user, detail=what)
    return Http404("Not found")


def get_visible[M: Model](visible: QuerySet[M], pk: int, *, user: Any, what: str) -> M:
    """The object `pk` from the queryset of what `user` may see: 404 if it does not exist, and a recorded
    refusal (also 404) if it exists but is not theirs to see."""
    found = visible.filter(pk=pk).first()
    if found is None:
        if visible.model._default_manager.filter(pk=pk).exists():
            raise refuse(user, f"{what} {pk}")
        raise Http404("Not found")
    return found


def get_owned[M: Model](queryset: QuerySet[M], pk: int, *, user: Any, what: str,
                         may_see: Callable[[M], bool] | None = None) -> M:
    """The object `pk`, when `may_see(found)` is true for it: 404 if it does not exist, a recorded refusal if
    `may_see` says no. For rules that read the object itself (its owner, its state); without `may_see`, the
    caller has already checked the role."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("Not found")
    if may_see is not None and not may_see(found):
        raise refuse(user, f"{what} {pk}")
    return found


def get_person_for_user(user: Any, person_pk: int) -> User:
    """A person's record: their own, or anyone's for roles that may see people."""
    return get_owned(User.objects.select_related("profile", "profile__locality"), person_pk, user=user,
                     what="person", may_see=lambda person: person.pk == user.pk
                     or has_capability(user, Capability.VIEW_PEOPLE))


def visible_groups(user: Any) -> QuerySet[GovernanceGroup]:
    """Every group for roles that see all; otherwise the groups the person currently belongs to."""
    groups = GovernanceGroup.objects.select_related("locality")
    if has_capability(user, Capability.VIEW_ALL_GROUPS):
        return groups
    current = Membership.objects.current().filter(group=OuterRef("pk"), person=user)
    return groups.filter(Exists(current))


def get_group_for_user(user: Any, group_pk: int) -> GovernanceGroup:
    return get_visible(visible_groups(user), group_pk, user=user, what="group")
