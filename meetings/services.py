"""Writes: planning meetings, papers, sending packs, late-paper approval, receipts, attendance, minutes and
decisions. Each function is named `<entity>_<action>` and takes keyword-only arguments."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import hmac
import logging
import secrets
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from coproduction.mail import absolute_url, queue_email
from coproduction.models import GovernanceGroup, User

from . import language_check, packs, selectors
from .deadlines import LONDON
from .files import check_paper_file, clean_written_text, max_paper_bytes, store_paper_file
from .models import (
    AccessibleFormatRequest,
    AgendaItem,
    Attendance,
    CalendarFeedToken,
    CheckOverride,
    Decision,
    LatePaperRequest,
    Meeting,
    NoticeRule,
    PackDispatch,
    PackRecipient,
    Paper,
    PaperFinding,
    PaperVersion,
)

logger = logging.getLogger(__name__)

# Changing any of these changes the calendar entry: SEQUENCE rises and people get an updated invite.
CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "online_details", "status")


ONLY_THE_CHAIR = "Only the chair of the meeting can approve late papers."


# --- Meetings -------------------------------------------------------------------------------------------

def meeting_create(*, group: GovernanceGroup, title: str, starts_at: dt.datetime, ends_at: dt.datetime,
                   place: str = "", online_details: str = "", accessibility: str = "", chair: User | None = None,
                   series: uuid.UUID | None = None) -> Meeting:
    if ends_at <= starts_at:
        raise ValidationError("The meeting must end after it starts.")
    return Meeting.objects.create(group=group, title=title, starts_at=starts_at, ends_at=ends_at, place=place,
                                  online_details=online_details, accessibility=accessibility, chair=chair,
                                  series=series)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The nth (1-4) given weekday of a month; nth=5 means the last one."""
    days = [week[weekday] for week in calendar.monthcalendar(year, month) if week[weekday]]
    return dt.date(year, month, days[min(nth, len(days)) - 1])


def series_dates(first: dt.date, *, repeat: str, count: int) -> list[dt.date]:
    """Dates of a series: weekly, fortnightly, or monthly on the same weekday (e.g. the 2nd Tuesday; a 5th
    weekday becomes the last one of each month)."""
    if count < 1:
        return []
    if repeat in ("weekly", "fortnightly"):
        step = 7 if repeat == "weekly" else 14
        return [first + dt.timedelta(days=step * i) for i in range(count)]
    if repeat != "monthly":
        raise ValueError(f"Unknown repeat: {repeat!r}")
    nth = (first.day - 1) // 7 + 1
    dates = []
    for i in range(count):
        month_index = first.month - 1 + i
        year, month = first.year + month_index // 12, month_index % 12 + 1
        dates.append(_nth_weekday(year, month, first.weekday(), nth))
    return dates


