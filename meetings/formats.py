"""Papers in the format each person needs, without anyone acting.

Each person records their communication needs once (`CommunicationNeeds`). When a pack (or a late paper)
goes out, `packs.dispatch_run` calls `schedule`, and a background task (`make_pack_formats`) makes each
format once for the dispatch (`format_render`: large-print PDF, accessible web page, audio of the agenda and
every written paper), then sends each person who asked an email with theirs; each person's format is a
`FormatDelivery`, on time when it went out by the papers deadline. Printed copies are listed for the manager
to post, due by the deadline less the postal days (working days), so the notice period counts the post.
Easy read is the manager's task, due by the papers deadline (`easy_read_tasks_ensure`), shown late on the
pack when it is not done. The notice report counts a pack as on time only when every format was
(`formats_late`).
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from coproduction.mail import absolute_url, queue_email
from coproduction.models import OutgoingEmail, User

from . import access, format_render, selectors
from .deadlines import DEADLINE_TIME, LONDON, WORKING, deadline_date
from .format_models import CommunicationNeeds, FormatDelivery, FormatFile
from .models import AccessibleFormatRequest, Meeting, PackDispatch, PaperVersion

logger = logging.getLogger(__name__)

POSTAL_DAYS = 2  # working days a printed copy takes by first-class post
LATE_PAPER_GRACE = dt.timedelta(hours=1)  # formats of a late paper follow it within the hour
FORMAT_KINDS = (PackDispatch.Kind.PACK, PackDispatch.Kind.LATE_PAPERS)
MIMETYPES = {FormatFile.Kind.LARGE_PRINT: "application/pdf", FormatFile.Kind.WEB: "text/html",
             FormatFile.Kind.AUDIO: "audio/mpeg"}
NEEDS_FIELDS = ("large_print", "web_version", "audio", "printed_by_post", "easy_read", "interpreter", "supporter",
                "postal_address", "note", "share_with_chairs")


def postal_days() -> int:
    return int(getattr(settings, "MEETINGS_POSTAL_DAYS", POSTAL_DAYS))


def postal_due(deadline: dt.datetime) -> dt.datetime:
    """When a printed copy must be posted to arrive by the papers deadline: that many working days before."""
    day = deadline_date(deadline.astimezone(LONDON).date(), postal_days(), WORKING)
    return dt.datetime.combine(day, DEADLINE_TIME, tzinfo=LONDON)


# --- Needs ----------------------------------------------------------------------------------------------

def needs_for(person: User) -> CommunicationNeeds:
    return CommunicationNeeds.objects.filter(person=person).first() or CommunicationNeeds(person=person)


def needs_save(*, person: User, by: User, **values: Any) -> CommunicationNeeds:
    """Record a person's needs once, for every meeting; easy read tasks follow for their meetings to come."""
    unknown = set(values) - set(NEEDS_FIELDS)
    if unknown:
        raise ValueError(f"Not a communication need: {sorted(unknown)}")
    if values.get("printed_by_post") and not (values.get("postal_address") or "").strip():
        raise ValidationError({"postal_address": "Give the address the printed copies go to."})
    with transaction.atomic():
        needs = CommunicationNeeds.objects.select_for_update().filter(person=person).first() or \
            CommunicationNeeds(person=person)
        for name, value in values.items():
            setattr(needs, name, value.strip() if isinstance(value, str) else value)
        needs._history_user = by
        needs.save()
        if needs.easy_read:
            for meeting in _upcoming_meetings_of(person):
                easy_read_tasks_ensure(meeting)
    return needs


def _upcoming_meetings_of(person: User) -> list[Meeting]:
    return list(access.invited_meetings(person).filter(starts_at__gte=timezone.now())
                .exclude(status=Meeting.Status.CANCELLED).select_related("group", "group__notice_rule"))


