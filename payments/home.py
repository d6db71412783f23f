"""Payments' contributions to the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from coproduction.attention import AttentionItem, register
from coproduction.roles import Capability, has_capability
from coproduction.wording import counted

from .models import Claim


@register
def payment_items(user: Any) -> list[AttentionItem]:
    """Claims returned to a leader; claims waiting for the manager or finance. Two queries at most."""
    items = []
    if has_capability(user, Capability.CLAIM_PAYMENTS):
        returned = Claim.objects.filter(person=user, status=Claim.Status.RETURNED).count()
        if returned:
            items.append(AttentionItem(title=f"{counted(returned, 'claim')} returned to you for changes",
                                       url=reverse("payments:index"), link_text="See your claims"))
    statuses = []
    if has_capability(user, Capability.APPROVE_CLAIMS):
        statuses.append(Claim.Status.SUBMITTED)
    if has_capability(user, Capability.AUTHORISE_PAYMENTS):
        statuses.append(Claim.Status.APPROVED)
    if statuses:
        waiting = Claim.objects.filter(status__in=statuses).exclude(person=user).count()
        if waiting:
            items.append(AttentionItem(title=f"{counted(waiting, 'claim')} waiting for your decision",
                                       url=reverse("payments:review_list"), link_text="Check claims"))
    return items
