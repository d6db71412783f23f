"""Object-level access for community listening: one helper per object type.

- The co-production manager sees every event and feedback item, links them to decisions, moves their
  status, and writes "you said, we did" updates.
- A leader (LOG_LISTENING) sees the events they logged or ran and the feedback they logged.
- Board members (VIEW_FEEDBACK_TRAIL) see the anonymised trail and decisions, never the raw lists.
An object the person may not see is answered with 404 and the refusal is recorded; a missing role, 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from coproduction.audit import record_event
from coproduction.roles import Capability, Role, has_capability, has_role

from .models import BoardPaperExport, EventLeader, FeedbackImport, FeedbackItem, ListeningEvent, Update


def _refuse(user: Any, what: str) -> Http404:
    record_event("access_refused", actor=user, detail=what)
    return Http404("Not found")


def can_manage(user: Any) -> bool:
    """Link feedback to decisions, move its status, publish updates: the co-production manager."""
    return has_role(user, Role.MANAGER)


def require_manage(user: Any) -> None:
    if not can_manage(user):
        raise PermissionDenied("Only the co-production manager can do this.")


def manager_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """View decorator (inside require_capability, outside require_POST): 403 for anyone but the manager,
    before the method is checked, so a GET by a refused person is a 403, not a 405."""

    @wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
        require_manage(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def visible_events(user: Any) -> QuerySet[ListeningEvent]:
    events = ListeningEvent.objects.select_related("locality", "network")
    if can_manage(user):
        return events
    if not has_capability(user, Capability.LOG_LISTENING):
        return events.none()
    ran = EventLeader.objects.filter(event=OuterRef("pk"), person=user)
    return events.filter(Q(logged_by=user) | Exists(ran))


def get_event_for_user(user: Any, pk: int) -> ListeningEvent:
    event = visible_events(user).filter(pk=pk).first()
    if event is None:
        if ListeningEvent.objects.filter(pk=pk).exists():
            raise _refuse(user, f"listening event {pk}")
        raise Http404("Not found")
    return event


def visible_feedback(user: Any) -> QuerySet[FeedbackItem]:
    items = FeedbackItem.objects.select_related("locality", "event")
    if can_manage(user):
        return items
    if has_capability(user, Capability.LOG_LISTENING):
        return items.filter(logged_by=user)
    return items.none()


def get_feedback_for_user(user: Any, pk: int) -> FeedbackItem:
    item = visible_feedback(user).filter(pk=pk).first()
    if item is None:
        if FeedbackItem.objects.filter(pk=pk).exists():
            raise _refuse(user, f"feedback item {pk}")
        raise Http404("Not found")
    return item


def get_decision_for_user(user: Any, pk: int) -> Any:
    """A decision of the decision log, for people who may see the feedback trail."""
    from meetings.models import Decision

    # The page shows the feedback behind the decision: the feedback trail, not only the decision log (an
    # admin sees the decision itself on the meetings app's decision page).
    if not has_capability(user, Capability.VIEW_FEEDBACK_TRAIL):
        raise PermissionDenied("Your role does not let you see the feedback trail.")
    decision = Decision.objects.select_related("meeting", "meeting__group", "owner").filter(pk=pk).first()
    if decision is None:
        raise Http404("Not found")
    return decision


def get_import_for_user(user: Any, pk: int) -> FeedbackImport:
    row = FeedbackImport.objects.select_related("event").filter(pk=pk).first()
    if row is None:
        raise Http404("Not found")
    if row.uploaded_by_id != user.pk:
        raise _refuse(user, f"feedback import {pk}")
    return row


def get_update_for_user(user: Any, pk: int) -> Update:
    require_manage(user)
    update = Update.objects.select_related("locality", "theme").filter(pk=pk).first()
    if update is None:
        raise Http404("Not found")
    return update


def get_paper_for_user(user: Any, pk: int) -> BoardPaperExport:
    if not has_capability(user, Capability.VIEW_FEEDBACK_TRAIL):
        raise PermissionDenied("Your role does not let you see the feedback trail.")
    paper = BoardPaperExport.objects.select_related("meeting").filter(pk=pk).first()
    if paper is None:
        raise Http404("Not found")
    return paper