def easy_read_tasks_ensure(meeting: Meeting) -> int:
    """An easy read task for the manager, due by the papers deadline, for each invitee who needs easy read.
    Returns how many were made now."""
    if meeting.is_cancelled:
        return 0
    people = [p.pk for p in selectors.invitees(meeting)]
    wanted = CommunicationNeeds.objects.filter(person_id__in=people, easy_read=True).values_list("person_id",
                                                                                                 flat=True)
    made = 0
    for person_id in wanted:
        _, created = AccessibleFormatRequest.objects.get_or_create(
            meeting=meeting, person_id=person_id, format=AccessibleFormatRequest.Format.EASY_READ,
            defaults={"due_at": meeting.deadline, "note": "From their recorded communication needs."})
        made += created
    return made


# --- Making and sending ---------------------------------------------------------------------------------

def schedule(dispatch: PackDispatch) -> None:
    """The hook in `packs.dispatch_run`: make and send the formats in the background once it commits."""
    if dispatch.kind in FORMAT_KINDS:
        transaction.on_commit(lambda: make_pack_formats.enqueue(dispatch.pk))


def _due(dispatch: PackDispatch) -> dt.datetime:
    if dispatch.kind == PackDispatch.Kind.PACK:
        return dispatch.deadline or dispatch.meeting.deadline
    return max(dispatch.deadline or dispatch.requested_at, dispatch.requested_at + LATE_PAPER_GRACE)


def _sections(dispatch: PackDispatch, versions: list[PaperVersion]) -> list[tuple[PaperVersion | None, Any]]:
    meeting = dispatch.meeting
    sections: list[tuple[PaperVersion | None, Any]] = []
    if dispatch.kind == PackDispatch.Kind.PACK:
        sections.append((None, format_render.agenda_section(meeting, selectors.agenda_for(meeting))))
    sections.extend((version, format_render.paper_section(version)) for version in versions)
    return sections


def _make_file(dispatch: PackDispatch, version: PaperVersion | None, section: Any, kind: str) -> FormatFile:
    key = f"{dispatch.pk}:{version.pk if version else 'agenda'}:{kind}"
    existing = FormatFile.objects.filter(key=key).first()
    if existing is not None:
        return existing
    seconds = None
    if kind == FormatFile.Kind.LARGE_PRINT:
        content = format_render.large_print_pdf(section, dispatch.meeting)
    elif kind == FormatFile.Kind.WEB:
        content = format_render.web_page(section, dispatch.meeting).encode("utf-8")
    else:
        content, seconds = format_render.audio_mp3(format_render.speech_text(section))
    extension = {"large_print": "pdf", "web": "html", "audio": "mp3"}[kind]
    name = default_storage.save(f"meetings/formats/{uuid.uuid4().hex}.{extension}", ContentFile(content))
    made, _ = FormatFile.objects.get_or_create(key=key, defaults={
        "dispatch": dispatch, "version": version, "kind": kind, "title": section.title[:200], "storage_name": name,
        "mimetype": MIMETYPES[kind], "size": len(content), "seconds": seconds})
    return made


def make_files(dispatch: PackDispatch, kinds: Iterable[str], versions: list[PaperVersion]
               ) -> tuple[dict[str, list[FormatFile]], dict[str, list[str]]]:
    """Each wanted format of the agenda and every written paper, once. Returns the files by kind and, by
    kind, the titles that could not be made (no readable text, or the engine failed)."""
    files: dict[str, list[FormatFile]] = {kind: [] for kind in kinds}
    missing: dict[str, list[str]] = {kind: [] for kind in kinds}
    if not files:
        return files, missing
    for version, section in _sections(dispatch, versions):
        for kind in files:
            if not section.has_text:
                missing[kind].append(section.title)
                continue
            try:
                files[kind].append(_make_file(dispatch, version, section, kind))
            except (format_render.FormatUnavailable, subprocess.SubprocessError, OSError) as error:
                logger.warning("format %s of dispatch %s not made: %s", kind, dispatch.pk, type(error).__name__)
                missing[kind].append(section.title)
    return files, missing


def _file_url(item: FormatFile) -> str:
    return absolute_url(reverse("meetings:format_file", args=[item.pk]))


