"""The notice compliance report: per group and period, how many packs went out on time, the median days of
notice, and the late papers with their reasons. A pack is on time only when it went out by the deadline and
every person's formats did too (`formats.formats_on_time`). Five queries whatever the size."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

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


def notice_compliance(*, start: dt.date, end: dt.date, group_ids: list[int] | None = None) -> list[GroupCompliance]:
    """Meetings from `start` to `end` (inclusive, London dates), cancelled ones left out."""
    low, high = _bounds(start, end)
    meetings = (Meeting.objects.filter(starts_at__gte=low, starts_at__lt=high)
                .exclude(status=Meeting.Status.CANCELLED).select_related("group")
                .order_by("group__name", "starts_at"))
    if group_ids:
        meetings = meetings.filter(group_id__in=group_ids)
    meetings = list(meetings)
    ids = [meeting.pk for meeting in meetings]
    first_pack: dict[int, PackDispatch] = {}
    for dispatch in PackDispatch.objects.filter(meeting_id__in=ids, kind=PackDispatch.Kind.PACK).order_by(
            "requested_at"):
        first_pack.setdefault(dispatch.meeting_id, dispatch)
    formats_ok = formats_on_time(list(first_pack.values()))
    late_by_meeting: dict[int, list[LatePaperRequest]] = {}
    for request in (LatePaperRequest.objects.filter(meeting_id__in=ids, status=LatePaperRequest.Status.APPROVED)
                    .select_related("paper_version__paper").order_by("requested_at")):
        late_by_meeting.setdefault(request.meeting_id, []).append(request)

    rows: dict[int, GroupCompliance] = {}
    for meeting in meetings:
        row = rows.setdefault(meeting.group_id, GroupCompliance(meeting.group_id, meeting.group.name))
        row.meetings += 1
        pack = first_pack.get(meeting.pk)
        if pack is not None:
            row.packs_sent += 1
            row.on_time += 1 if pack.on_time and formats_ok[pack.pk] else 0
            row.formats_late += 1 if pack.on_time and not formats_ok[pack.pk] else 0
            row.notice_days.append(days_of_notice(pack.requested_at, meeting.starts_at))
        requests = late_by_meeting.get(meeting.pk, [])
        for request in requests:
            request.meeting = meeting
        row.late.extend(requests)
        row.late_meetings += 1 if meeting.late_papers else 0
    return list(rows.values())
