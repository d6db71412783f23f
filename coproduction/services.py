"""Changes to people and groups that views, tasks and tests share."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import Membership


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
