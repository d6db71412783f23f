"""The people app's contributions to the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from .attention import AttentionItem, register
from .models import OutgoingEmail
from .roles import Capability, has_capability
from .selectors import current_memberships, groups_below_target, leaders_without_group


@register
def membership_items(user: Any) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    if has_capability(user, Capability.TAKE_PART) and not current_memberships(user).exists():
        items.append(AttentionItem(
            "You are not in a group yet",
            "The co-production manager will talk with you about which group suits you.",
        ))
    if has_capability(user, Capability.MANAGE_PEOPLE):
        waiting = leaders_without_group().count()
        if waiting:
            items.append(AttentionItem(
                f"{waiting} leader{'s are' if waiting != 1 else ' is'} not in any group",
                "Offer each of them a place in a group.",
                reverse("person_list"), "See people",
            ))
        failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
        if failed:
            items.append(AttentionItem(
                f"{failed} {'email' if failed == 1 else 'emails'} could not be sent",
                "See why, and try again.", reverse("emails_failed"), "See the emails not sent"))
        for group in groups_below_target():
            items.append(AttentionItem(
                f"{group.name} has {group.leader_count} of {group.target_size} leaders",
                "Think about recruiting for this group.",
                reverse("group_detail", args=[group.pk]), f"Open {group.name}",
            ))
    return items
