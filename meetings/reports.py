"""The notice compliance report: per group and period, how many packs went out on time, the median days of
notice, and the late papers with their reasons (the newest of each group). A pack is on time only when it
went out by the deadline and every person's formats did too (`formats.formats_on_time`). Five queries
whatever the size."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber

from .deadlines import LONDON, days_of_notice
from .formats import formats_on_time
from .models import LatePaperRequest, Meeting, PackDispatch


@dataclass
class GroupCompliance:
    group_id: int
    group_name: str
    meetings: int = 0
    packs_sent: int = 0
    on_time: int = 0
    notice_days: list[int] = field(default_factory=list)
    late: list[LatePaperRequest] = field(default_factory=list)
    late_meetings: int = 0
    late_count: int = 0
    formats_late: int = 0  # packs that went out on time but someone's formats did not

    @property
    def share_on_time(self) -> Decimal | None:
        """Percentage of packs sent on time, to one decimal place (half up)."""
        if not self.packs_sent:
            return None
        return (Decimal(self.on_time) * 100 / Decimal(self.packs_sent)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def median_notice_days(self) -> float | None:
        return statistics.median(self.notice_days) if self.notice_days else None


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(start, dt.time.min, tzinfo=LONDON),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON))


LATE_SHOWN = 10  # late papers listed per group (the newest); the count covers them all


def notice_compliance(*, start: dt.date, end: dt.date, group_ids: list[int] | None = None) -> list[GroupCompliance]:
    """Meetings from `start` to `end` (inclusive, London dates), cancelled ones left out. Five queries whatever
    the size: one row of plain values per meeting (its first pack by subquery), the formats of those packs
    (two), the late papers counted per group, and the newest LATE_SHOWN late papers of each group."""
    low, high = _bounds(start, end)
    meetings = (Meeting.objects.filter(starts_at__gte=low, starts_at__lt=high)
                .exclude(status=Meeting.Status.CANCELLED))
    if group_ids:
        meetings = meetings.filter(group_id__in=group_ids)
    first_pack = PackDispatch.objects.filter(meeting=OuterRef("pk"), kind=PackDispatch.Kind.PACK).order_by(
        "requested_at")
    found = list(meetings.order_by("group__name", "starts_at")
                 .annotate(sent_at=Subquery(first_pack.values("requested_at")[:1]),
                           on_time_first=Subquery(first_pack.values("on_time")[:1]),
                           pack_id=Subquery(first_pack.values("pk")[:1]))
                 .values_list("group_id", "group__name", "starts_at", "late_papers", "sent_at", "on_time_first",
                              "pack_id"))
    packs = list(PackDispatch.objects.filter(pk__in=[row[6] for row in found if row[6] is not None])
                 .only("pk", "meeting_id"))
    formats_ok = formats_on_time(packs)
    rows: dict[int, GroupCompliance] = {}
    for group_id, group_name, starts_at, late_papers, sent_at, on_time, pack_id in found:
        row = rows.setdefault(group_id, GroupCompliance(group_id, group_name))
        row.meetings += 1
        if sent_at is not None:
            row.packs_sent += 1
            row.on_time += 1 if on_time and formats_ok[pack_id] else 0
            row.formats_late += 1 if on_time and not formats_ok[pack_id] else 0
            row.notice_days.append(days_of_notice(sent_at, starts_at))
        row.late_meetings += 1 if late_papers else 0
    late = LatePaperRequest.objects.filter(meeting__in=meetings, status=LatePaperRequest.Status.APPROVED)
    for group_id, n in late.order_by().values("meeting__group_id").annotate(n=Count("id")).values_list(
            "meeting__group_id", "n"):
        if group_id in rows:
            rows[group_id].late_count = n
    newest = (late.annotate(rank=Window(RowNumber(), partition_by=F("meeting__group_id"),
                                        order_by=[F("requested_at").desc(), F("pk").desc()]))
              .filter(rank__lte=LATE_SHOWN).select_related("meeting", "paper_version__paper")
              .order_by("meeting__group_id", "requested_at", "pk"))
    for request in newest:
        rows[request.meeting.group_id].late.append(request)
    return list(rows.values())