@transaction.atomic
def meeting_series_create(*, repeat: str, count: int, **fields: Any) -> list[Meeting]:
    """Meetings at the same local time on each date of the series (clock changes respected)."""
    starts_at: dt.datetime = fields.pop("starts_at")
    ends_at: dt.datetime = fields.pop("ends_at")
    start_local, end_local = timezone.localtime(starts_at, LONDON), timezone.localtime(ends_at, LONDON)
    length_days = (end_local.date() - start_local.date()).days
    series = uuid.uuid4()
    meetings = []
    for day in series_dates(start_local.date(), repeat=repeat, count=count):
        start = dt.datetime.combine(day, start_local.time(), tzinfo=LONDON)
        end = dt.datetime.combine(day + dt.timedelta(days=length_days), end_local.time(), tzinfo=LONDON)
        meetings.append(meeting_create(starts_at=start, ends_at=end, series=series, **fields))
    return meetings


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: User | None = None, **changes: Any) -> Meeting:
    """Change a meeting. A change of time, place or joining details raises SEQUENCE, and once invites have
    gone out, everyone invited gets the updated invite."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    calendar_changed = any(field in changes and getattr(meeting, field) != changes[field]
                           for field in CALENDAR_FIELDS)
    for field, value in changes.items():
        setattr(meeting, field, value)
    if meeting.ends_at <= meeting.starts_at:
        raise ValidationError("The meeting must end after it starts.")
    if calendar_changed:
        meeting.sequence += 1
    meeting.save()
    if calendar_changed and not meeting.is_cancelled and meeting.dispatches.exists():
        packs.dispatch_create(meeting=meeting, kind=PackDispatch.Kind.UPDATE, by=by)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, by: User | None = None) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        return meeting
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancel_reason = reason[:300]
    meeting.sequence += 1
    meeting.save()
    if meeting.dispatches.exists():  # people have an invite in their calendar: send METHOD:CANCEL
        packs.dispatch_create(meeting=meeting, kind=PackDispatch.Kind.CANCELLATION, by=by)
    return meeting


def meeting_guest_add(*, meeting: Meeting, person: User) -> None:
    meeting.guests.add(person)


def meeting_guest_remove(*, meeting: Meeting, person: User) -> None:
    meeting.guests.remove(person)


# --- Agenda and papers ----------------------------------------------------------------------------------

# Agenda positions are 1, 2, 3 ... in each meeting and unique (a constraint). Every change to the agenda
# first locks the meeting's row, so two managers changing one agenda at once take turns.

def _lock_agenda(meeting_id: int) -> None:
    Meeting.objects.select_for_update().filter(pk=meeting_id).values_list("pk", flat=True).first()


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, title: str, purpose: str = AgendaItem.Purpose.DISCUSSION,
                    lead: User | None = None, minutes_allowed: int | None = None) -> AgendaItem:
    _lock_agenda(meeting.pk)
    last = meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0
    return AgendaItem.objects.create(meeting=meeting, order=last + 1, title=title, purpose=purpose, lead=lead,
                                     minutes_allowed=minutes_allowed)


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, by: User | None, title: str, purpose: str, lead: User | None,
                       minutes_allowed: int | None) -> AgendaItem:
    """Change an item's title, purpose, lead or time (its history records who and when)."""
    _lock_agenda(item.meeting_id)
    item = AgendaItem.objects.get(pk=item.pk)
    item.title, item.purpose, item.lead, item.minutes_allowed = title, purpose, lead, minutes_allowed
    item._history_user = by
    item.save()
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, by: User | None) -> bool:
    """Swap the item with the one above (or below) it. False when it is already first (or last)."""
    _lock_agenda(item.meeting_id)
    item = AgendaItem.objects.get(pk=item.pk)
    others = AgendaItem.objects.filter(meeting_id=item.meeting_id)
    other = (others.filter(order__lt=item.order).order_by("-order") if up
             else others.filter(order__gt=item.order).order_by("order")).first()
    if other is None:
        return False
    mine, theirs = item.order, other.order
    AgendaItem.objects.filter(pk=item.pk).update(order=0)  # a free position while the two swap
    other.order, other._history_user, other._change_reason = mine, by, "Moved down" if up else "Moved up"
    other.save(update_fields=["order"])
    item.order, item._history_user, item._change_reason = theirs, by, "Moved up" if up else "Moved down"
    item.save(update_fields=["order"])
    return True


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: User | None) -> None:
    """Take the item off the agenda. Its papers and decisions stay with the meeting; the items after it move up
    one place."""
    _lock_agenda(item.meeting_id)
    item = AgendaItem.objects.get(pk=item.pk)
    item._history_user = by
    item.delete()
    later = list(AgendaItem.objects.filter(meeting_id=item.meeting_id, order__gt=item.order).order_by("order"))
    for position, later_item in enumerate(later, start=item.order):  # each into the place just freed
        later_item.order, later_item._history_user = position, by
        later_item._change_reason = "Moved up: an item above was removed"
        later_item.save(update_fields=["order"])


def paper_create(*, meeting: Meeting, title: str, by: User | None, agenda_item: AgendaItem | None = None,
                 author: User | None = None) -> Paper:
    """A paper the meeting expects. Its author is reminded before the deadline until a version is added."""
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError("That agenda item belongs to another meeting.")
    return Paper.objects.create(meeting=meeting, title=title, agenda_item=agenda_item, author=author or by,
                                created_by=by)


