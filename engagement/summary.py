"""The board's trail counts from a summary instead of the feedback table.

`TrailCount` holds feedback items (theme empty) and their theme links (theme set) counted by month heard,
locality and status: a few thousand rows whatever the volume of feedback. Database triggers raise
`TrailState.data_version` on any change to the rows behind the trail (migration 0005); `current_state()`
rebuilds the summary first when it counts an older version, so its figures always equal the raw rows.
Whole months of a period come from the summary; the days of a month cut by the period's start or end come
from the rows themselves (an indexed range of at most two months).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import FeedbackItem, TrailCount, TrailState

ThemeLink = FeedbackItem.themes.through
_LOCK = 0x7472_6169  # PostgreSQL advisory lock: one rebuild at a time


@dataclass(frozen=True)
class State:
    version: int
    token: str


def _as_date(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def current_state() -> State:
    """The version of the rows behind the trail (one query), rebuilding the summary first if it is older."""
    row = TrailState.objects.filter(pk=1).values_list("data_version", "summary_version", "token").first()
    if row is None:
        TrailState.objects.get_or_create(pk=1)
        return rebuild()
    version, built, token = row
    if version != built:
        return rebuild()
    return State(version, token)


def rebuild() -> State:
    """Count the rows again, in one transaction (two grouped reads and one bulk insert)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        state = TrailState.objects.select_for_update().get_or_create(pk=1)[0]
        if state.data_version == state.summary_version and state.token:
            return State(state.data_version, state.token)  # rebuilt while we waited
        version = state.data_version  # read before the rows: a change after this raises it again
        TrailCount.objects.all().delete()
        items = (FeedbackItem.objects.order_by().values("locality_id", "status", month=TruncMonth("heard_on"))
                 .annotate(n=Count("id")))
        links = (ThemeLink.objects.order_by()
                 .values("theme_id", locality=F("feedbackitem__locality_id"), status=F("feedbackitem__status"),
                         month=TruncMonth("feedbackitem__heard_on"))
                 .annotate(n=Count("id")))
        rows = [TrailCount(month=_as_date(r["month"]), locality_id=r["locality_id"], status=r["status"], n=r["n"])
                for r in items]
        rows += [TrailCount(month=_as_date(r["month"]), locality_id=r["locality"], status=r["status"],
                            theme_id=r["theme_id"], n=r["n"]) for r in links]
        TrailCount.objects.bulk_create(rows, batch_size=2000)
        token = uuid.uuid4().hex
        TrailState.objects.filter(pk=1).update(summary_version=version, token=token, rebuilt_at=timezone.now())
    return State(version, token)


def refresh_if_stale() -> bool:
    """For the schedule: rebuild now if the rows moved on, so the next board member does not wait."""
    row = TrailState.objects.filter(pk=1).values_list("data_version", "summary_version").first()
    if row is not None and row[0] == row[1]:
        return False
    rebuild()
    return True


def _month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def split_period(date_from: dt.date, date_to: dt.date) -> tuple[list[tuple[dt.date, dt.date]], dt.date | None,
                                                                   dt.date | None]:
    """The period as (edge spans counted from the rows, first and last whole month from the summary)."""
    edges: list[tuple[dt.date, dt.date]] = []
    first_whole = date_from if date_from.day == 1 else _month_end(date_from) + dt.timedelta(days=1)
    last_whole_end = date_to if date_to == _month_end(date_to) else date_to.replace(day=1) - dt.timedelta(days=1)
    if first_whole > last_whole_end:  # no whole month: at most two pieces of months
        start = date_from
        while start <= date_to:
            end = min(_month_end(start), date_to)
            edges.append((start, end))
            start = end + dt.timedelta(days=1)
        return edges, None, None
    if date_from < first_whole:
        edges.append((date_from, first_whole - dt.timedelta(days=1)))
    if last_whole_end < date_to:
        edges.append((last_whole_end + dt.timedelta(days=1), date_to))
    return edges, first_whole, last_whole_end.replace(day=1)


