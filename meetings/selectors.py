"""Reads shared by views, tasks and reports, and the "may this person see this?" helpers.

Who is invited to a meeting: the group's members whose membership is current on the meeting's date, plus
the meeting's named guests. Who may see a meeting: those invited, the co-production manager (all meetings),
and board members (every meeting of a board). Everyone else gets 404; refusals are recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from coproduction.audit import record_event
from coproduction.models import GovernanceGroup, Membership, User
from coproduction.roles import Capability, Role, has_capability, has_role

from . import deadlines
from .deadlines import LONDON
from .models import (
    AgendaItem,
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

DEFAULT_NOTICE_DAYS = 7


def _refuse(user: Any, what: str) -> Http404:
    record_event("access_refused", actor=user, detail=what)
    return Http404("Not found")


# --- Notice and deadlines -------------------------------------------------------------------------------

def notice_for_group(group: GovernanceGroup) -> tuple[int, str]:
    """(days, kind) for a group; 7 calendar days when an admin has not set a rule."""
    rule = getattr(group, "_prefetched_notice_rule", None)
    if rule is None:
        try:
            rule = group.notice_rule
        except NoticeRule.DoesNotExist:
            return DEFAULT_NOTICE_DAYS, NoticeRule.Kind.CALENDAR
    return rule.days, rule.kind


def papers_deadline(meeting: Meeting) -> dt.datetime:
    days, kind = notice_for_group(meeting.group)
    return deadlines.papers_deadline(meeting.starts_at, days, kind)


def with_deadlines(meetings: list[Meeting]) -> list[Meeting]:
    """Sets `meeting.deadline` on each (the group and its notice rule must be select_related)."""
    for meeting in meetings:
        meeting.deadline = papers_deadline(meeting)
    return meetings


def meetings_base() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("group", "group__notice_rule", "chair").annotate(
        meeting_day=TruncDate("starts_at", tzinfo=LONDON))


# --- Who is invited; who may see ------------------------------------------------------------------------

def _member_on_meeting_day(user_field: Any) -> Exists:
    meeting_day = OuterRef("meeting_day")  # annotated by meetings_base()
    return Exists(
        Membership.objects.filter(group=OuterRef("group"), person=user_field, started_on__lte=meeting_day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=meeting_day))
    )


def invited_meetings(user: Any) -> QuerySet[Meeting]:
    """Meetings the person is invited to: a member of the group on the day, or a named guest."""
    guest = Meeting.guests.through.objects.filter(meeting=OuterRef("pk"), user=user)
    return meetings_base().filter(_member_on_meeting_day(user) | Exists(guest))


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    if not getattr(user, "is_authenticated", False):
        return Meeting.objects.none()
    if has_capability(user, Capability.MANAGE_MEETINGS):
        return meetings_base()
    guest = Meeting.guests.through.objects.filter(meeting=OuterRef("pk"), user=user)
    condition = _member_on_meeting_day(user) | Exists(guest)
    if has_role(user, Role.BOARD):
        condition |= Q(group__kind=GovernanceGroup.Kind.BOARD)
    return meetings_base().filter(condition)


def get_meeting_for_user(user: Any, meeting_pk: int) -> Meeting:
    meeting = visible_meetings(user).filter(pk=meeting_pk).first()
    if meeting is None:
        if Meeting.objects.filter(pk=meeting_pk).exists():
            raise _refuse(user, f"meeting {meeting_pk}")
        raise Http404("Not found")
    meeting.deadline = papers_deadline(meeting)
    return meeting


def get_paper_version_for_user(user: Any, paper_pk: int, version_pk: int) -> PaperVersion:
    """A version the person may download: invited to its meeting (held versions: manager and author only)."""
    version = (PaperVersion.objects.select_related("paper", "paper__meeting")
               .filter(pk=version_pk, paper_id=paper_pk).first())
    if version is None:
        raise Http404("Not found")
    get_meeting_for_user(user, version.paper.meeting_id)
    if version.held and not (has_capability(user, Capability.MANAGE_MEETINGS)
                             or version.paper.author_id == user.pk):
        raise _refuse(user, f"held paper version {version_pk}")
    return version


def get_paper_for_author(user: Any, paper_pk: int) -> Paper:
    """A paper the person may add a version to: the manager, or the paper's author."""
    paper = Paper.objects.select_related("meeting", "meeting__group", "agenda_item").filter(pk=paper_pk).first()
    if paper is None:
        raise Http404("Not found")
    if not (has_capability(user, Capability.MANAGE_MEETINGS) or paper.author_id == user.pk):
        raise _refuse(user, f"paper {paper_pk}")
    return paper