@transaction.atomic
def paper_version_add(*, paper: Paper, by: User | None, summary: str, content: bytes | None = None,
                      filename: str = "", written_text: str = "", late_reason: str = "") -> PaperVersion:
    """A new version: an uploaded file (checked by content) or text written in the portal.

    After the pack has gone out, a reason is required and the version waits for the chair's approval
    (raises packs.LateApprovalNeeded without a reason)."""
    summary = clean_written_text(summary)
    if not summary:
        raise ValidationError("Write a short summary of the paper in plain words.")
    if content is not None:
        checked = check_paper_file(content, filename)
        fmt, data, original = checked.format, checked.content, checked.original_filename
    else:
        text = clean_written_text(written_text)
        if not text:
            raise ValidationError("Write the paper, or upload a file.")
        fmt, data, original = PaperVersion.Format.WRITTEN, text.encode("utf-8"), ""
    # The plain-language check runs here, synchronously, before the lock is taken: it takes about a
    # microsecond a word, so the author sees the result at once (only a large PDF takes longer, in pdfminer).
    result = _run_check(data, fmt)
    paper = Paper.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=paper.pk)
    late = selectors.pack_sent(paper.meeting) is not None and not paper.meeting.is_cancelled
    if late and not late_reason.strip():
        raise packs.LateApprovalNeeded("The pack has gone out: give a reason, for the chair to approve.")
    number = (paper.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    extension = {"pdf": "pdf", "docx": "docx", "md": "md"}.get(fmt, "txt")
    storage_name, digest = store_paper_file(data, meeting_id=paper.meeting_id, extension=extension)
    version = PaperVersion.objects.create(
        paper=paper, number=number, format=fmt, original_filename=original, storage_name=storage_name,
        size=len(data), sha256=digest, held=late, uploaded_by=by, check_report=result.report,
        checked_at=timezone.now(),
    )
    _save_findings(version, result)
    paper.summary = summary
    if not late:
        paper.current_version = version
    paper.save()
    if late:
        request = LatePaperRequest.objects.create(meeting=paper.meeting, kind=LatePaperRequest.Kind.LATE_PAPER,
                                                  paper_version=version, reason=late_reason.strip(),
                                                  requested_by=by)
        _tell_chair(request)
    return version


# --- The plain-language check ---------------------------------------------------------------------------

def _run_check(content: bytes, fmt: str, inputs: tuple[Any, Any] | None = None) -> language_check.CheckResult:
    try:
        return language_check.run_check(content, fmt, max_bytes=max_paper_bytes(), inputs=inputs)
    except Exception:  # a bug in the checker must not lose the author's upload
        logger.exception("Plain-language check failed (format %s, %s bytes)", fmt, len(content))
        return language_check.CheckResult(report={"error": language_check.COULD_NOT_CHECK, "counts": {}, "must_fix": 0,
                                            "advice": 0})


def _save_findings(version: PaperVersion, result: language_check.CheckResult,
                   kept: dict[str, dict[str, Any]] | None = None) -> None:
    kept = kept or {}
    rows = []
    for item in result.findings:
        finding = item.finding
        acknowledged = kept.get(item.key, {})
        rows.append(PaperFinding(
            version=version, key=item.key, order=item.order, kind=finding.kind, severity=finding.severity,
            text=finding.text[:300], location=str(finding.location)[:300], snippet=finding.location.snippet[:300],
            message=finding.message, suggestion=finding.suggestion, block=item.block, start=item.start,
            end=item.end, acknowledged_by_id=acknowledged.get("acknowledged_by"),
            acknowledged_at=acknowledged.get("acknowledged_at"),
            acknowledge_reason=acknowledged.get("acknowledge_reason", "")))
    PaperFinding.objects.bulk_create(rows)


def paper_version_check(*, version: PaperVersion, content: bytes | None = None,
                        inputs: tuple[Any, Any] | None = None) -> PaperVersion:
    """Check a version again (or for the first time, for versions made before the check existed) and save its
    report and findings. Acknowledgements of findings that are still there are kept. New uploads are
    checked inside `paper_version_add`. `inputs`: `language_check.checker_inputs()`, to check many at once."""
    if content is None:
        with default_storage.open(version.storage_name, "rb") as handle:
            content = handle.read()
    result = _run_check(content, version.format, inputs)
    with transaction.atomic():
        kept = {row["key"]: row for row in PaperFinding.objects.filter(version=version, acknowledged_at__isnull=False)
                .values("key", "acknowledged_by", "acknowledged_at", "acknowledge_reason")}
        PaperFinding.objects.filter(version=version).delete()
        _save_findings(version, result, kept)
        version.check_report, version.checked_at = result.report, timezone.now()
        # a check is not a change to the paper: no history row for it
        PaperVersion.objects.filter(pk=version.pk).update(check_report=version.check_report,
                                                          checked_at=version.checked_at)
    return version


@transaction.atomic
def finding_acknowledge(*, finding: PaperFinding, by: User, reason: str) -> PaperFinding:
    """The author or the manager says a finding is fine as it is, and why (who and when are recorded)."""
    reason = clean_written_text(reason)
    if not reason:
        raise ValidationError("Say why this is fine as it is.")
    finding = PaperFinding.objects.select_for_update().get(pk=finding.pk)
    if finding.acknowledged_at is None:
        finding.acknowledged_by, finding.acknowledged_at = by, timezone.now()
        finding.acknowledge_reason = reason[:2000]
        finding.save()
    return finding


@transaction.atomic
def check_override(*, version: PaperVersion, by: User, reason: str) -> CheckOverride:
    """The chair agrees that a paper version may go out with its must-fix findings, and says why."""
    version = PaperVersion.objects.select_related("paper__meeting").get(pk=version.pk)
    if not version.paper.meeting.is_chaired_by(by):
        raise PermissionDenied("Only the chair of the meeting can agree to send a paper that still needs fixing.")
    reason = clean_written_text(reason)
    if not reason:
        raise ValidationError("Give the reason the paper can go out as it is.")
    override, _ = CheckOverride.objects.get_or_create(version=version,
                                                      defaults={"reason": reason[:2000], "decided_by": by})
    return override


# --- Late papers ----------------------------------------------------------------------------------------

def late_request_create(*, meeting: Meeting, reason: str, by: User | None) -> LatePaperRequest:
    """Ask the chair to approve sending the pack after its deadline."""
    if not reason.strip():
        raise ValidationError("Give the reason the papers are late.")
    existing = meeting.late_requests.filter(kind=LatePaperRequest.Kind.LATE_PACK,
                                            status=LatePaperRequest.Status.PENDING).first()
    if existing is not None:
        return existing
    request = LatePaperRequest.objects.create(meeting=meeting, kind=LatePaperRequest.Kind.LATE_PACK,
                                              reason=reason.strip(), requested_by=by)
    _tell_chair(request)
    return request


def _tell_chair(request: LatePaperRequest) -> None:
    chair = request.meeting.chair
    if chair is None or not chair.email:
        return
    queue_email(key=f"late-request:{request.pk}", to=chair.email, recipient=chair,
                template="meetings-late-request", context={
                    "chair": chair, "request": request, "meeting": request.meeting,
                    "url": absolute_url(reverse("meetings:late_request_decide", args=[request.pk])),
                })


@transaction.atomic
def late_request_decide(*, request: LatePaperRequest, by: User, approve: bool, note: str = "") -> LatePaperRequest:
    """The chair approves (or not) a late pack or late paper. Only the meeting's chair may decide."""
    request = (LatePaperRequest.objects.select_for_update(of=("self",))
               .select_related("meeting", "paper_version").get(pk=request.pk))
    if not request.meeting.is_chaired_by(by):
        raise PermissionDenied(ONLY_THE_CHAIR)
    if approve and request.kind == LatePaperRequest.Kind.LATE_PAPER and request.paper_version_id:
        blockers = selectors.must_fix_blockers(request.meeting, versions=[request.paper_version_id])
        if blockers:
            raise packs.MustFixFindings(blockers)
    status = LatePaperRequest.Status.APPROVED if approve else LatePaperRequest.Status.REFUSED
    changed = LatePaperRequest.objects.filter(pk=request.pk, status=LatePaperRequest.Status.PENDING).update(
        status=status, decided_by=by, decided_at=timezone.now(), decision_note=note[:300])
    if changed != 1:
        return request  # already decided
    request.refresh_from_db()
    if not approve:
        return request
    Meeting.objects.filter(pk=request.meeting_id).update(late_papers=True)
    if request.kind == LatePaperRequest.Kind.LATE_PAPER and request.paper_version_id:
        version = request.paper_version
        PaperVersion.objects.filter(pk=version.pk).update(held=False)
        paper = Paper.objects.select_for_update().get(pk=version.paper_id)
        if paper.current_version_id is None or paper.current_version.number < version.number:
            paper.current_version = version
            paper.save(update_fields=["current_version"])
        if not request.meeting.is_cancelled:
            packs.dispatch_create(meeting=request.meeting, kind=PackDispatch.Kind.LATE_PAPERS, by=request.requested_by,
                             versions=[version], late_request=request)
    return request


def papers_mark_read(*, meeting: Meeting, person: User) -> bool:
    """The person says they have read the papers (their latest pack). Returns False if they had none."""
    recipient = selectors.my_latest_recipient(meeting, person)
    if recipient is None:
        return False
    PackRecipient.objects.filter(pk=recipient.pk, read_at__isnull=True).update(read_at=timezone.now())
    return True


# --- Accessible formats ---------------------------------------------------------------------------------

def format_request_create(*, meeting: Meeting, person: User, format: str, note: str = "") -> AccessibleFormatRequest:
    request, _ = AccessibleFormatRequest.objects.get_or_create(
        meeting=meeting, person=person, format=format, defaults={"note": clean_written_text(note)[:500]})
    return request


def format_request_done(*, request: AccessibleFormatRequest, by: User) -> None:
    AccessibleFormatRequest.objects.filter(pk=request.pk, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=by)


# --- Calendar feed --------------------------------------------------------------------------------------

def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def feed_token_create(*, person: User) -> tuple[CalendarFeedToken, str]:
    """A new private link (the old one stops working). The secret is shown once; only its hash is kept."""
    feed_token_revoke(person=person)
    secret = secrets.token_urlsafe(32)
    token = CalendarFeedToken.objects.create(person=person, secret_hash=_hash_secret(secret))
    return token, secret


def feed_token_revoke(*, person: User) -> int:
    return CalendarFeedToken.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=timezone.now())


