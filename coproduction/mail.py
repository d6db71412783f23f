"""Email: one function per email elsewhere calls `queue_email`; a task sends each recorded message once.

Templates live at `emails/<template>-subject.txt`, `emails/<template>-body.txt` and
`emails/<template>-body.html` (the HTML one is optional).

Delivery (see `coproduction/background.py` for the whole design):
- `deliver` claims a row with a lease (queued, or retrying and due, or sending with its lease run out), sends
  it with a Message-ID that is the same on every attempt, and records the outcome.
- A temporary failure (connection refused or lost, a timeout, a 4xx reply) waits and tries again, with the
  wait doubling each time, up to `EMAIL_MAX_ATTEMPTS`; a permanent one (a 5xx reply, a missing attachment) is
  marked failed with its reason at once. A person can retry a failed email.
- The one window that can still send a message twice: the mail server has accepted it and the worker dies
  (or loses its database) before the next statement records "sent". Then the lease runs out and the email
  is sent again, with the same Message-ID, so the recipient's mail program (and anyone reading the server's
  log) can tell the copy for what it is. A live worker never overlaps another: the lease is longer than any
  send can take (the SMTP timeout is capped below it, see `smtp_timeout_fits_lease`).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import socket
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.tasks import task
from django.template.loader import TemplateDoesNotExist, render_to_string
from django.utils import timezone
from django.utils.html import escape

from . import background
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
        "body_text": text, "body_html": html, "attachments": list(attachments), "enqueued_at": timezone.now(),
    })
    if created:
        background.enqueue_on_commit(send_outgoing_email, email.pk, on_failure=lambda _exc: _not_enqueued(email.pk))
    return email


def _not_enqueued(email_id: int) -> None:
    """The queue could not be reached: `recover` asks again (rows without `enqueued_at`)."""
    OutgoingEmail.objects.filter(pk=email_id).update(enqueued_at=None)


def max_attempts() -> int:
    return int(getattr(settings, "EMAIL_MAX_ATTEMPTS", 6))


def retry_wait(attempt: int) -> dt.timedelta:
    """The wait after the `attempt`-th temporary failure: base, then doubling (1, 2, 4, 8 ... minutes)."""
    base = float(getattr(settings, "EMAIL_RETRY_BASE_SECONDS", 60))
    longest = float(getattr(settings, "EMAIL_RETRY_MAX_SECONDS", 3600))
    return dt.timedelta(seconds=min(base * 2 ** max(attempt - 1, 0), longest))


def is_temporary(exc: BaseException) -> bool:
    """A failure worth trying again: the server was unreachable, slow or said "try later" (4xx)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return bool(exc.recipients) and all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError | TimeoutError | socket.gaierror):
        return True
    return isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError | PermissionError
                                                         | IsADirectoryError | NotADirectoryError)


def describe(exc: BaseException) -> str:
    """The reason in words a manager can act on (the server's own reply kept, as the admin needs it)."""
    def said(code: int, reply: bytes | str) -> str:
        return f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"

    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, reply = next(iter(exc.recipients.values()))
        return f"The mail server refused the address: {said(code, reply)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"The mail server said: {said(exc.smtp_code, exc.smtp_error)}"
    if isinstance(exc, FileNotFoundError):
        return f"A file to attach is missing ({type(exc).__name__})"
    if is_temporary(exc):
        return f"The mail server could not be reached ({type(exc).__name__}: {exc})"
    return f"{type(exc).__name__}: {exc}"


def _claimable(now: dt.datetime) -> Q:
    S = OutgoingEmail.Status
    return (Q(status=S.QUEUED) | Q(status=S.RETRYING, next_attempt_at__lte=now)
            | Q(status=S.SENDING, lease_until__lt=now))


def build_message(email: OutgoingEmail) -> EmailMultiAlternatives:
    """The message as it goes out: links that must not be stored are filled in now (`fill_at_send`)."""
    text, html, headers = fill_at_send(email)
    message = EmailMultiAlternatives(subject=email.subject, body=text, to=[email.to],
                                     headers={"Message-ID": email.message_id, **headers})
    if html:
        message.attach_alternative(html, "text/html")
    for item in email.attachments:
        if "storage_name" in item:
            with default_storage.open(item["storage_name"], "rb") as handle:
                message.attach(item["filename"], handle.read(), item["mimetype"])
        else:
            message.attach(item["filename"], item["content"], item["mimetype"])
    return message


