"""Recruitment's contributions to the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from coproduction.attention import AttentionItem, register
from coproduction.roles import Capability, has_capability

from .selectors import home_facts


@register
def recruitment_items(user: Any) -> list[AttentionItem]:
    """A leader: sign the current group agreement, the onboarding steps that are theirs. The manager:
    applications waiting for a reply and leaders who have not signed the current agreement. One query."""
    as_leader = has_capability(user, Capability.TAKE_PART)
    as_manager = has_capability(user, Capability.MANAGE_PEOPLE)
    facts = home_facts(user, as_leader=as_leader, as_manager=as_manager)
    items: list[AttentionItem] = []
    if as_leader:
        if facts["agreement_number"] is not None and not facts["agreement_signed"]:
            items.append(AttentionItem(
                "Please read and sign the group agreement",
                f"Version {facts['agreement_number']} is the one we all work to now.",
                reverse("agreement"), "Read the group agreement",
            ))
        if facts["has_checklist"] and not facts["payment_done"]:
            items.append(AttentionItem(
                "Choose your payment preference",
                "Tell us how you would like to be paid, or if you would rather not be paid.",
                reverse("my_role"), "See your first steps",
            ))
        if facts["has_checklist"] and not facts["first_meeting_done"]:
            items.append(AttentionItem("Choose your first meeting", "Tell us which meeting you would like to "
                                       "come to first.", reverse("my_role"), "See your first steps"))
    if as_manager:
        waiting = facts["applications_waiting"]
        if waiting:
            items.append(AttentionItem(
                f"{waiting} application{'s are' if waiting != 1 else ' is'} waiting for a reply",
                "Arrange a conversation, or reply kindly.",
                f"{reverse('recruitment_overview')}?stage=received", "See applications",
            ))
        unsigned = facts["leaders_unsigned"]
        if unsigned:
            items.append(AttentionItem(
                f"{unsigned} leader{'s have' if unsigned != 1 else ' has'} not signed the current group agreement",
                "", reverse("agreement_manage"), "See who has signed",
            ))
    return items