def _attachment(item: FormatFile) -> dict[str, str]:
    slug = "-".join(item.title.lower().split())[:50] or "paper"
    return {"filename": f"{slug}-{item.kind.replace('_', '-')}.{item.extension}", "mimetype": item.mimetype,
            "storage_name": item.storage_name}


def dispatch_formats_run(*, dispatch_id: int) -> int:
    """Make the dispatch's formats and email each person theirs. Safe to run again: files are made once
    (by key), each person's email has a fixed key. Returns how many people were sent formats now."""
    dispatch = PackDispatch.objects.select_related("meeting", "meeting__group", "meeting__group__notice_rule"
                                                   ).get(pk=dispatch_id)
    if dispatch.kind not in FORMAT_KINDS:
        return 0
    meeting = dispatch.meeting
    if dispatch.kind == PackDispatch.Kind.PACK:
        easy_read_tasks_ensure(meeting)
    people = {r.person_id: r.person for r in dispatch.recipients.select_related("person")}
    needs = list(CommunicationNeeds.objects.filter(person_id__in=people))
    if not needs:
        return 0
    versions = list(dispatch.paper_versions.select_related("paper", "paper__agenda_item")
                    .order_by("paper__agenda_item__order", "paper__title"))
    kinds = sorted({kind for n in needs for kind in n.automatic_formats})
    files, missing = make_files(dispatch, kinds, versions)
    due, sent = _due(dispatch), 0
    for need in needs:
        person = people[need.person_id]
        if need.printed_by_post:
            FormatDelivery.objects.get_or_create(dispatch=dispatch, person=person, kind=FormatDelivery.Kind.POST,
                                                 defaults={"due_at": postal_due(due)})
        mine = need.automatic_formats
        if not mine:
            continue
        sent += _send_to(dispatch, person, mine, files, missing, due)
    return sent


def _send_to(dispatch: PackDispatch, person: User, kinds: list[str], files: dict[str, list[FormatFile]],
             missing: dict[str, list[str]], due: dt.datetime) -> int:
    with transaction.atomic():
        deliveries = {kind: FormatDelivery.objects.get_or_create(dispatch=dispatch, person=person, kind=kind,
                                                                 defaults={"due_at": due})[0] for kind in kinds}
        if all(d.email_id for d in deliveries.values()):
            return 0
        limit = int(getattr(settings, "MEETINGS_ATTACH_LIMIT_BYTES", 5 * 1024 * 1024))
        attach = [f for kind in kinds if kind != FormatFile.Kind.AUDIO for f in files[kind]]
        attach = attach if sum(f.size for f in attach) <= limit else []
        mine = [(FormatFile.Kind(kind).label, [(f, _file_url(f)) for f in files[kind]], missing[kind])
                for kind in kinds]
        email = queue_email(
            key=f"formats:{dispatch.pk}:{person.pk}", to=person.email, recipient=person,
            template="meetings-formats", attachments=[_attachment(f) for f in attach],
            context={"person": person, "meeting": dispatch.meeting, "dispatch": dispatch, "formats": mine,
                     "attached": bool(attach),
                     "needs_url": absolute_url(reverse("meetings:needs_edit"))})
        now = timezone.now()
        for kind, delivery in deliveries.items():
            problem = ""
            if missing[kind]:
                problem = ("Could not be made from: " + "; ".join(missing[kind]))[:300]
            FormatDelivery.objects.filter(pk=delivery.pk).update(
                email=email, problem=problem, done_at=None if problem else now)
    return 1


def formats_recover(*, within: dt.timedelta = dt.timedelta(days=2)) -> int:
    """Packs of the last two days whose formats were never made for someone who needs them (the worker
    stopped between sending the pack and starting the formats, or a person recorded their needs just after):
    make and send them now. Run by the schedule; safe to run any time. Returns how many people were sent."""
    recent = PackDispatch.objects.filter(kind__in=FORMAT_KINDS, completed_at__gte=timezone.now() - within)
    sent = 0
    for dispatch in recent:
        wanting = set(CommunicationNeeds.objects.filter(person__packs__dispatch=dispatch).filter(
            Q(large_print=True) | Q(web_version=True) | Q(audio=True) | Q(printed_by_post=True))
            .values_list("person_id", flat=True))
        served = set(FormatDelivery.objects.filter(dispatch=dispatch).values_list("person_id", flat=True))
        if wanting - served:
            sent += dispatch_formats_run(dispatch_id=dispatch.pk)
    return sent