def invitees(meeting: Meeting) -> list[User]:
    """Everyone invited: members of the group on the meeting's day, and named guests (two queries)."""
    day = meeting.local_date
    members = User.objects.filter(
        is_active=True,
        memberships__in=Membership.objects.current(on=day).filter(group_id=meeting.group_id),
    )
    people = {person.pk: person for person in members}
    for guest in meeting.guests.filter(is_active=True):
        people.setdefault(guest.pk, guest)
    return sorted(people.values(), key=lambda person: (person.full_name.lower(), person.pk))


def is_invited(user: Any, meeting: Meeting) -> bool:
    return invited_meetings(user).filter(pk=meeting.pk).exists()


# --- Papers and packs -----------------------------------------------------------------------------------

OPEN_MUST_FIX = Count("findings", filter=Q(findings__severity=PaperFinding.Severity.MUST_FIX,
                                          findings__acknowledged_at__isnull=True))


def papers_for(meeting: Meeting, *, include_held: bool = False) -> list[Paper]:
    """The meeting's papers with their visible current version (two queries). Each version has
    `open_must_fix`: its must-fix findings nobody has acknowledged."""
    versions = PaperVersion.objects.annotate(open_must_fix=OPEN_MUST_FIX).order_by("-number")
    if not include_held:
        versions = versions.filter(held=False)
    papers = list(
        Paper.objects.filter(meeting=meeting).select_related("author", "agenda_item", "current_version")
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="visible_versions"))
    )
    for paper in papers:
        paper.latest = paper.visible_versions[0] if paper.visible_versions else None
    return papers


def must_fix_blockers(meeting: Meeting, *, versions: list[int] | None = None) -> list[PaperVersion]:
    """Paper versions that stop the pack (or a late paper) going out: must-fix findings nobody has acknowledged
    and no override by the chair. By default the versions the pack would send (one query)."""
    candidates = PaperVersion.objects.filter(paper__meeting=meeting)
    if versions is None:
        candidates = candidates.filter(held=False, pk__in=Paper.objects.filter(meeting=meeting)
                                       .values("current_version"))
    else:
        candidates = candidates.filter(pk__in=versions)
    return list(candidates.filter(check_override__isnull=True).annotate(open_must_fix=OPEN_MUST_FIX)
                .filter(open_must_fix__gt=0).select_related("paper").order_by("paper__title"))


def unchecked_versions(meeting: Meeting) -> list[PaperVersion]:
    """Versions in the pack the check could not read (a scanned PDF...): they do not block, but say so."""
    return [version for version in PaperVersion.objects.filter(
        paper__meeting=meeting, held=False, pk__in=Paper.objects.filter(meeting=meeting).values("current_version"),
        check_report__isnull=False).select_related("paper") if (version.check_report or {}).get("error")]


def get_checked_version_for_user(user: Any, paper_pk: int, version_pk: int) -> PaperVersion:
    """A version whose check the person may see: the people who may download it, and the meeting's chair
    (who decides on late papers and overrides)."""
    version = (PaperVersion.objects.select_related("paper", "paper__author", "paper__meeting")
               .filter(pk=version_pk, paper_id=paper_pk).first())
    if version is None:
        raise Http404("Not found")
    meeting = get_meeting_for_user(user, version.paper.meeting_id)
    if version.held and not (has_capability(user, Capability.MANAGE_MEETINGS)
                             or user.pk in (version.paper.author_id, meeting.chair_id)):
        raise _refuse(user, f"check of held paper version {version_pk}")
    version.paper.meeting = meeting
    return version