def feed_token_check(*, public_id: str, secret: str) -> User | None:
    """The person whose live link this is, or None. The secret is compared in constant time."""
    try:
        token = CalendarFeedToken.objects.select_related("person").get(public_id=uuid.UUID(str(public_id)),
                                                                        revoked_at__isnull=True)
    except (CalendarFeedToken.DoesNotExist, ValueError):
        hmac.compare_digest(_hash_secret(secret), "0" * 64)  # same work either way
        return None
    if not hmac.compare_digest(_hash_secret(secret), token.secret_hash) or not token.person.is_active:
        return None
    # When a calendar last read the link is shown to its owner (a sign of a leaked link): a record of the
    # visit, like a session's last activity, not a change of anything the person did.
    CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.person


# --- Attendance, minutes, decisions ---------------------------------------------------------------------

@transaction.atomic
def attendance_record(*, meeting: Meeting, entries: Mapping[int, str | None], by: User) -> list[str]:
    """Who attended and how: {person_id: mode or None (did not attend)}. Returns problems, if any."""
    problems = []
    current = {a.person_id: a for a in Attendance.objects.select_for_update().filter(meeting=meeting)}
    for person_id, mode in entries.items():
        row = current.get(person_id)
        if mode and row is None:
            Attendance.objects.create(meeting=meeting, person_id=person_id, mode=mode, recorded_by=by)
        elif mode and row.mode != mode:
            row.mode, row.recorded_by, row.recorded_at = mode, by, timezone.now()
            row.save()
        elif not mode and row is not None:
            try:
                with transaction.atomic():
                    row.delete()
            except ProtectedError:
                problems.append(f"{row.person} stays recorded: a payment claim is linked to their attendance.")
    if meeting.status in (Meeting.Status.PLANNED, Meeting.Status.PAPERS_SENT) and any(entries.values()):
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    return problems


