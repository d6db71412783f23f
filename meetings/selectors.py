"""Reads shared by views, tasks and reports, and the "may this person see this?" helpers.

Who is invited to a meeting: the group's members whose membership is current on the meeting's date, plus
the meeting's named guests. Who may see a meeting: those invited, the co-production manager (all meetings),
and board members (every meeting of a board). Everyone else gets 404; refusals are recorded.
"""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import BigIntegerField, Count, F, Func, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from coproduction.lookups import AnyOf
from coproduction.models import Membership, OutgoingEmail, User

from .models import (
    AgendaItem,
    Decision,
    LatePaperRequest,
    Meeting,
    PackDispatch,
    PackRecipient,
    Paper,
    PaperFinding,
    PaperVersion,
)

# --- Who is invited ------------------------------------------------------------------------


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


def findings_for(version: PaperVersion) -> list[PaperFinding]:
    return list(version.findings.select_related("acknowledged_by").order_by("order"))


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


def dispatch_counts(dispatch: PackDispatch, recipients: list[PackRecipient]) -> dict[str, int]:
    """How many copies are sent, waiting, being retried, could not be sent, and read. While the dispatch is
    still being prepared, the people invited who have no copy yet count as waiting."""
    counts = {"sent": 0, "waiting": 0, "retrying": 0, "failed": 0, "read": 0}
    bucket = {"sent": "sent", "failed": "failed", "retrying": "retrying"}
    for recipient in recipients:
        status = recipient.email.status if recipient.email else "queued"
        counts[bucket.get(status, "waiting")] += 1
        counts["read"] += 1 if recipient.read_at else 0
    if dispatch.completed_at is None:
        counts["waiting"] += max(0, len(invitees(dispatch.meeting)) - len(recipients))
    counts["total"] = counts["sent"] + counts["waiting"] + counts["retrying"] + counts["failed"]
    return counts


def failed_copies(dispatch: PackDispatch) -> QuerySet[OutgoingEmail]:
    return OutgoingEmail.objects.filter(pk__in=dispatch.recipients.values("email_id"),
                                        status=OutgoingEmail.Status.FAILED)


def dispatches_with_failures(since: dt.datetime) -> QuerySet[PackDispatch]:
    """Dispatches (for meetings not yet past) with copies that could not be sent, each with `failed` counted."""
    return (PackDispatch.objects.filter(meeting__starts_at__gte=since)
            .annotate(failed=Count("recipients", filter=Q(recipients__email__status=OutgoingEmail.Status.FAILED)))
            .filter(failed__gt=0).select_related("meeting").order_by("meeting__starts_at"))


def my_latest_recipient(meeting: Meeting, user: Any) -> PackRecipient | None:
    return (PackRecipient.objects.filter(dispatch__meeting=meeting, person=user)
            .exclude(dispatch__kind=PackDispatch.Kind.CANCELLATION)
            .order_by("-dispatch__requested_at").first())


def expected_papers_due(now: dt.datetime, within_days: int) -> list[tuple[Paper, dt.datetime]]:
    """Papers with no version yet whose meeting's deadline is in the next `within_days` days."""
    horizon = now + dt.timedelta(days=within_days + 40)  # meetings soon enough for a deadline in the window
    papers = (Paper.objects.filter(current_version__isnull=True, author__isnull=False,
                                   meeting__starts_at__gt=now, meeting__starts_at__lte=horizon)
              .exclude(meeting__status=Meeting.Status.CANCELLED)
              .select_related("author", "meeting", "meeting__group", "meeting__group__notice_rule"))
    due = []
    for paper in papers:
        deadline = paper.meeting.deadline
        if now < deadline <= now + dt.timedelta(days=within_days):
            due.append((paper, deadline))
    return due


# --- Decisions ------------------------------------------------------------------------------------------


# The words of a decision that search reads, in order of weight (the title counts most), then its meeting's
# title. On PostgreSQL they are stored, already weighted, in Decision.search_vector by the triggers of
# migrations 0012 and 0013 (which spell out the same expression).
DECISION_TEXT = (("title", "A"), ("decision", "B"), ("rationale", "C"))
SEARCH_CONFIG = "english"
SEARCH_WINDOW = 200  # a search reads and ranks the newest this many matches (the page says so when it is full)


