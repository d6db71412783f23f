"""Reads shared by views, the home page and reports. Each runs a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, StringAgg, Subquery, Value

from .models import GovernanceGroup, Membership, User
from .roles import Role


def current_memberships(user: Any) -> QuerySet[Membership]:
    return Membership.objects.current().filter(person=user).select_related("group", "group__locality")


def leaders() -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name=Role.LEADER.value)


def leaders_without_group() -> QuerySet[User]:
    current = Membership.objects.current().filter(person=OuterRef("pk"))
    return leaders().filter(~Exists(current))


def groups_below_target() -> QuerySet[GovernanceGroup]:
    today_members = Membership.objects.current().filter(role_in_group=Membership.RoleInGroup.EBE_LEADER)
    return (
        GovernanceGroup.objects.filter(target_size__isnull=False)
        .annotate(leader_count=Count("memberships", filter=Q(memberships__in=today_members), distinct=True))
        .filter(leader_count__lt=F("target_size"))
    )


def people_directory() -> QuerySet[User]:
    """Active people by name, each with `role_names` ("Expert by Experience leader, Board member"): the roles
    are read in the same query (a subquery a row, in name order where the database can order inside it)."""
    order = {"order_by": "group__name"} if connection.features.supports_aggregate_order_by_clause else {}
    role_names = (User.groups.through.objects.filter(user=OuterRef("pk")).order_by().values("user")
                  .annotate(names=StringAgg("group__name", Value(", "), **order)).values("names"))
    return (
        User.objects.filter(is_active=True)
        .select_related("profile", "profile__locality")
        .annotate(role_names=Subquery(role_names))
        .order_by("full_name", "pk")  # the index user_by_name
    )