def deliver(email_id: int) -> bool:
    """Send one recorded email if, and only if, this call claims it. Returns True when it was sent now."""
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(_claimable(now), pk=email_id).update(
        status=OutgoingEmail.Status.SENDING, attempts=F("attempts") + 1, lease_until=background.lease_until(now),
        next_attempt_at=None)
    if claimed != 1:
        return False  # sent, failed, waiting for its retry or held by a live worker: never send twice
    email = OutgoingEmail.objects.get(pk=email_id)
    mine = OutgoingEmail.objects.filter(pk=email.pk, status=OutgoingEmail.Status.SENDING, attempts=email.attempts)
    try:
        build_message(email).send()
    except Exception as exc:  # any failure is recorded for the sender to see, with its reason
        reason = describe(exc)[:400]
        logger.warning("email %s to recipient %s failed (attempt %s): %s", email.pk, email.recipient_id,
                       email.attempts, type(exc).__name__)
        if is_temporary(exc) and email.attempts < max_attempts():
            background.retry_db(lambda: mine.update(status=OutgoingEmail.Status.RETRYING, lease_until=None,
                                                    error=reason,
                                                    next_attempt_at=timezone.now() + retry_wait(email.attempts)))
        else:
            tries = f" (after {email.attempts} tries)" if is_temporary(exc) else ""
            background.retry_db(lambda: mine.update(status=OutgoingEmail.Status.FAILED, lease_until=None,
                                                    error=f"{reason}{tries}"[:500]))
        return False
    # The server has the message: record it even through a database blip (the duplicate window is here).
    background.retry_db(lambda: mine.update(status=OutgoingEmail.Status.SENT, sent_at=timezone.now(),
                                            lease_until=None, error=""))
    return True


def retry(email: OutgoingEmail) -> bool:
    """Send a failed (or waiting-to-retry) email again now, because a person chose to."""
    S = OutgoingEmail.Status
    if OutgoingEmail.objects.filter(pk=email.pk, status__in=[S.FAILED, S.RETRYING]).update(
            status=S.QUEUED, next_attempt_at=None, enqueued_at=timezone.now()):
        background.enqueue_on_commit(send_outgoing_email, email.pk, on_failure=lambda _exc: _not_enqueued(email.pk))
        return True
    return False


def retry_many(emails: Any) -> int:
    """Retry every failed email of a queryset (a pack's failed copies, say). Returns how many."""
    return sum(retry(email) for email in emails.filter(status=OutgoingEmail.Status.FAILED))


@background.register
def recover_emails(now: dt.datetime) -> int:
    """Enqueue again every email that is due and not held: a lease run out (its worker died), a retry whose
    time has come, or a queued email whose task was never enqueued or was lost."""
    S = OutgoingEmail.Status
    lost = now - dt.timedelta(seconds=2 * background.lease_seconds())
    not_asked = Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=lost)  # never enqueued, or its task was lost
    due = (Q(status=S.QUEUED) & not_asked
           | Q(status=S.SENDING, lease_until__lt=now) & (not_asked | Q(enqueued_at__lt=F("lease_until")))
           | Q(status=S.RETRYING, next_attempt_at__lte=now) & (not_asked | Q(enqueued_at__lt=F("next_attempt_at"))))
    ids = list(OutgoingEmail.objects.filter(due).order_by("pk").values_list("pk", flat=True)[:1000])
    OutgoingEmail.objects.filter(pk__in=ids).update(enqueued_at=now)
    for pk in ids:
        if not background.enqueue_now(send_outgoing_email, pk):
            OutgoingEmail.objects.filter(pk__in=ids).update(enqueued_at=None)
            break
    return len(ids)


def smtp_timeout_fits_lease() -> bool:
    """The SMTP timeout must leave the lease room for a whole conversation, or a slow live send could
    overlap a second one."""
    timeout = settings.MAILERS.get("default", {}).get("OPTIONS", {}).get("timeout") or 0
    return not timeout or timeout * 3 < background.lease_seconds()


@task()
def send_outgoing_email(email_id: int) -> bool:
    """The background task that sends one recorded email (see `deliver`)."""
    return deliver(email_id)
