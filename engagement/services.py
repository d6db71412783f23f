"""Changes to listening events, feedback, links to decisions and "you said, we did" updates.

Every status change of a feedback item goes through `coproduction.transitions`: one history record with who,
when and the note, which the item's page and the admin's history both show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduction.transitions import create_with_history, transition

from . import telling
from .language_check import UpdateCheck, check_update_text
from .models import (
    Audience,
    EventLeader,
    FeedbackDecisionLink,
    FeedbackItem,
    ListeningEvent,
    Theme,
    Update,
)
from .pii import describe, find_personal_details

Status = FeedbackItem.Status

# heard -> being considered -> informed a decision -> told people back; heard or being considered -> not
# taken forward (with the reason given back). A closed item can be reopened for consideration.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.HEARD: frozenset({Status.CONSIDERING, Status.NOT_TAKEN}),
    Status.CONSIDERING: frozenset({Status.INFORMED, Status.NOT_TAKEN, Status.HEARD}),
    Status.INFORMED: frozenset({Status.TOLD_BACK}),
    Status.TOLD_BACK: frozenset(),
    Status.NOT_TAKEN: frozenset({Status.CONSIDERING}),
}


class StatusChangeRefused(ValidationError):
    pass


class PublishingBlocked(Exception):
    """The plain-language check found things that must be fixed before the update goes public."""

    def __init__(self, check: UpdateCheck) -> None:
        super().__init__("The update has words that must be fixed before it is published.")
        self.check = check


# --- listening events ---------------------------------------------------------------------------------

def event_save(
    *,
    by: Any,
    event: ListeningEvent | None = None,
    title: str,
    held_on: dt.date,
    format: str,
    run_by: str,
    locality: Any = None,
    network: Any = None,
    partner_name: str = "",
    participants: int = 0,
    audiences: Iterable[Audience] = (),
    notes: str = "",
    leaders: Sequence[tuple[Any, str, Decimal]] = (),
) -> ListeningEvent:
    """Create or change a listening event and who ran it (leader, part, hours)."""
    if network is not None and locality is not None and network.locality_id != locality.pk:
        raise ValidationError({"network": "That primary care network is in another locality."})
    if network is not None and locality is None:
        locality = network.locality
    with transaction.atomic():
        if event is None:
            event = ListeningEvent(logged_by=by)
        event.title, event.held_on, event.format, event.run_by = title, held_on, format, run_by
        event.locality, event.network, event.partner_name = locality, network, partner_name
        event.participants, event.notes = participants, notes
        event.save()
        event.audiences.set(list(audiences))
        keep = []
        for person, part, hours in leaders:
            row, _ = EventLeader.objects.update_or_create(
                event=event, person=person, defaults={"part": part, "hours": hours}
            )
            keep.append(row.pk)
        EventLeader.objects.filter(event=event).exclude(pk__in=keep).delete()
    return event


# --- feedback -----------------------------------------------------------------------------------------

def search_document_for(item: FeedbackItem, theme_names: Iterable[str] = (),
                        decision_titles: Iterable[str] = ()) -> str:
    return "\n".join([item.text, item.summary, *theme_names, *decision_titles]).strip()


def refresh_search_document(item: FeedbackItem) -> None:
    themes = item.themes.values_list("name", flat=True)
    decisions = item.decision_links.values_list("decision__title", flat=True)
    document = search_document_for(item, themes, decisions)
    FeedbackItem.objects.filter(pk=item.pk).update(search_document=document)
    item.search_document = document


def check_feedback_words(*, text: str, summary: str, consent: str) -> None:
    """The rules every feedback item meets, from the form, the import or the demo."""
    errors: dict[str, str] = {}
    if consent not in FeedbackItem.Consent.values:
        errors["consent"] = "Choose what the person agreed to."
    if consent == FeedbackItem.Consent.SUMMARY and not summary.strip():
        errors["summary"] = "Write a summary: the person agreed to a summary only."
    if consent != FeedbackItem.Consent.SUMMARY and not text.strip():
        errors["text"] = "Write what was said."
    for field, words in (("text", text), ("summary", summary)):
        found = find_personal_details(words)
        if found and field not in errors:
            errors[field] = f"This has {describe(found)}. Remove it so nobody can be identified."
    if errors:
        raise ValidationError(errors)


def feedback_create(
    *,
    by: Any,
    text: str,
    consent: str,
    themes: Iterable[Theme],
    summary: str = "",
    locality: Any = None,
    event: ListeningEvent | None = None,
    heard_on: dt.date | None = None,
    reference: str | None = None,
    may_contact: bool = False,
    contact_email: str = "",
) -> FeedbackItem:
    """Record what someone said (and, if they want to be told what changed, how to reach them, kept apart:
    `engagement.telling`). Words with a name, phone number or email are refused (the form offers to
    remove them first). For "summary only" the words themselves are not kept."""
    if consent == FeedbackItem.Consent.SUMMARY:
        text = ""
    check_feedback_words(text=text, summary=summary, consent=consent)
    themes = list(themes)
    if not themes:
        raise ValidationError({"themes": "Choose at least one theme."})
    if event is not None:
        locality = locality or event.locality
        heard_on = heard_on or event.held_on
    with transaction.atomic():
        item = FeedbackItem(
            reference=reference, event=event, heard_on=heard_on or timezone.localdate(), locality=locality,
            text=text.strip(), summary=summary.strip(), consent=consent, logged_by=by,
        )
        create_with_history(item, by=by)  # its creation ("heard") is the first step of its history
        item.themes.set(themes)
        refresh_search_document(item)
        telling.contact_save(item=item, may_contact=may_contact, email=contact_email)
    return item


def _days_between(start: dt.date, end: dt.date) -> int:
    return max(0, (end - start).days)


def feedback_change_status(*, item: FeedbackItem, by: Any, to_status: str, note: str = "") -> FeedbackItem:
    """Move an item along the allowed path, recording who, when, from, to and the note."""
    note = note.strip()
    with transaction.atomic():
        locked = FeedbackItem.objects.select_for_update().get(pk=item.pk)
        from_status = locked.status
        if to_status not in ALLOWED_TRANSITIONS.get(from_status, frozenset()):
            raise StatusChangeRefused(
                f"Feedback that is '{locked.get_status_display().lower()}' cannot move to "
                f"'{Status(to_status).label.lower()}'."
            )
        today = timezone.localdate()
        changes: dict[str, Any] = {}
        if to_status == Status.INFORMED and not locked.decision_links.exists():
            raise StatusChangeRefused("Link the feedback to the decision it informed first.")
        if to_status == Status.TOLD_BACK:
            if not note:
                raise StatusChangeRefused("Say how people were told what happened.")
            changes["told_back_how"] = note
        if to_status == Status.NOT_TAKEN:
            if not note:
                raise StatusChangeRefused("Give the reason that was given back to people.")
            changes["not_taken_reason"] = note
        if to_status in FeedbackItem.CLOSED_STATUSES:
            changes.update(told_back_on=today, days_to_told_back=_days_between(locked.heard_on, today))
        elif from_status in FeedbackItem.CLOSED_STATUSES:  # reopened
            changes.update(told_back_on=None, days_to_told_back=None)
        transition(locked, to=to_status, allowed_from=[from_status], by=by, note=note, **changes)
    return locked


def feedback_link_decision(*, item: FeedbackItem, decision: Any, how_it_shaped: str, by: Any) -> FeedbackDecisionLink:
    """Link feedback to a decision it shaped. Open feedback then counts as having informed a decision."""
    how_it_shaped = how_it_shaped.strip()
    if not how_it_shaped:
        raise ValidationError({"how_it_shaped": "Write a sentence on how the feedback shaped the decision."})
    with transaction.atomic():
        locked = FeedbackItem.objects.select_for_update().get(pk=item.pk)
        link, created = FeedbackDecisionLink.objects.get_or_create(
            item=locked, decision=decision, defaults={"how_it_shaped": how_it_shaped, "linked_by": by}
        )
        if not created and link.how_it_shaped != how_it_shaped:
            link.how_it_shaped = how_it_shaped
            link.save(update_fields=["how_it_shaped"])
        decided = decision.decided_on
        if locked.informed_on is None or decided < locked.informed_on:
            locked.informed_on = max(decided, locked.heard_on)
            locked.days_to_decision = _days_between(locked.heard_on, locked.informed_on)
            locked.save(update_fields=["informed_on", "days_to_decision"])
        for step in _path_to_informed(locked.status):
            feedback_change_status(item=locked, by=by, to_status=step,
                                   note=f"Linked to the decision '{decision.title}'.")
        refresh_search_document(locked)
    return link


def _path_to_informed(status: str) -> list[str]:
    if status == Status.HEARD:
        return [Status.CONSIDERING, Status.INFORMED]
    if status == Status.CONSIDERING:
        return [Status.INFORMED]
    return []


def feedback_link_many(*, items: Iterable[FeedbackItem], decision: Any, how_it_shaped: str, by: Any) -> int:
    """Link a group of items (e.g. every open item on a theme in a locality) to a decision, all or none."""
    count = 0
    with transaction.atomic():
        for item in items:
            feedback_link_decision(item=item, decision=decision, how_it_shaped=how_it_shaped, by=by)
            count += 1
    return count


def feedback_unlink_decision(*, link: FeedbackDecisionLink, by: Any) -> None:
    with transaction.atomic():
        item = link.item
        link.delete()
        refresh_search_document(item)


# --- "you said, we did" updates ---------------------------------------------------------------------

def update_save(
    *,
    by: Any,
    update: Update | None = None,
    title: str,
    you_said: str,
    we_did: str,
    locality: Any = None,
    theme: Theme | None = None,
    decisions: Iterable[Any] = (),
) -> Update:
    for field, words in (("title", title), ("you_said", you_said), ("we_did", we_did)):
        found = find_personal_details(words)
        if found:
            raise ValidationError({field: f"This has {describe(found)}. Remove it: updates are public."})
    with transaction.atomic():
        if update is None:
            update = Update(created_by=by)
        elif update.status == Update.Status.PUBLISHED:
            raise ValidationError("A published update cannot be changed. Withdraw it first.")
        update.title, update.you_said, update.we_did = title.strip(), you_said.strip(), we_did.strip()
        update.locality, update.theme = locality, theme
        update.save()
        update.decisions.set(list(decisions))
    return update


def update_publish(*, update: Update, by: Any) -> UpdateCheck:
    """Publish after the plain-language check: any must-fix finding stops it (PublishingBlocked)."""
    check = check_update_text(update.full_text)
    if check.blocks_publishing:
        raise PublishingBlocked(check)
    with transaction.atomic():
        locked = Update.objects.select_for_update().get(pk=update.pk)
        if locked.status == Update.Status.PUBLISHED:
            raise ValidationError("This update is already published.")
        locked.status, locked.published_at, locked.published_by = Update.Status.PUBLISHED, timezone.now(), by
        locked.save()
        transaction.on_commit(lambda: telling.tell_update_published_task.enqueue(locked.pk))
    update.refresh_from_db()
    return check


def update_withdraw(*, update: Update, by: Any) -> None:
    with transaction.atomic():
        locked = Update.objects.select_for_update().get(pk=update.pk)
        if locked.status != Update.Status.PUBLISHED:
            raise ValidationError("Only a published update can be withdrawn.")
        locked.status = Update.Status.WITHDRAWN
        locked.save()
    update.refresh_from_db()