def query_words(query: str) -> list[str]:
    """The words of a search, without the quotes and signs people type around them."""
    return [word for word in (part.strip("\"'\u2018\u2019\u201c\u201d-+.,;:!?()") for part in query.split()) if word]


def in_order_of(ids: list[int]) -> Func:
    """An ordering: rows by their id's place in `ids` (PostgreSQL)."""
    return Func(Value(ids, output_field=ArrayField(BigIntegerField())), F("pk"), function="array_position")


def ranked_decision_ids(decisions: QuerySet[Decision], query: str) -> list[int]:
    """PostgreSQL: the ids of the newest SEARCH_WINDOW decisions whose words match, best first (ties newest
    first). One query on the stored vectors' GIN index: each decision's vector holds its title (weight A), what
    was decided (B), why (C) and its meeting's title (D), kept by the triggers of migrations 0012 and 0013, so a
    common word costs the same however many decisions there are and no text is parsed again."""
    search = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    newest = (decisions.filter(search_vector=search).order_by("-decided_on", "-pk")
              .annotate(rank=SearchRank(F("search_vector"), search))
              .values_list("pk", "rank", "decided_on")[:SEARCH_WINDOW])
    return [pk for pk, _rank, _on in sorted(newest, key=lambda row: (-row[1], -row[2].toordinal(), row[0]))]


def search_decisions(decisions: QuerySet[Decision], *, query: str = "", group_id: int | None = None,
                     status: str = "") -> QuerySet[Decision]:
    """Decisions matching the search, best first.

    On PostgreSQL: full-text search (English stemming, so "meetings" finds "meeting"; web-search syntax:
    "a phrase", -word, or) over the title, what was decided, why, and the meeting's title, ranked with the
    title counting most. Elsewhere (SQLite): every word of the search appears, in any order and any case, in
    one of those fields."""
    if group_id:
        decisions = decisions.filter(meeting__group_id=group_id)
    if status:
        decisions = decisions.filter(status=status)
    if not query_words(query):  # nothing but spaces and signs: no search
        return decisions
    if connections[decisions.db].vendor == "postgresql":
        best = ranked_decision_ids(decisions, query)
        if not best:
            return Decision.objects.none()
        # In that order; the meetings and groups shown are read for the page's rows only (a join would read
        # every meeting to find those of the window's decisions).
        # `best` holds only decisions this reader may see, so they are read by id alone (the reader's filters
        # were applied once, above).
        return (Decision.objects.filter(AnyOf(F("pk"), best)).select_related("owner")
                .defer("search_vector")
                .prefetch_related(Prefetch("meeting", queryset=Meeting.objects.defer("search_vector")
                                           .select_related("group")))
                .order_by(in_order_of(best)))
    fields = [field for field, _weight in DECISION_TEXT] + ["meeting__title"]
    for word in query_words(query):
        decisions = decisions.filter(reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)))
    return decisions


def upcoming(queryset: QuerySet[Meeting], now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings not yet ended, soonest first. They are found through the `ends_at` index and then put in order
    of their start (a sort of the meetings still to come only): ordering by the bare `starts_at` would let
    PostgreSQL walk the start-time index through every past meeting before reaching the first one to come."""
    return (queryset.filter(ends_at__gte=now or timezone.now())
            .order_by(Coalesce("starts_at", "ends_at"), "pk"))  # = starts_at, which is never empty


def past(queryset: QuerySet[Meeting], now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings that have ended. Every one started before now (a meeting ends after it starts), which lets a list
    newest first begin at now instead of walking the meetings still to come."""
    now = now or timezone.now()
    return queryset.filter(ends_at__lt=now, starts_at__lt=now)


def with_paper_counts(meetings: list[Meeting]) -> list[Meeting]:
    """Set `paper_count` (papers with a version) on these meetings: one grouped query for the meetings shown,
    never a count for every meeting before paging."""
    counts = dict(Paper.objects.filter(meeting__in=[m.pk for m in meetings], current_version__isnull=False)
                  .order_by().values("meeting").annotate(n=Count("id")).values_list("meeting", "n"))
    for meeting in meetings:
        meeting.paper_count = counts.get(meeting.pk, 0)
    return meetings
