"""Who may see which listening records (the pattern is in `coproduction.access`).

- The co-production manager (MANAGE_LISTENING) sees every event and feedback item, links them to decisions,
  moves their status, and writes "you said, we did" updates.
- A leader (LOG_LISTENING) sees the events they logged or ran and the feedback they logged.
- Board members (VIEW_FEEDBACK_TRAIL) see the anonymised trail and decisions, never the raw lists.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from coproduction.access import get_owned, get_visible
from coproduction.roles import Capability, has_capability
from meetings.models import Decision

from .models import BoardPaperExport, EventLeader, FeedbackImport, FeedbackItem, ListeningEvent, Update

TRAIL_REFUSED = "Your role does not let you see the feedback trail."


def visible_events(user: Any) -> QuerySet[ListeningEvent]:
    events = ListeningEvent.objects.select_related("locality", "network")
    if has_capability(user, Capability.MANAGE_LISTENING):
        return events
    if not has_capability(user, Capability.LOG_LISTENING):
        return events.none()
    # The ids of the person's own events (two small index reads), not a test of every event: newest-first
    # lists would otherwise walk the whole diary to find the few that are theirs.
    ran = EventLeader.objects.filter(person=user).values("event_id")
    logged = ListeningEvent.objects.filter(logged_by=user).values("pk")
    return events.filter(pk__in=ran.union(logged))


def get_event_for_user(user: Any, pk: int) -> ListeningEvent:
    return get_visible(visible_events(user), pk, user=user, what="listening event")


def visible_feedback(user: Any) -> QuerySet[FeedbackItem]:
    items = FeedbackItem.objects.select_related("locality", "event")
    if has_capability(user, Capability.MANAGE_LISTENING):
        return items
    if has_capability(user, Capability.LOG_LISTENING):
        return items.filter(logged_by=user)
    return items.none()


def get_feedback_for_user(user: Any, pk: int) -> FeedbackItem:
    return get_visible(visible_feedback(user), pk, user=user, what="feedback item")


def get_decision_trail_for_user(user: Any, pk: int) -> Decision:
    """A decision with the feedback behind it: for people who may see the feedback trail (an admin sees the
    decision itself on the meetings app's decision page)."""
    if not has_capability(user, Capability.VIEW_FEEDBACK_TRAIL):
        raise PermissionDenied(TRAIL_REFUSED)
    return get_owned(Decision.objects.select_related("meeting", "meeting__group", "owner"), pk, user=user,
                     what="decision")


def get_import_for_user(user: Any, pk: int) -> FeedbackImport:
    return get_owned(FeedbackImport.objects.select_related("event"), pk, user=user, what="feedback import",
                     may_see=lambda row: row.uploaded_by_id == user.pk)


def get_update_for_user(user: Any, pk: int) -> Update:
    if not has_capability(user, Capability.MANAGE_LISTENING):
        raise PermissionDenied("Only the co-production manager can do this.")
    return get_owned(Update.objects.select_related("locality", "theme"), pk, user=user, what="update")


def get_board_paper_for_user(user: Any, pk: int) -> BoardPaperExport:
    if not has_capability(user, Capability.VIEW_FEEDBACK_TRAIL):
        raise PermissionDenied(TRAIL_REFUSED)
    return get_owned(BoardPaperExport.objects.select_related("meeting"), pk, user=user, what="board paper")
