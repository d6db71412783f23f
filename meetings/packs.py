"""Sending papers: the pack (and updates, late papers, a cancellation) to everyone invited, by email with a
calendar invite, in the background and never twice to anyone; and reminders to paper authors.

A pack goes out only when its papers have no must-fix findings left (or the chair agreed) and, after the
papers deadline, only with the chair's approval of a late pack.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from coproduction import background
from coproduction.audit import record_event
from coproduction.mail import absolute_url, queue_email, retry_many
from coproduction.models import OutgoingEmail, User

from . import formats, ics, selectors
from .models import LatePaperRequest, Meeting, PackDispatch, PackRecipient, Paper, PaperVersion

ATTACH_LIMIT_BYTES = 5 * 1024 * 1024


class LateApprovalNeeded(Exception):
    """The pack is past its deadline (or already out) and the chair has not approved it going late."""


class MustFixFindings(Exception):
    """Papers still have must-fix findings of the plain-language check that nobody has acknowledged, and the
    chair has not overridden them. `blockers` are the paper versions (with `open_must_fix` counts)."""

    def __init__(self, blockers: list[PaperVersion]) -> None:
        self.blockers = blockers
        total = sum(version.open_must_fix for version in blockers)
        papers = ", ".join(f"“{version.paper.title}”" for version in blockers)
        super().__init__(
            f"{len(blockers)} {'paper has' if len(blockers) == 1 else 'papers have'} {total} "
            f"{'thing' if total == 1 else 'things'} that must be fixed before the papers go out: {papers}. "
            "Fix or acknowledge each one, or ask the chair to agree to send anyway.")


def attach_limit_bytes() -> int:
    return int(getattr(settings, "MEETINGS_ATTACH_LIMIT_BYTES", ATTACH_LIMIT_BYTES))


def dispatch_create(*, meeting: Meeting, kind: str, by: User | None, versions: list[PaperVersion] | None = None,
                     late_request: LatePaperRequest | None = None) -> PackDispatch:
    deadline = meeting.deadline
    dispatch = PackDispatch.objects.create(
        meeting=meeting, kind=kind, sent_by=by, sequence=meeting.sequence, deadline=deadline,
        on_time=timezone.now() <= deadline, late_request=late_request,
    )
    if versions:
        dispatch.paper_versions.set(versions)
    background.enqueue_on_commit(send_dispatch, dispatch.pk, on_failure=lambda _exc: _not_enqueued(dispatch.pk))
    return dispatch


NOT_ENQUEUED = ("The background service could not be reached to start sending. Nothing is lost: the portal "
                "tries again by itself every minute or so.")


def _not_enqueued(dispatch_id: int) -> None:
    PackDispatch.objects.filter(pk=dispatch_id, completed_at__isnull=True).update(enqueue_error=NOT_ENQUEUED)


@background.register
def recover_dispatches(now: dt.datetime) -> int:
    """Enqueue again every dispatch not finished and not held by a live worker: its worker died mid-way, or
    it was never enqueued. `dispatch_run` carries on where it stopped."""
    grace = now - dt.timedelta(seconds=background.recovery_seconds())
    ids = list(PackDispatch.objects.filter(completed_at__isnull=True)
               .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
               .filter(Q(requested_at__lt=grace) | ~Q(enqueue_error="")).values_list("pk", flat=True)[:100])
    for pk in ids:
        if not background.enqueue_now(send_dispatch, pk):
            _not_enqueued(pk)
    return len(ids)


@transaction.atomic
def pack_send(*, meeting: Meeting, by: User | None) -> PackDispatch:
    """Send the agenda and papers to everyone invited, in the background. After the deadline this needs the
    chair's approval of a late pack (LateApprovalNeeded otherwise)."""
    meeting = (Meeting.objects.select_for_update(of=("self",)).select_related("group", "group__notice_rule")
               .get(pk=meeting.pk))
    if meeting.is_cancelled:
        raise ValidationError("The meeting is cancelled.")
    if selectors.pack_sent(meeting) is not None:
        raise ValidationError("The pack has already been sent. Add or replace papers as late papers.")
    late_request = None
    if timezone.now() > meeting.deadline:
        late_request = selectors.approved_late_pack(meeting)
        if late_request is None:
            raise LateApprovalNeeded("The deadline has passed: the chair must approve sending the papers late.")
    blockers = selectors.must_fix_blockers(meeting)
    if blockers:
        raise MustFixFindings(blockers)
    versions = list(PaperVersion.objects.filter(paper__meeting=meeting, held=False,
                                                pk__in=Paper.objects.filter(meeting=meeting)
                                                .values("current_version")))
    dispatch = dispatch_create(meeting=meeting, kind=PackDispatch.Kind.PACK, by=by, versions=versions,
                                late_request=late_request)
    if meeting.status == Meeting.Status.PLANNED:
        meeting.status = Meeting.Status.PAPERS_SENT
        meeting.save(update_fields=["status"])
    return dispatch


