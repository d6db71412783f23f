"""A leader's meeting attendance becomes a payable activity (once), ready to claim."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from coproduction.roles import Capability, has_capability

from .models import ActivityType
from .services import activity_from_attendance


def attendance_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or not created:
        return
    activity_type = ActivityType.objects.filter(code="meeting").first()
    if activity_type is None or not has_capability(instance.person, Capability.CLAIM_PAYMENTS):
        return
    meeting = instance.meeting
    hours = Decimal((meeting.ends_at - meeting.starts_at).total_seconds()) / 3600
    hours = (hours * 4).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 4  # to the quarter hour
    if 0 < hours <= 24:
        activity_from_attendance(attendance=instance, activity_type=activity_type, hours=hours)