@task()
def make_pack_formats(dispatch_id: int) -> int:
    """The background task that makes a dispatch's formats and sends them (see `dispatch_formats_run`)."""
    return dispatch_formats_run(dispatch_id=dispatch_id)


# --- The manager's part and the pack's record -------------------------------------------------------------

def post_done(*, delivery: FormatDelivery, by: User) -> bool:
    """The manager posted a printed copy. Returns False if it was recorded already."""
    if delivery.kind != FormatDelivery.Kind.POST:
        raise ValidationError("Only printed copies are marked as posted.")
    return bool(FormatDelivery.objects.filter(pk=delivery.pk, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=by))


def formats_late(dispatch: Any = None, meeting: Any = None) -> Q:
    """The rule, in SQL, for "someone's formats for this pack did not go out on time": a delivery not done by
    its due time (or whose email could not be sent), or an easy read task of the meeting not done by the
    papers deadline. `dispatch` and `meeting` default to the outer query's pack (OuterRef("pk")) and its
    meeting (OuterRef("meeting_id"))."""
    dispatch = OuterRef("pk") if dispatch is None else dispatch
    meeting = OuterRef("meeting_id") if meeting is None else meeting
    late_delivery = FormatDelivery.objects.filter(dispatch_id=dispatch).filter(
        Q(done_at__isnull=True) | Q(done_at__gt=F("due_at")) | Q(email__status=OutgoingEmail.Status.FAILED))
    late_task = AccessibleFormatRequest.objects.filter(meeting_id=meeting, due_at__isnull=False).filter(
        Q(done_at__isnull=True) | Q(done_at__gt=F("due_at")))
    return Q(Exists(late_delivery)) | Q(Exists(late_task))


def pack_formats(dispatch: PackDispatch) -> dict[str, Any]:
    """For the pack's page: each person's formats with whether they are late, and the meeting's easy read
    tasks (two queries)."""
    now = timezone.now()
    deliveries = list(FormatDelivery.objects.filter(dispatch=dispatch).select_related("person", "email")
                      .order_by("person__full_name", "kind"))
    easy_read = list(AccessibleFormatRequest.objects.filter(
        meeting_id=dispatch.meeting_id, format=AccessibleFormatRequest.Format.EASY_READ, due_at__isnull=False)
        .select_related("person")) if dispatch.kind == PackDispatch.Kind.PACK else []
    for delivery in deliveries:
        delivery.late = delivery.is_late(now)
    late = sum(d.late for d in deliveries) + sum(r.is_late for r in easy_read)
    return {"format_deliveries": deliveries, "easy_read_tasks": easy_read, "formats_late": late}


def to_post() -> list[FormatDelivery]:
    """Printed copies still to post, the most urgent first."""
    return list(FormatDelivery.objects.filter(kind=FormatDelivery.Kind.POST, done_at__isnull=True)
                .select_related("person", "person__communication_needs", "dispatch__meeting").order_by("due_at"))


def support_at_meeting(meeting: Meeting, *, chair_only: bool) -> list[tuple[User, list[str]]]:
    """Invitees who need an interpreter or a supporter at the meeting. For the chair, only those who agreed
    to share it (the manager, who arranges it, sees everyone's). Two queries."""
    people = {p.pk: p for p in selectors.invitees(meeting)}
    needs = CommunicationNeeds.objects.filter(person_id__in=people).filter(
        ~Q(interpreter="") | Q(supporter=True))
    if chair_only:
        needs = needs.filter(share_with_chairs=True)
    return [(people[n.person_id], n.at_meetings) for n in needs]