def findings_for(version: PaperVersion) -> list[PaperFinding]:
    return list(version.findings.select_related("acknowledged_by").order_by("order"))


def may_acknowledge(user: Any, paper: Paper) -> bool:
    return has_capability(user, Capability.MANAGE_MEETINGS) or paper.author_id == user.pk


def agenda_for(meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting=meeting).select_related("lead"))


def pack_sent(meeting: Meeting) -> PackDispatch | None:
    """The first pack sent for the meeting, if any."""
    return meeting.dispatches.filter(kind=PackDispatch.Kind.PACK).order_by("requested_at").first()


def approved_late_pack(meeting: Meeting) -> LatePaperRequest | None:
    return meeting.late_requests.filter(kind=LatePaperRequest.Kind.LATE_PACK,
                                        status=LatePaperRequest.Status.APPROVED).first()


def recipients_of(dispatch: PackDispatch) -> QuerySet[PackRecipient]:
    return dispatch.recipients.select_related("person", "email").order_by("person__full_name")


def my_latest_recipient(meeting: Meeting, user: Any) -> PackRecipient | None:
    return (PackRecipient.objects.filter(dispatch__meeting=meeting, person=user)
            .exclude(dispatch__kind=PackDispatch.Kind.CANCELLATION)
            .order_by("-dispatch__requested_at").first())


def pending_late_requests_for_chair(user: Any) -> QuerySet[LatePaperRequest]:
    return LatePaperRequest.objects.filter(status=LatePaperRequest.Status.PENDING, meeting__chair=user)


def expected_papers_due(now: dt.datetime, within_days: int) -> list[tuple[Paper, dt.datetime]]:
    """Papers with no version yet whose meeting's deadline is in the next `within_days` days."""
    horizon = now + dt.timedelta(days=within_days + 40)  # meetings soon enough for a deadline in the window
    papers = (Paper.objects.filter(current_version__isnull=True, author__isnull=False,
                                   meeting__starts_at__gt=now, meeting__starts_at__lte=horizon)
              .exclude(meeting__status=Meeting.Status.CANCELLED)
              .select_related("author", "meeting", "meeting__group", "meeting__group__notice_rule"))
    due = []
    for paper in papers:
        deadline = papers_deadline(paper.meeting)
        if now < deadline <= now + dt.timedelta(days=within_days):
            due.append((paper, deadline))
    return due


# --- Decisions ------------------------------------------------------------------------------------------

def visible_decisions(user: Any) -> QuerySet[Decision]:
    decisions = Decision.objects.select_related("meeting", "meeting__group", "agenda_item", "owner")
    if has_capability(user, Capability.VIEW_DECISIONS):
        return decisions
    groups = Membership.objects.current().filter(person=user).values("group_id")
    return decisions.filter(meeting__group_id__in=groups)


def search_decisions(user: Any, *, query: str = "", group_id: int | None = None,
                     status: str = "") -> QuerySet[Decision]:
    """Simple search (icontains). PostgreSQL full-text search (SearchVector) is a later improvement."""
    decisions = visible_decisions(user)
    if query:
        decisions = decisions.filter(Q(title__icontains=query) | Q(decision__icontains=query)
                                     | Q(rationale__icontains=query))
    if group_id:
        decisions = decisions.filter(meeting__group_id=group_id)
    if status:
        decisions = decisions.filter(status=status)
    return decisions


def get_decision_for_user(user: Any, decision_pk: int) -> Decision:
    decision = visible_decisions(user).filter(pk=decision_pk).first()
    if decision is None:
        if Decision.objects.filter(pk=decision_pk).exists():
            raise _refuse(user, f"decision {decision_pk}")
        raise Http404("Not found")
    return decision


def upcoming(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return queryset.filter(ends_at__gte=timezone.now())