@dataclass
class Counts:
    """Items by (locality id, status) and theme links by (theme id, month, status), for a filter."""

    items: dict[tuple[int | None, str], int]
    links: dict[tuple[int, dt.date, str], int]


def _add(target: dict[Any, int], key: Any, n: int) -> None:
    target[key] = target.get(key, 0) + n


def _place(queryset: QuerySet[Any], field: str, *, locality: Any, county_wide: bool) -> QuerySet[Any]:
    if county_wide:
        return queryset.filter(**{f"{field}__isnull": True})
    if locality is not None:
        return queryset.filter(**{field: locality})
    return queryset


def trail_counts(*, date_from: dt.date, date_to: dt.date, locality: Any = None, county_wide: bool = False,
                 theme: Any = None) -> Counts:
    """The trail's counts for these filters: two summary reads and two row reads per cut month."""
    counts = Counts(items={}, links={})
    edges, first_month, last_month = split_period(date_from, date_to)
    if first_month is not None:
        summary = _place(TrailCount.objects.filter(month__gte=first_month, month__lte=last_month), "locality",
                         locality=locality, county_wide=county_wide).order_by()
        # With a theme chosen, its items are exactly its links (an item has a theme once).
        item_rows = summary.filter(theme=theme) if theme is not None else summary.filter(theme__isnull=True)
        for row in item_rows.values("locality_id", "status").annotate(total=Sum("n")):
            _add(counts.items, (row["locality_id"], row["status"]), row["total"])
        link_rows = summary.filter(theme=theme) if theme is not None else summary.filter(theme__isnull=False)
        for row in link_rows.values("theme_id", "month", "status").annotate(total=Sum("n")):
            _add(counts.links, (row["theme_id"], _as_date(row["month"]), row["status"]), row["total"])
    for start, end in edges:
        month = start.replace(day=1)
        items = _place(FeedbackItem.objects.filter(heard_on__gte=start, heard_on__lte=end), "locality",
                       locality=locality, county_wide=county_wide).order_by()
        if theme is not None:
            items = items.filter(Exists(ThemeLink.objects.filter(feedbackitem=OuterRef("pk"), theme=theme)))
        for row in items.values("locality_id", "status").annotate(total=Count("id")):
            _add(counts.items, (row["locality_id"], row["status"]), row["total"])
        links = _place(ThemeLink.objects.filter(Q(feedbackitem__heard_on__gte=start, feedbackitem__heard_on__lte=end)),
                       "feedbackitem__locality", locality=locality, county_wide=county_wide).order_by()
        if theme is not None:
            links = links.filter(theme=theme)
        for row in links.values("theme_id", status=F("feedbackitem__status")).annotate(total=Count("id")):
            _add(counts.links, (row["theme_id"], month, row["status"]), row["total"])
    return counts


def count_items(statuses: list[str], *, heard_before: dt.date | None = None) -> int:
    """How many feedback items have these statuses (heard before a date, if given). Whole months come from the
    summary when it is current (a few thousand rows whatever the volume), otherwise from the rows (never a
    rebuild here: the schedule and the trail do that); the days of a cut month always from the rows. The same
    number of queries either way, and always the exact figure."""
    row = TrailState.objects.filter(pk=1).values_list("data_version", "summary_version").first()
    fresh = row is not None and row[0] == row[1]
    month = heard_before.replace(day=1) if heard_before is not None else None
    if fresh:
        whole = TrailCount.objects.filter(theme__isnull=True, status__in=statuses)
        if month is not None:
            whole = whole.filter(month__lt=month)
        total = whole.aggregate(total=Sum("n"))["total"] or 0
    else:
        items = FeedbackItem.objects.filter(status__in=statuses)
        total = (items.filter(heard_on__lt=month) if month is not None else items).count()
    if month is not None:
        total += FeedbackItem.objects.filter(status__in=statuses, heard_on__gte=month,
                                             heard_on__lt=heard_before).count()
    return total
