"""Everyone who spoke told what changed.

A feedback item whose person agreed to be told, and left an email address (`FeedbackContact`), gets a plain
message when a decision it informed changes status and when a "you said, we did" update it fed is published.
Each message is a `coproduction.mail.queue_email`, recorded once per reason (`PersonTold`). Every message has
a one-click stop link: a signed token, never stored (the stored body holds `[[stop]]`, filled as the email
goes out), that works without signing in; stopping also wipes the address.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from coproduction import crypto
from coproduction.mail import SEND_TIME_LINKS, absolute_url, queue_email
from coproduction.models import OutgoingEmail
from meetings.models import Decision

from .models import FeedbackContact, FeedbackDecisionLink, FeedbackItem, PersonTold, Update

STOP_SALT = "engagement.stop-telling"
DECISION_TEMPLATE = "engagement-told-decision"
UPDATE_TEMPLATE = "engagement-told-update"


def contact_save(*, item: FeedbackItem, may_contact: bool, email: str) -> FeedbackContact | None:
    """Keep how to reach the person, apart from what they said; only when they agreed to be told."""
    email = email.strip()
    if not may_contact or not email:
        FeedbackContact.objects.filter(item=item).delete()
        return None
    contact, _ = FeedbackContact.objects.update_or_create(item=item, defaults={
        "may_contact": True, "email_encrypted": crypto.encrypt(email), "stopped_at": None})
    return contact


def stop_token(contact: FeedbackContact) -> str:
    return signing.dumps(contact.pk, salt=STOP_SALT)


def contact_for_token(token: str) -> FeedbackContact | None:
    try:
        pk = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    return FeedbackContact.objects.filter(pk=pk).first()


def contact_stop(*, contact: FeedbackContact) -> bool:
    """Stop the messages (one click, no sign-in) and forget the address, also on the messages already
    recorded (one still waiting is not sent). False if they were stopped already."""
    with transaction.atomic():
        stopped = FeedbackContact.objects.filter(pk=contact.pk, stopped_at__isnull=True).update(
            stopped_at=timezone.now(), may_contact=False, email_encrypted="")
        emails = OutgoingEmail.objects.filter(pk__in=PersonTold.objects.filter(item_id=contact.item_id)
                                              .values("email_id"))
        emails.filter(status=OutgoingEmail.Status.QUEUED).update(
            status=OutgoingEmail.Status.FAILED, error="Not sent: the person stopped these messages.")
        emails.update(to="")
    return bool(stopped)


def _reachable(items: Iterable[FeedbackItem]) -> list[FeedbackItem]:
    return [item for item in items if hasattr(item, "contact") and item.contact.reachable]


def _tell(item: FeedbackItem, *, key: str, template: str, reason: str, context: dict[str, Any],
          decision: Decision | None = None, update: Update | None = None) -> PersonTold | None:
    if PersonTold.objects.filter(key=key).exists():
        return None
    with transaction.atomic():
        told, created = PersonTold.objects.get_or_create(key=key, defaults={
            "item": item, "reason": reason, "decision": decision, "update": update})
        if not created:
            return None
        email = queue_email(key=key, to=crypto.decrypt(item.contact.email_encrypted), template=template,
                            context={"item": item, "themes": [t.name for t in item.themes.all()], **context})
        told.email = email
        told.save(update_fields=["email"])
    return told


def tell_decision_changed(*, decision: Decision) -> int:
    """Tell the people whose feedback informed `decision` that its status changed. Once per status."""
    links = (FeedbackDecisionLink.objects.filter(decision=decision)
             .select_related("item", "item__contact", "item__locality").prefetch_related("item__themes"))
    told = 0
    for item in _reachable(link.item for link in links):
        if _tell(item, key=f"told:decision:{decision.pk}:{decision.status}:{item.pk}", template=DECISION_TEMPLATE,
                 reason=PersonTold.Reason.DECISION, decision=decision,
                 context={"decision": decision, "status": decision.get_status_display()}):
            told += 1
    return told


def fed_by(update: Update) -> list[FeedbackItem]:
    """The feedback an update was made from: linked to its decisions, within its locality and theme."""
    items = FeedbackItem.objects.filter(decision_links__decision__in=update.decisions.all())
    if update.locality_id:
        items = items.filter(locality_id=update.locality_id)
    if update.theme_id:
        items = items.filter(themes=update.theme_id)
    return list(items.distinct().select_related("contact", "locality").prefetch_related("themes"))


def tell_update_published(*, update: Update) -> int:
    """Tell the people whose feedback fed a "you said, we did" update that it is published."""
    told = 0
    for item in _reachable(fed_by(update)):
        if _tell(item, key=f"told:update:{update.pk}:{item.pk}", template=UPDATE_TEMPLATE,
                 reason=PersonTold.Reason.UPDATE, update=update,
                 context={"update": update, "url": absolute_url(reverse("engagement:public_updates"))}):
            told += 1
    return told


@task()
def tell_decision_changed_task(decision_id: int) -> int:
    """The background task started when a decision's status changes (see `meetings.services`)."""
    decision = Decision.objects.filter(pk=decision_id).first()
    return tell_decision_changed(decision=decision) if decision is not None else 0


@task()
def tell_update_published_task(update_id: int) -> int:
    update = Update.objects.filter(pk=update_id, status=Update.Status.PUBLISHED).first()
    return tell_update_published(update=update) if update is not None else 0


def on_decision_status_changed(sender: Any, decision: Decision, old_status: str, **kwargs: Any) -> None:
    """Receiver of `meetings.services.decision_status_changed` (sent after the change is committed)."""
    tell_decision_changed_task.enqueue(decision.pk)


def _stop_link(email: OutgoingEmail) -> tuple[dict[str, str], dict[str, str]]:
    """Fill the stop link as the email goes out: the token exists only in the message sent."""
    told = PersonTold.objects.select_related("item__contact").filter(email=email).first()
    if told is None or not hasattr(told.item, "contact"):
        return {"stop": absolute_url(reverse("engagement:public_updates"))}, {}
    url = absolute_url(reverse("engagement:stop_telling", args=[stop_token(told.item.contact)]))
    return {"stop": url}, {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


SEND_TIME_LINKS[DECISION_TEMPLATE] = _stop_link
SEND_TIME_LINKS[UPDATE_TEMPLATE] = _stop_link
