"""The notice compliance report: per group and period, how many packs went out on time, the median days of
notice, and the late papers with their reasons (the newest of each group). A pack is on time only when it
went out by the deadline and every person's formats did too (`formats.formats_late`). Five queries
whatever the size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import RowNumber, TruncDate

from coproduction import keeping

from .deadlines import LONDON
from .formats import formats_late
from .models import LatePaperRequest, Meeting, PackDispatch


@dataclass
class GroupCompliance:
    group_id: int
    group_name: str
    meetings: int = 0
    packs_sent: int = 0
    on_time: int = 0
    notice_median: float | None = None  # the median of the days of notice of the packs sent
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
        return self.notice_median


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(start, dt.time.min, tzinfo=LONDON),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON))


LATE_SHOWN = 10  # late papers listed per group (the newest); the count covers them all


class LondonDaysBetween(Func):
    """Whole days from the London date of the first datetime to the London date of the second (the SQL twin
    of `deadlines.days_of_notice`, which the tests hold it to)."""

    output_field = IntegerField()

    def __init__(self, earlier: Any, later: Any) -> None:
        super().__init__(TruncDate(later, tzinfo=LONDON), TruncDate(earlier, tzinfo=LONDON))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # PostgreSQL: date - date is days
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)",
                              arg_joiner=") - julianday(", **extra)


def _median_of_counts(counts: dict[int, int]) -> float | None:
    """statistics.median of a list given as {value: how many times it occurs}."""
    total = sum(counts.values())
    if not total:
        return None

    def at(index: int) -> int:
        seen = 0
        for value in sorted(counts):
            seen += counts[value]
            if index < seen:
                return value
        raise IndexError(index)

    low, high = at((total - 1) // 2), at(total // 2)
    return low if low == high else (low + high) / 2


def notice_compliance(*, start: dt.date, end: dt.date, group_ids: list[int] | None = None) -> list[GroupCompliance]:
    """Meetings from `start` to `end` (inclusive, London dates), cancelled ones left out. Counted in the
    database by group (five queries whatever the number of meetings): each meeting's first pack by subquery,
    whether it went out on time and with everyone's formats (`formats.formats_late`), the days of notice
    counted by value, the late papers counted per group, and the newest LATE_SHOWN late papers of each group."""
    low, high = _bounds(start, end)
    meetings = (Meeting.objects.filter(starts_at__gte=low, starts_at__lt=high)
                .exclude(status=Meeting.Status.CANCELLED))
    if group_ids:
        meetings = meetings.filter(group_id__in=group_ids)
    first_pack = PackDispatch.objects.filter(meeting=OuterRef("pk"), kind=PackDispatch.Kind.PACK).order_by(
        "requested_at", "pk")
    with_pack = meetings.order_by().annotate(
        pack_id=Subquery(first_pack.values("pk")[:1]), sent_at=Subquery(first_pack.values("requested_at")[:1]),
        on_time_first=Subquery(first_pack.values("on_time")[:1]),
    ).annotate(formats_late=ExpressionWrapper(formats_late(dispatch=OuterRef("pack_id"), meeting=OuterRef("pk")),
                                              output_field=BooleanField()))
    sent = Q(pack_id__isnull=False)
    rows: dict[int, GroupCompliance] = {}
    for row in (with_pack.values("group_id", "group__name").annotate(
            n=Count("pk"), sent=Count("pk", filter=sent), late_meetings=Count("pk", filter=Q(late_papers=True)),
            on_time=Count("pk", filter=sent & Q(on_time_first=True, formats_late=False)),
            formats_late_n=Count("pk", filter=sent & Q(on_time_first=True, formats_late=True)))
            .order_by("group__name")):
        rows[row["group_id"]] = GroupCompliance(
            row["group_id"], row["group__name"], meetings=row["n"], packs_sent=row["sent"], on_time=row["on_time"],
            late_meetings=row["late_meetings"], formats_late=row["formats_late_n"])
    notice: dict[int, dict[int, int]] = {}
    for group_id, days, n in (with_pack.filter(sent).annotate(days=LondonDaysBetween(F("sent_at"), F("starts_at")))
                              .values("group_id", "days").annotate(n=Count("pk")).values_list("group_id", "days", "n")):
        notice.setdefault(group_id, {})[days] = n
    for group_id, counts in notice.items():
        rows[group_id].notice_median = _median_of_counts(counts)
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


@dataclass
class CountedReport:
    rows: list[GroupCompliance]
    counted_at: dt.datetime  # when the figures were counted (they may be up to REPORT_CACHE_SECONDS old)
    recount_seconds: int

    @property
    def recount_minutes(self) -> str:
        minutes = max(1, round(self.recount_seconds / 60))
        return "minute" if minutes == 1 else f"{minutes} minutes"


def notice_compliance_counted(*, start: dt.date, end: dt.date, not_before: float = 0.0) -> CountedReport:
    """`notice_compliance` for the whole alliance, kept in the cache for REPORT_CACHE_SECONDS per period, so
    many readers cost one count however many meetings the period holds; never from before the reader's own last
    change (`not_before`, `coproduction.keeping`)."""
    seconds = getattr(settings, "REPORT_CACHE_SECONDS", 120)
    found = keeping.kept(f"notice-compliance:{start.isoformat()}:{end.isoformat()}",
                         lambda: notice_compliance(start=start, end=end), seconds=seconds, not_before=not_before)
    return CountedReport(found.value, dt.datetime.fromtimestamp(found.worked_out_at, tz=dt.UTC), seconds)
