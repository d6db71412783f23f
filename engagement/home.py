"""Community listening's contributions to the home page: counted from the trail's summary when it is current
(a fixed number of queries whatever the volume)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from coproduction.attention import AttentionItem, register
from coproduction.roles import Capability, has_capability

from .models import FeedbackItem
from .summary import count_items

WAITING_TOO_LONG = dt.timedelta(weeks=12)


@register
def listening_items(user: Any) -> list[AttentionItem]:
    if not has_capability(user, Capability.MANAGE_LISTENING):
        return []
    cutoff = timezone.localdate() - WAITING_TOO_LONG
    waiting = count_items([FeedbackItem.Status.HEARD, FeedbackItem.Status.CONSIDERING], heard_before=cutoff)
    items = []
    if waiting:
        items.append(AttentionItem(
            f"{waiting} feedback item{'s have' if waiting != 1 else ' has'} waited more than 12 weeks",
            "Consider them, link them to a decision, or give the reason they are not taken forward.",
            reverse("engagement:feedback_list") + "?status=heard", "See the feedback",
        ))
    informed = count_items([FeedbackItem.Status.INFORMED])
    if informed:
        items.append(AttentionItem(
            f"{informed} feedback item{'s have' if informed != 1 else ' has'} informed a decision but people "
            "have not been told yet",
            "Write a 'you said, we did' update and close the loop.",
            reverse("engagement:update_list"), "See the updates",
        ))
    return items