TEMPLATES = {
    PackDispatch.Kind.PACK: "meetings-pack",
    PackDispatch.Kind.LATE_PAPERS: "meetings-pack",
    PackDispatch.Kind.UPDATE: "meetings-update",
    PackDispatch.Kind.CANCELLATION: "meetings-cancellation",
}


def dispatch_run(*, dispatch_id: int) -> int:
    """Email everyone invited, one message each. Safe to run again (after a crash, a restart or a retry):
    each person's message has a fixed key, so nobody gets a duplicate. Returns how many were queued now."""
    now = timezone.now()
    if not PackDispatch.objects.filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now), pk=dispatch_id,
                                       completed_at__isnull=True).update(
            lease_until=background.lease_until(now), enqueue_error=""):
        return 0  # finished already, or a live worker is on it
    dispatch = PackDispatch.objects.select_related("meeting", "meeting__group", "meeting__group__notice_rule",
                                                   "meeting__chair").get(pk=dispatch_id)
    meeting = dispatch.meeting
    versions = list(dispatch.paper_versions.select_related("paper", "paper__agenda_item")
                    .order_by("paper__agenda_item__order", "paper__title"))
    attach = sum(version.size for version in versions) <= attach_limit_bytes()
    context_base = {
        "meeting": meeting, "dispatch": dispatch, "deadline": meeting.deadline,
        "agenda": selectors.agenda_for(meeting), "versions": versions, "attached": attach,
        "meeting_url": absolute_url(reverse("meetings:meeting_detail", args=[meeting.pk])),
        "paper_links": [(version, absolute_url(reverse("meetings:paper_download",
                                                   args=[version.paper_id, version.pk]))) for version in versions],
    }
    paper_attachments = [{"filename": version.download_filename, "mimetype": version.mimetype.split(";")[0],
                          "storage_name": version.storage_name} for version in versions] if attach else []
    existing = {r.person_id: r for r in dispatch.recipients.all()}
    queued = 0
    for person in selectors.invitees(meeting):
        recipient = existing.get(person.pk)
        if recipient is not None and recipient.email_id is not None:
            continue  # queued before a restart: its email row is recovered on its own (`recover_emails`)
        if queued and queued % 20 == 0:  # still alive: keep the lease
            PackDispatch.objects.filter(pk=dispatch.pk).update(lease_until=background.lease_until())
        with transaction.atomic():
            recipient, _ = PackRecipient.objects.get_or_create(dispatch=dispatch, person=person,
                                                               defaults={"attached": attach})
            attachments = [] if dispatch.kind == PackDispatch.Kind.CANCELLATION else list(paper_attachments)
            if dispatch.kind != PackDispatch.Kind.LATE_PAPERS:  # late papers do not change the calendar entry
                method = ics.CANCEL if meeting.is_cancelled else ics.REQUEST  # Outlook reads the method here
                attachments.append({"filename": "invite.ics", "mimetype": f"text/calendar; method={method}",
                                    "content": ics.invite(meeting, person).decode("utf-8")})
            email = queue_email(
                key=f"pack:{meeting.pk}:{person.pk}:{dispatch.pk}", to=person.email, recipient=person,
                template=TEMPLATES[dispatch.kind], context={**context_base, "person": person},
                attachments=attachments,
            )
            recipient.email = email
            recipient.save(update_fields=["email"])
            queued += 1
    PackDispatch.objects.filter(pk=dispatch.pk, completed_at__isnull=True).update(completed_at=timezone.now(),
                                                                                  lease_until=None)
    formats.schedule(dispatch)  # each person's formats (large print, web, audio, post), in the background
    return queued


def dispatch_retry(*, dispatch: PackDispatch, by: User | None) -> int:
    """Send again every copy of the dispatch that could not be sent (a person chose to). Recorded in the
    audit trail with who asked."""
    count = retry_many(selectors.failed_copies(dispatch))
    if count:
        record_event("emails_retried", actor=by, detail=f"{count} failed copies of pack dispatch {dispatch.pk}")
    return count


def paper_reminders_send(*, now: dt.datetime | None = None, within_days: int | None = None) -> int:
    """Remind authors whose paper is still missing when the deadline is near. Once per paper and deadline."""
    now = now or timezone.now()
    within = within_days if within_days is not None else int(getattr(settings, "MEETINGS_REMINDER_DAYS", 3))
    sent = 0
    for paper, deadline in selectors.expected_papers_due(now, within):
        key = f"paper-reminder:{paper.pk}:{deadline:%Y-%m-%d}"
        if OutgoingEmail.objects.filter(key=key).exists():
            continue
        queue_email(key=key, to=paper.author.email, recipient=paper.author, template="meetings-paper-reminder",
                    context={"paper": paper, "meeting": paper.meeting, "deadline": deadline,
                             "person": paper.author,
                             "url": absolute_url(reverse("meetings:paper_version_add", args=[paper.pk]))})
        sent += 1
    return sent


@task()
def send_dispatch(dispatch_id: int) -> int:
    """The background task that emails a pack (or update, late papers, cancellation) to everyone invited;
    never twice to anyone (see `dispatch_run`)."""
    return dispatch_run(dispatch_id=dispatch_id)