def decision_create(*, meeting: Meeting, title: str, decision: str, rationale: str = "",
                    agenda_item: AgendaItem | None = None, owner: User | None = None, due_on: dt.date | None = None,
                    status: str = Decision.Status.AGREED) -> Decision:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError("That agenda item belongs to another meeting.")
    return Decision.objects.create(
        meeting=meeting, agenda_item=agenda_item, title=clean_written_text(title)[:200],
        decision=clean_written_text(decision), rationale=clean_written_text(rationale), owner=owner,
        due_on=due_on, status=status, decided_on=meeting.local_date)


# Sent (after the change is committed) when a decision's status changes, with `decision` and `old_status`:
# the listening app tells the people whose feedback informed it.
decision_status_changed = Signal()


def decision_update(*, decision: Decision, changes: dict[str, Any]) -> Decision:
    """Change a decision's fields (history records who and when). `changes` is a dict because one of the
    fields is itself called `decision`."""
    changes = dict(changes)
    for field in ("title", "decision", "rationale"):
        if field in changes:
            changes[field] = clean_written_text(changes[field])
    if changes.get("agenda_item") is not None and changes["agenda_item"].meeting_id != decision.meeting_id:
        raise ValidationError("That agenda item belongs to another meeting.")
    old_status = Decision.objects.filter(pk=decision.pk).values_list("status", flat=True).first()
    for field, value in changes.items():
        setattr(decision, field, value)
    decision.save()
    if old_status is not None and decision.status != old_status:
        transaction.on_commit(lambda: decision_status_changed.send(sender=Decision, decision=decision,
                                                                   old_status=old_status))
    return decision


def notice_rule_set(*, group: GovernanceGroup, days: int, kind: str) -> NoticeRule:
    rule, _ = NoticeRule.objects.update_or_create(group=group, defaults={"days": days, "kind": kind})
    return rule


