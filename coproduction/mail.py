"""Email: one function per email elsewhere calls `queue_email`; a task sends each recorded message once.

Templates live at `emails/<template>-subject.txt`, `emails/<template>-body.txt` and
`emails/<template>-body.html` (the HTML one is optional).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.template.loader import TemplateDoesNotExist, render_to_string
from django.utils import timezone
from django.utils.html import escape

from .models import OutgoingEmail

logger = logging.getLogger(__name__)


# Links that must not be stored with the email (a one-click stop link carries a signed token): a stored body
# holds `[[name]]`, filled as the email is sent by the function its app registered for the template, which
# returns the values and any extra headers.
SEND_TIME_LINKS: dict[str, Callable[[OutgoingEmail], tuple[dict[str, str], dict[str, str]]]] = {}


def fill_at_send(email: OutgoingEmail) -> tuple[str, str, dict[str, str]]:
    """The email's text, HTML and extra headers as they go out (see SEND_TIME_LINKS)."""
    filler = SEND_TIME_LINKS.get(email.template)
    if filler is None:
        return email.body_text, email.body_html, {}
    values, headers = filler(email)
    text, html = email.body_text, email.body_html
    for name, value in values.items():
        text, html = text.replace(f"[[{name}]]", value), html.replace(f"[[{name}]]", escape(value))
    return text, html, headers


def absolute_url(path: str) -> str:
    """The full address of a page of the portal, for links in emails and calendar feeds."""
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def render_email(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    subject = " ".join(render_to_string(f"emails/{template}-subject.txt", context).split())
    text = render_to_string(f"emails/{template}-body.txt", context)
    try:
        html = render_to_string(f"emails/{template}-body.html", context)
    except TemplateDoesNotExist:
        html = ""
    return subject, text, html


def queue_email(*, key: str, to: str, template: str, context: dict[str, Any], recipient: Any = None,
                attachments: Sequence[dict[str, str]] = ()) -> OutgoingEmail:
    """Record an email and send it in the background after the transaction commits. Idempotent by key."""
    existing = OutgoingEmail.objects.filter(key=key).first()
    if existing is not None:
        return existing
    subject, text, html = render_email(template, context)
    email, created = OutgoingEmail.objects.get_or_create(key=key, defaults={
        "to": to, "recipient": recipient, "template": template, "subject": subject,
        "body_text": text, "body_html": html, "attachments": list(attachments),
    })
    if created:
        transaction.on_commit(lambda: send_outgoing_email.enqueue(email.pk))
    return email


def deliver(email_id: int) -> bool:
    """Send one recorded email if, and only if, this call claims it. Returns True when it was sent now."""
    claimed = OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.QUEUED).update(
        status=OutgoingEmail.Status.SENDING, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return False  # sent, failed or being sent by someone else: never send twice
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        text, html, headers = fill_at_send(email)
        message = EmailMultiAlternatives(subject=email.subject, body=text, to=[email.to], headers=headers)
        if html:
            message.attach_alternative(html, "text/html")
        for item in email.attachments:
            if "storage_name" in item:
                with default_storage.open(item["storage_name"], "rb") as handle:
                    message.attach(item["filename"], handle.read(), item["mimetype"])
            else:
                message.attach(item["filename"], item["content"], item["mimetype"])
        message.send()
    except Exception as exc:  # any failure is recorded for the sender to see, with its reason
        logger.warning("email %s to recipient %s failed: %s", email.pk, email.recipient_id, type(exc).__name__)
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=OutgoingEmail.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:500]
        )
        return False
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.SENT, sent_at=timezone.now(),
                                                     error="")
    return True


def retry(email: OutgoingEmail) -> None:
    """Queue a failed email again (a person chose to)."""
    if OutgoingEmail.objects.filter(pk=email.pk, status=OutgoingEmail.Status.FAILED).update(
        status=OutgoingEmail.Status.QUEUED
    ):
        transaction.on_commit(lambda: send_outgoing_email.enqueue(email.pk))


@task()
def send_outgoing_email(email_id: int) -> bool:
    """The background task that sends one recorded email (see `deliver`)."""
    return deliver(email_id)
