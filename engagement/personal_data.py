"""Community listening: the events a person ran or helped at, and how many feedback items they logged.

The feedback itself is other people's words, so it is not part of this person's data (only the count).
"""

from __future__ import annotations

from typing import Any

from coproduction.privacy import iso, register_section

from .models import EventLeader, FeedbackItem, ListeningEvent


def collect(user: Any) -> dict[str, Any]:
    return {
        "listening_events_you_ran_or_helped_at": [
            {"event": row.event.title, "held_on": iso(row.event.held_on), "part": row.get_part_display(),
             "hours": str(row.hours)}
            for row in EventLeader.objects.filter(person=user).select_related("event").order_by("event__held_on")
        ],
        "listening_events_you_logged": ListeningEvent.objects.filter(logged_by=user).count(),
        "feedback_items_you_logged": FeedbackItem.objects.filter(logged_by=user).count(),
    }


register_section("listening", collect, None)
