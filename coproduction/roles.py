"""Roles (Django groups) and what each may do: the permission matrix in one place.

Every decision about what a role may do is a capability here. Views ask `has_capability(user, Capability.X)` or
use `@require_capability`; object views use the `get_<thing>_for_user` helpers in each app's `access.py`, which
answer 404 for objects that are not theirs. Nothing outside this module tests a role by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


class Role(StrEnum):
    LEADER = "Expert by Experience leader"
    MANAGER = "Co-production manager"
    FINANCE = "Finance approver"
    BOARD = "Board member"
    ADMIN = "Admin"


# Roles that must sign in with a second factor.
STAFF_ROLES = frozenset({Role.MANAGER, Role.FINANCE, Role.ADMIN})


class Capability(StrEnum):
    VIEW_OWN = "see and change their own profile"
    VIEW_PEOPLE = "see everyone's profiles"
    MANAGE_PEOPLE = "recruit people and manage memberships"
    VIEW_ALL_GROUPS = "see every group and its members"
    MANAGE_MEETINGS = "plan meetings and send papers"
    APPROVE_CLAIMS = "give first approval to claims"
    AUTHORISE_PAYMENTS = "authorise claims and run payments"
    VIEW_DECISIONS = "see the decision log"
    VIEW_FEEDBACK_TRAIL = "see the anonymised feedback trail"
    LOG_LISTENING = "log listening events and feedback"
    CONFIGURE = "change settings, rates, limits and the glossary"
    VIEW_AUDIT = "see the audit trail"
    TAKE_PART = "take part as a leader: join groups, sign the group agreement, take the first steps"
    CLAIM_PAYMENTS = "claim involvement payments and expenses"
    VIEW_ALL_CLAIMS = "see everyone's sent claims"
    VIEW_BOARD_PAPERS = "see the papers of every board meeting"
    MANAGE_LISTENING = "see all listening records, link feedback to decisions and publish updates"
    VIEW_COMMUNICATION_NEEDS = "see people's communication needs and arrange their formats"
    MANAGE_ROLES = "give and take away roles, recorded (never their own)"


ALL_ROLES = frozenset(Role)

# The permission matrix (README.md shows it as a table).
MATRIX: dict[Capability, frozenset[Role]] = {
    Capability.VIEW_OWN: ALL_ROLES,
    Capability.VIEW_PEOPLE: frozenset({Role.MANAGER, Role.ADMIN}),
    Capability.MANAGE_PEOPLE: frozenset({Role.MANAGER}),
    Capability.VIEW_ALL_GROUPS: frozenset({Role.MANAGER, Role.ADMIN}),
    Capability.MANAGE_MEETINGS: frozenset({Role.MANAGER}),
    Capability.APPROVE_CLAIMS: frozenset({Role.MANAGER}),
    Capability.AUTHORISE_PAYMENTS: frozenset({Role.FINANCE}),
    Capability.VIEW_DECISIONS: frozenset({Role.MANAGER, Role.BOARD, Role.ADMIN}),
    Capability.VIEW_FEEDBACK_TRAIL: frozenset({Role.MANAGER, Role.BOARD}),
    Capability.LOG_LISTENING: frozenset({Role.MANAGER, Role.LEADER}),
    Capability.CONFIGURE: frozenset({Role.ADMIN}),
    Capability.VIEW_AUDIT: frozenset({Role.ADMIN}),
    Capability.TAKE_PART: frozenset({Role.LEADER}),
    Capability.CLAIM_PAYMENTS: frozenset({Role.LEADER}),
    Capability.VIEW_ALL_CLAIMS: frozenset({Role.MANAGER, Role.FINANCE}),
    Capability.VIEW_BOARD_PAPERS: frozenset({Role.BOARD}),
    Capability.MANAGE_LISTENING: frozenset({Role.MANAGER}),
    Capability.VIEW_COMMUNICATION_NEEDS: frozenset({Role.MANAGER}),
    Capability.MANAGE_ROLES: frozenset({Role.ADMIN}),
}

# What the Admin role may do in the Django admin, and nothing more (the role is never a superuser): settings,
# rates, limits, the glossary, the audit trail and erasure. Claims, the ledger, feedback, outgoing emails and
# Django's groups are out of its reach; roles change only on the portal's recorded Roles page. The README's
# "The Django admin" table shows this, and a test checks the two and the Admin group's permissions agree.
ADMIN_SITE_ROLES = frozenset({Role.ADMIN})  # roles that open the Django admin (is_staff), with ADMIN_SITE only
VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ADMIN_SITE: dict[str, tuple[str, frozenset[str]]] = {
    # model label: (what it is for, in the README's words; the actions)
    "coproduction.dataretention": ("settings", frozenset({VIEW, ADD, CHANGE})),
    "coproduction.locality": ("settings", frozenset({VIEW, ADD, CHANGE})),
    "coproduction.primarycarenetwork": ("settings", frozenset({VIEW, ADD, CHANGE})),
    "recruitment.recruitmentsettings": ("settings", frozenset({VIEW, CHANGE})),
    "engagement.theme": ("settings", frozenset({VIEW, ADD, CHANGE})),
    "engagement.audience": ("settings", frozenset({VIEW, ADD, CHANGE})),
    "payments.activitytype": ("rates", frozenset({VIEW, ADD, CHANGE})),
    "payments.rate": ("rates", frozenset({VIEW, ADD, CHANGE})),
    "payments.mileagerate": ("rates", frozenset({VIEW, ADD, CHANGE})),
    "payments.benefitlimit": ("limits", frozenset({VIEW, ADD, CHANGE})),
    "payments.budgetline": ("settings", frozenset({VIEW, ADD, CHANGE})),
    "meetings.glossaryentry": ("glossary", frozenset({VIEW, ADD, CHANGE, DELETE})),
    "meetings.allowedacronym": ("glossary", frozenset({VIEW, ADD, CHANGE, DELETE})),
    "coproduction.auditevent": ("audit", frozenset({VIEW})),
    "coproduction.user": ("erasure", frozenset({VIEW})),  # to choose whom to erase; never their roles
    "coproduction.erasurerequest": ("erasure", frozenset({VIEW})),
}


def admin_site_codenames() -> set[tuple[str, str]]:
    """(app label, codename) of every Django admin permission the Admin role holds."""
    return {(label.split(".")[0], f"{action}_{label.split('.')[1]}")
            for label, (_purpose, actions) in ADMIN_SITE.items() for action in actions}

_CACHE_ATTR = "_portal_roles"


def roles_of(user: Any) -> frozenset[Role]:
    """The user's roles, read once per request (and so re-read on the next one after a change)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def remember_roles(user: Any, group_names: Iterable[str]) -> None:
    """The roles read together with the user (coproduction.backends), so roles_of asks nothing more."""
    names = set(group_names)
    setattr(user, _CACHE_ATTR, frozenset(role for role in Role if role.value in names))


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_capability(user: Any, capability: Capability) -> bool:
    return bool(roles_of(user) & MATRIX[capability])


def needs_second_factor(user: Any) -> bool:
    return bool(roles_of(user) & STAFF_ROLES) or bool(getattr(user, "is_staff", False))


def primary_role(user: Any) -> Role | None:
    """The role shown in the header: the most responsible one the person holds."""
    order = [Role.ADMIN, Role.FINANCE, Role.MANAGER, Role.BOARD, Role.LEADER]
    held = roles_of(user)
    return next((role for role in order if role in held), None)


def require_capability(capability: Capability) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorator for views: sign-in page when signed out, 403 (recorded) without the capability."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_capability(request.user, capability):
                raise PermissionDenied(f"Your role does not let you {capability.value}.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
