"""Demo data for meetings: notice rules, a year of board, operational and working-group meetings (mostly
past, a few to come) with agendas, papers, packs (some late, with the chair's approval), read receipts,
attendance, minutes and decisions. Idempotent: a meeting is identified by its group and title, and one that
exists already is left as it is. No email is sent: sent packs are recorded as they would have been."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from coproduction.models import GovernanceGroup, Membership, OutgoingEmail, User
from coproduction.upsert import upsert

from . import deadlines, language_check, services
from .deadlines import LONDON
from .models import (
    AccessibleFormatRequest,
    AgendaItem,
    AllowedAcronym,
    Attendance,
    CheckOverride,
    Decision,
    GlossaryEntry,
    LatePaperRequest,
    Meeting,
    Minutes,
    NoticeRule,
    PackDispatch,
    PackRecipient,
    Paper,
    PaperFinding,
    PaperVersion,
)

DOMAIN = "demo.example.org"

# group name: (notice days, kind, weekday, nth, start, end, every n months, chair email local part, place)
SCHEDULE = {
    "Alliance Board": (7, "calendar", calendar.TUESDAY, 2, dt.time(10), dt.time(12, 30), 2, "helen.price",
                       "Council Chamber, County Hall, Taunton"),
    "Operational Group": (7, "calendar", calendar.WEDNESDAY, 1, dt.time(14), dt.time(16), 1, "jo.bennett",
                          "Meeting Room 2, The Hub, Bridgwater"),
    "Working group: crisis support": (5, "working", calendar.THURSDAY, 3, dt.time(10, 30), dt.time(12), 1,
                                      "rosie.tanner", ""),
    "Working group: access and waiting": (5, "working", calendar.MONDAY, 4, dt.time(13), dt.time(14, 30), 1,
                                          "dev.patel", ""),
}
ONLINE = "Video call: the link is on the meeting page on the day. You can also join by phone."
ACCESS = "Step-free access, a quiet room next door, hearing loop. Online: live captions."

AGENDA = {
    "board": [("Welcome and apologies", "information"), ("Listening report: what we heard", "discussion"),
              ("Crisis line: extended hours", "decision"), ("Budget and payments to leaders", "decision"),
              ("Risks and issues", "discussion")],
    "operational": [("Check-in", "information"), ("Feedback from listening events", "discussion"),
                    ("Recruiting new leaders", "decision"), ("Plans for next month", "discussion")],
    "working": [("Check-in", "information"), ("What people told us", "discussion"),
                ("Changes we recommend", "decision")],
}
PAPERS = [
    ("Listening report", "What people told us at listening events this month, and the themes we heard most.",
     "# Listening report\n\nWe held four listening events. People told us waiting times are hard, and that "
     "evenings are the hardest time to get help.\n\n## What we suggest\n\n- Open the helpline later.\n"
     "- Text people while they wait.\n"),
    ("Crisis line proposal", "A proposal to keep the crisis line open until midnight, what it costs and how "
     "we will know if it helps.",
     "# Crisis line proposal\n\nWe ask the board to agree longer opening hours for six months.\n\n"
     "The cost is met from this year's budget. We will ask people who call what difference it made.\n"),
    ("Budget update", "How much of this year's budget is spent, including payments to leaders, and what is "
     "left.", "Budget update\n\nSpent so far: 62 per cent. Payments to leaders are on track.\n\n"
     "The ICB has agreed next year's budget for the crisis line. Going forward, we will report every month.\n"),
    ("Recruitment update", "How many leaders joined, where from, and the groups still looking for people.",
     "Recruitment update\n\nThree people joined this quarter. Two groups still need leaders from Sedgemoor.\n"),
]
LATE_REASONS = [
    "The finance figures were not ready until the day after the deadline.",
    "A leader asked for the paper to be rewritten in plainer words before it went out.",
    "The partner organisation sent its report late.",
]
DECISIONS = [
    ("Extend crisis line hours", "Keep the crisis line open until midnight for six months.",
     "Leaders told us evenings are the hardest time to get help."),
    ("Text people while they wait", "Send a text every two weeks to people on the waiting list.",
     "People said they felt forgotten while waiting."),
    ("Recruit two leaders in Sedgemoor", "Advertise for two more leaders from Sedgemoor.",
     "The working groups have no one from there."),
    ("Pay leaders within ten days", "Approve claims within ten working days.",
     "Late payment causes worry, especially for people on benefits."),
]


def _month_add(year: int, month: int, add: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + add
    return index // 12, index % 12 + 1


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    days = [week[weekday] for week in calendar.monthcalendar(year, month) if week[weekday]]
    return dt.date(year, month, days[min(nth, len(days)) - 1])


def _people() -> dict[str, User]:
    return {user.email.split("@")[0]: user for user in User.objects.filter(email__endswith=f"@{DOMAIN}")}


def load(*, stdout: Any) -> None:
    groups = {group.name: group for group in GovernanceGroup.objects.filter(name__in=SCHEDULE)}
    if not groups:
        return
    people = _people()
    manager = people.get("sam.carter")
    today = timezone.localdate()
    now = timezone.now()
    created = 0
    for name, (days, kind, weekday, nth, start, end, every, chair_local, place) in SCHEDULE.items():
        group = groups.get(name)
        if group is None:
            continue
        upsert(NoticeRule.objects, {"days": days, "kind": kind}, group=group)
        chair = people.get(chair_local)
        previous: Meeting | None = None
        for offset in range(-11, 2):
            year, month = _month_add(today.year, today.month, offset)
            if (year * 12 + month) % every:
                continue
            day = _nth_weekday(year, month, weekday, nth)
            title = f"{name}, {calendar.month_name[month]} {year}"
            meeting = Meeting.objects.filter(group=group, title=title).first()
            if meeting is None:
                meeting = _meeting(group, title, day, start, end, place, chair, manager, days, kind, now,
                                   index=offset + 11)
                created += 1
            if previous is not None and meeting.starts_at < now:
                _approve_minutes(previous, meeting, manager)
            previous = meeting
    _format_requests(people, now)
    checked = _plain_language_checks()
    stdout.write(f"Meetings: {created} new meetings (a year of board, operational and working-group meetings); "
                 f"{checked} paper versions checked for plain language.")


def _meeting(group: GovernanceGroup, title: str, day: dt.date, start: dt.time, end: dt.time, place: str,
             chair: User | None, manager: User | None, days: int, kind: str, now: dt.datetime,
             index: int) -> Meeting:
    starts_at = dt.datetime.combine(day, start, tzinfo=LONDON)
    meeting = Meeting.objects.create(
        group=group, title=title, starts_at=starts_at, ends_at=dt.datetime.combine(day, end, tzinfo=LONDON),
        place=place, online_details=ONLINE, accessibility=ACCESS, chair=chair,
    )
    members = list(User.objects.filter(memberships__in=Membership.objects.current(on=day).filter(group=group))
                   .distinct().order_by("full_name"))
    kind_key = {"board": "board", "operational": "operational"}.get(group.kind, "working")
    items = [AgendaItem.objects.create(meeting=meeting, order=number, title=item_title, purpose=purpose,
                                       lead=members[(number + index) % len(members)] if members else None,
                                       minutes_allowed=15 if purpose != "information" else 5)
             for number, (item_title, purpose) in enumerate(AGENDA[kind_key], start=1)]
    deadline = deadlines.papers_deadline(starts_at, days, kind)
    versions = []
    for number in range(1 + index % 2 + (1 if kind_key == "board" else 0)):
        paper_title, summary, text = PAPERS[(index + number) % len(PAPERS)]
        author = members[(index + number) % len(members)] if members else manager
        item = items[min(number + 1, len(items) - 1)]
        paper = Paper.objects.create(meeting=meeting, agenda_item=item, title=paper_title, author=author,
                                     summary=summary, created_by=manager)
        if starts_at > now + dt.timedelta(days=20) and number:
            continue  # an expected paper, not written yet: its author gets reminders
        content = text.encode("utf-8")
        storage_name = default_storage.save(f"papers/{meeting.pk}/demo-{paper.pk}.md", ContentFile(content))
        version = PaperVersion.objects.create(
            paper=paper, number=1, format=PaperVersion.Format.MARKDOWN, original_filename=f"{paper_title}.md",
            storage_name=storage_name, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=author, uploaded_at=deadline - dt.timedelta(days=3))
        paper.current_version = version
        paper.save(update_fields=["current_version"])
        versions.append(version)

    late = index % 4 == 2  # about one pack in four goes out late, with the chair's approval
    sent_at = (deadline + dt.timedelta(days=2, hours=-6)) if late else (deadline - dt.timedelta(days=1, hours=2))
    if sent_at > now:
        return meeting  # the pack is not due yet
    late_request = None
    if late:
        late_request = LatePaperRequest.objects.create(
            meeting=meeting, kind=LatePaperRequest.Kind.LATE_PACK, reason=LATE_REASONS[index % len(LATE_REASONS)],
            requested_by=manager, requested_at=sent_at - dt.timedelta(hours=3),
            status=LatePaperRequest.Status.APPROVED, decided_by=chair, decided_at=sent_at - dt.timedelta(hours=1))
        meeting.late_papers = True
    dispatch = PackDispatch.objects.create(meeting=meeting, kind=PackDispatch.Kind.PACK, sent_by=manager,
                                           requested_at=sent_at, completed_at=sent_at + dt.timedelta(minutes=1),
                                           sequence=0, deadline=deadline, on_time=not late, late_request=late_request)
    dispatch.paper_versions.set(versions)
    past = starts_at < now
    emails = OutgoingEmail.objects.bulk_create([
        OutgoingEmail(key=f"pack:{meeting.pk}:{person.pk}:{dispatch.pk}", recipient=person, to=person.email,
                      template="meetings-pack", subject=f"Papers for {meeting.title}",
                      body_text="(Demo: this pack was recorded as sent; no email was sent.)",
                      status=OutgoingEmail.Status.SENT, attempts=1, sent_at=sent_at + dt.timedelta(minutes=1))
        for person in members])
    emails = {email.key: email for email in OutgoingEmail.objects.filter(key__startswith=f"pack:{meeting.pk}:")}
    PackRecipient.objects.bulk_create([
        PackRecipient(dispatch=dispatch, person=person, email=emails[f"pack:{meeting.pk}:{person.pk}:{dispatch.pk}"],
                      read_at=(sent_at + dt.timedelta(days=1 + n % 3)) if (past or n % 2) and n % 5 != 4 else None)
        for n, person in enumerate(members)])
    meeting.status = Meeting.Status.PAPERS_SENT
    if past:
        meeting.status = Meeting.Status.HELD
        Attendance.objects.bulk_create([
            Attendance(meeting=meeting, person=person, recorded_by=manager, recorded_at=meeting.ends_at,
                       mode=Attendance.Mode.ONLINE if (n + index) % 3 == 0 else Attendance.Mode.IN_PERSON)
            for n, person in enumerate(members) if (n + index) % 6 != 5])
        Minutes.objects.create(meeting=meeting, text=(
            f"Present: {', '.join(person.full_name for person in members)}.\n\n"
            "We went through the agenda. Actions are in the decision log."))
        for item in items:
            if item.purpose == "decision":
                title, decision, rationale = DECISIONS[(index + item.order) % len(DECISIONS)]
                Decision.objects.create(
                    meeting=meeting, agenda_item=item, title=title, decision=decision, rationale=rationale,
                    owner=item.lead, decided_on=day, due_on=day + dt.timedelta(days=60),
                    status=(Decision.Status.DONE if starts_at < now - dt.timedelta(days=120)
                            else Decision.Status.IN_PROGRESS))
    meeting.save()
    return meeting


def _approve_minutes(previous: Meeting, meeting: Meeting, manager: User | None) -> None:
    if Minutes.objects.filter(meeting=previous, status=Minutes.Status.DRAFT).update(
            status=Minutes.Status.APPROVED, approved_at_meeting=meeting, approved_by=manager):
        Meeting.objects.filter(pk=previous.pk).update(status=Meeting.Status.MINUTES_APPROVED)


def _format_requests(people: dict[str, User], now: dt.datetime) -> None:
    upcoming = Meeting.objects.filter(starts_at__gt=now).exclude(status=Meeting.Status.CANCELLED).order_by(
        "starts_at")
    for meeting, local, fmt, note in [(upcoming.filter(group__name="Operational Group").first(), "kwame.mensah",
                                       AccessibleFormatRequest.Format.LARGE_PRINT, "Size 18 on yellow paper."),
                                      (upcoming.filter(group__name="Alliance Board").first(), "jo.bennett",
                                       AccessibleFormatRequest.Format.BRIEFING, "A phone call the day before.")]:
        if meeting is not None and local in people:
            AccessibleFormatRequest.objects.get_or_create(meeting=meeting, person=people[local], format=fmt,
                                                          defaults={"note": note})


ACKNOWLEDGE_REASON = ("The chair explains the abbreviation at the start of the item, and the glossary goes out "
                      "with the pack.")
OVERRIDE_REASON = ("The budget had to go out on time for the vote. The author will say what the abbreviation "
                   "means at the meeting and correct the paper afterwards.")


def _plain_language_checks() -> int:
    """Seed the glossary, check every paper version not checked yet, and make the packs already sent agree
    with the rule: their must-fix findings were acknowledged by the author, or the chair let the paper go out
    (alternately, so the demo shows both). Papers for meetings still to come keep their open findings, so the
    send page shows what blocks the pack."""
    language_check.seed_glossary(GlossaryEntry, AllowedAcronym)
    inputs = language_check.checker_inputs()
    unchecked = list(PaperVersion.objects.filter(checked_at__isnull=True).order_by("pk"))
    for version in unchecked:
        services.paper_version_check(version=version, inputs=inputs)
    sent = (PaperVersion.objects.filter(dispatches__isnull=False, check_override__isnull=True,
                                        findings__severity=PaperFinding.Severity.MUST_FIX,
                                        findings__acknowledged_at__isnull=True)
            .select_related("paper__author", "paper__meeting__chair").distinct().order_by("pk"))
    for number, version in enumerate(sent):
        meeting = version.paper.meeting
        if number % 2 and meeting.chair is not None:
            CheckOverride.objects.get_or_create(version=version, defaults={
                "reason": OVERRIDE_REASON, "decided_by": meeting.chair,
                "decided_at": version.uploaded_at + dt.timedelta(hours=2)})
            continue
        for finding in version.findings.filter(acknowledged_at__isnull=True):
            finding.acknowledged_by = version.paper.author
            finding.acknowledged_at = version.uploaded_at + dt.timedelta(hours=1)
            finding.acknowledge_reason = (ACKNOWLEDGE_REASON if finding.is_must_fix
                                          else "We kept this wording on purpose: the board knows it.")
            finding.save()
    return len(unchecked)
