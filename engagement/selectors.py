"""Reads shared by the pages, the exports and the board paper. Each runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from coproduction.lookups import AnyOf
from coproduction.models import Locality
from meetings import selectors as meeting_selectors
from meetings.models import Decision, Meeting

from .consent import BOARD, shown_text
from .models import FeedbackDecisionLink, FeedbackItem, Theme, Update
from .summary import current_state, trail_counts

Status = FeedbackItem.Status
ThemeLink = FeedbackItem.themes.through
COUNTY_WIDE = "county"
WAITING_LIST_SIZE = 10
RANK_WINDOW = 200  # feedback search ranks the newest this many matches (the page says so when it is full)
SEARCH_PAGE_SIZE = 20  # matches shown a page


class Median(Aggregate):
    """PostgreSQL's PERCENTILE_CONT(0.5): the median in SQL."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class TrailFilters:
    date_from: dt.date
    date_to: dt.date
    locality: Locality | None = None
    county_wide_only: bool = False
    theme: Theme | None = None

    @classmethod
    def default(cls) -> TrailFilters:
        today = timezone.localdate()
        return cls(date_from=today.replace(day=1) - dt.timedelta(days=335), date_to=today)

    @property
    def place(self) -> str:
        if self.county_wide_only:
            return "County-wide feedback"
        return str(self.locality) if self.locality else "All localities"

    def as_dict(self) -> dict[str, Any]:
        return {
            "date_from": self.date_from.isoformat(), "date_to": self.date_to.isoformat(),
            "locality": COUNTY_WIDE if self.county_wide_only else (self.locality.pk if self.locality else ""),
            "theme": self.theme.pk if self.theme else "",
        }

    def by_month(self) -> bool:
        return (self.date_to - self.date_from).days <= 400


def _item_conditions(filters: TrailFilters, prefix: str = "") -> Q:
    """The filters as conditions on a feedback item, reached through `prefix` (e.g. "item__")."""
    condition = Q(**{f"{prefix}heard_on__gte": filters.date_from, f"{prefix}heard_on__lte": filters.date_to})
    if filters.county_wide_only:
        condition &= Q(**{f"{prefix}locality__isnull": True})
    elif filters.locality is not None:
        condition &= Q(**{f"{prefix}locality": filters.locality})
    if filters.theme is not None:
        item_ref = OuterRef(f"{prefix}pk") if prefix else OuterRef("pk")
        condition &= Q(Exists(ThemeLink.objects.filter(feedbackitem=item_ref, theme=filters.theme)))
    return condition


def filtered_feedback(filters: TrailFilters) -> QuerySet[FeedbackItem]:
    return FeedbackItem.objects.filter(_item_conditions(filters))


def _filtered_theme_links(filters: TrailFilters) -> QuerySet[Any]:
    """(item, theme) pairs of the filtered feedback; with a theme chosen, only that theme's pairs."""
    links = ThemeLink.objects.filter(feedbackitem__heard_on__gte=filters.date_from,
                                     feedbackitem__heard_on__lte=filters.date_to)
    if filters.county_wide_only:
        links = links.filter(feedbackitem__locality__isnull=True)
    elif filters.locality is not None:
        links = links.filter(feedbackitem__locality=filters.locality)
    if filters.theme is not None:
        links = links.filter(theme=filters.theme)
    return links


@dataclass
class Trail:
    filters: TrailFilters
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    informed: int = 0          # informed a decision (including those since told back)
    closed: int = 0            # told back, or not taken forward with the reason given back
    told_back: int = 0
    not_taken: int = 0
    open: int = 0
    audiences: list[dict[str, Any]] = field(default_factory=list)
    periods: list[dt.date] = field(default_factory=list)
    themes_over_time: list[dict[str, Any]] = field(default_factory=list)  # {"theme", "counts": [..]}
    localities: list[dict[str, Any]] = field(default_factory=list)
    median_days_to_decision: float | None = None
    median_days_to_told_back: float | None = None
    decision_sample: int = 0
    told_back_sample: int = 0
    chain: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    waiting: list[FeedbackItem] = field(default_factory=list)


def _periods(filters: TrailFilters) -> list[dt.date]:
    periods: list[dt.date] = []
    step = 1 if filters.by_month() else 3
    month = filters.date_from.month if step == 1 else 3 * ((filters.date_from.month - 1) // 3) + 1
    current = dt.date(filters.date_from.year, month, 1)
    while current <= filters.date_to:
        periods.append(current)
        month_index = current.month - 1 + step
        current = dt.date(current.year + month_index // 12, month_index % 12 + 1, 1)
    return periods


def feedback_trail(filters: TrailFilters) -> Trail:
    """Every figure of the board's feedback trail, in a fixed number of queries whatever the volume:

    the counts by locality, status, theme and month from the summary (`engagement.summary`: two reads, and
    two reads of the rows for each month the period cuts) with the names of localities and themes (two);
    then from the rows: items by group reached; the medians (PostgreSQL: PERCENTILE_CONT; SQLite: the day
    counts in one query); decisions per theme and their progress; decisions shaped by the feedback; the items
    waiting longest, with their themes (a second, prefetch query). The rendered figures are cached by filter
    and version (`engagement.reports.cached_trail`).

    Counts avoid DISTINCT where rows cannot repeat: an item has one locality and one event, an event lists
    a group reached once, an item is linked to a decision once.
    """
    trail = Trail(filters=filters)
    items = filtered_feedback(filters)
    informed_statuses = [Status.INFORMED, Status.TOLD_BACK]

    # 1 and 3. items by locality and status (the totals too); theme links by theme, month and status (the
    # chart over time and the chain's counts): from the summary, and the rows of months the period cuts
    current_state()  # rebuilds the summary first if the rows have changed since it was counted
    counts = trail_counts(date_from=filters.date_from, date_to=filters.date_to, locality=filters.locality,
                          county_wide=filters.county_wide_only, theme=filters.theme)
    locality_names = dict(Locality.objects.values_list("pk", "name"))
    theme_names = dict(Theme.objects.values_list("pk", "name"))
    localities: dict[str, dict[str, int]] = {}
    for (locality_id, status), n in counts.items.items():
        trail.by_status[status] = trail.by_status.get(status, 0) + n
        entry = localities.setdefault(locality_names.get(locality_id, "") if locality_id else "",
                                      {"total": 0, "closed": 0, "informed": 0})
        entry["total"] += n
        entry["closed"] += n if status in FeedbackItem.CLOSED_STATUSES else 0
        entry["informed"] += n if status in informed_statuses else 0
    trail.total = sum(trail.by_status.values())
    trail.told_back = trail.by_status.get(Status.TOLD_BACK, 0)
    trail.not_taken = trail.by_status.get(Status.NOT_TAKEN, 0)
    trail.informed = trail.by_status.get(Status.INFORMED, 0) + trail.told_back
    trail.closed = trail.told_back + trail.not_taken
    trail.open = trail.total - trail.closed
    trail.localities = [{"name": name or "County-wide", **entry} for name, entry in sorted(localities.items())]

    # 2. groups reached (through the event the feedback was heard at)
    trail.audiences = list(
        items.order_by().filter(event__audiences__isnull=False)
        .values("event__audiences__name", "event__audiences__order")
        .annotate(n=Count("id"))
        .order_by("event__audiences__order", "event__audiences__name")
    )

    trail.periods = _periods(filters)
    over_time: dict[str, dict[dt.date, int]] = {}
    chain: dict[str, dict[str, Any]] = {}
    for (theme_id, month, status), n in counts.links.items():
        name = theme_names.get(theme_id, "")
        by_period = over_time.setdefault(name, {})
        period = month if filters.by_month() else month.replace(month=3 * ((month.month - 1) // 3) + 1)
        by_period[period] = by_period.get(period, 0) + n
        link = chain.setdefault(name, {"theme__name": name, "heard": 0, "informed": 0, "told_back": 0,
                                       "not_taken": 0, "decisions": 0, "decisions_moving": 0, "decisions_done": 0})
        link["heard"] += n
        link["informed"] += n if status in informed_statuses else 0
        link["told_back"] += n if status == Status.TOLD_BACK else 0
        link["not_taken"] += n if status == Status.NOT_TAKEN else 0
    trail.themes_over_time = [
        {"theme": name, "counts": [by_period.get(p, 0) for p in trail.periods], "total": sum(by_period.values())}
        for name, by_period in sorted(over_time.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    ]

    # 4. medians
    if is_postgres():
        row = items.order_by().aggregate(
            to_decision=Median("days_to_decision"), to_told=Median("days_to_told_back"),
            n_decision=Count("days_to_decision"), n_told=Count("days_to_told_back"),
        )
        trail.median_days_to_decision, trail.median_days_to_told_back = row["to_decision"], row["to_told"]
        trail.decision_sample, trail.told_back_sample = row["n_decision"], row["n_told"]
    else:
        pairs = list(items.order_by().filter(
            Q(days_to_decision__isnull=False) | Q(days_to_told_back__isnull=False)
        ).values_list("days_to_decision", "days_to_told_back"))
        to_decision = [a for a, _ in pairs if a is not None]
        to_told = [b for _, b in pairs if b is not None]
        trail.decision_sample, trail.told_back_sample = len(to_decision), len(to_told)
        trail.median_days_to_decision = statistics.median(to_decision) if to_decision else None
        trail.median_days_to_told_back = statistics.median(to_told) if to_told else None

    # 5. decisions per theme, and how far they have got: one row per (theme, decision), counted here
    # (a GROUP BY is a hash aggregate in PostgreSQL; COUNT(DISTINCT) per theme would sort)
    decision = "feedbackitem__decision_links__decision"
    for row in (_filtered_theme_links(filters).order_by().filter(**{f"{decision}__isnull": False})
                .values("theme__name", decision, f"{decision}__status").annotate(n=Count("id"))):
        link = chain.get(row["theme__name"])
        if link is None:
            continue
        status = row[f"{decision}__status"]
        link["decisions"] += 1
        link["decisions_moving"] += 1 if status in ("in_progress", "done") else 0
        link["decisions_done"] += 1 if status == "done" else 0
    trail.chain = sorted(chain.values(), key=lambda c: (-c["heard"], c["theme__name"]))

    # 6. decisions the feedback shaped, with their progress and how many were told back
    trail.decisions = list(
        FeedbackDecisionLink.objects.filter(_item_conditions(filters, "item__")).order_by()
        .values("decision_id", "decision__title", "decision__status", "decision__decided_on")
        .annotate(items=Count("id"), told_back=Count("id", filter=Q(item__status=Status.TOLD_BACK)))
        .order_by("-decision__decided_on", "decision__title")[:25]
    )

    # 7-8. open items waiting longest, with their themes
    trail.waiting = list(
        items.filter(status__in=FeedbackItem.OPEN_STATUSES).select_related("locality")
        .prefetch_related("themes").order_by("heard_on", "pk")[:WAITING_LIST_SIZE]
    )
    return trail


def ranked_feedback_ids(items: QuerySet[FeedbackItem], query: str) -> list[int]:
    """The ids of the newest RANK_WINDOW feedback items whose words, themes or linked decisions match, best
    first. PostgreSQL: full-text search on the stored vector, ranked (ties newest first); reading only the
    newest matches keeps the cost the same however much feedback there is. Elsewhere: a case-insensitive match
    on every word, newest first."""
    query = query.strip()
    if not query:
        return []
    if is_postgres():
        search = SearchQuery(query, config="english", search_type="websearch")
        ranked = (items.filter(search_vector=search).order_by("-heard_on", "-pk")
                  .annotate(rank=SearchRank(F("search_vector"), search)).values_list("pk", "rank")[:RANK_WINDOW])
        return [pk for pk, _ in sorted(ranked, key=lambda row: -row[1])]  # a stable sort: ties stay newest first
    condition = Q()
    for word in query.split()[:10]:
        condition &= Q(search_document__icontains=word)
    return list(items.filter(condition).order_by("-heard_on", "-pk").values_list("pk", flat=True)[:RANK_WINDOW])


def search_feedback(items: QuerySet[FeedbackItem], query: str, *, limit: int = SEARCH_PAGE_SIZE
                    ) -> QuerySet[FeedbackItem]:
    """The `limit` best matches of ranked_feedback_ids, best first."""
    best = ranked_feedback_ids(items, query)[:limit]
    if is_postgres():
        search = SearchQuery(query.strip(), config="english", search_type="websearch")
        return (items.filter(pk__in=best).annotate(rank=SearchRank(F("search_vector"), search))
                .order_by("-rank", "-heard_on", "-pk"))
    return items.filter(pk__in=best).order_by("-heard_on", "-pk")


def links_for_decision(decision: Any) -> QuerySet[FeedbackDecisionLink]:
    return (FeedbackDecisionLink.objects.filter(decision=decision)
            .select_related("item", "item__locality").prefetch_related("item__themes")
            .order_by("-item__heard_on", "pk"))


def links_for_item(item: FeedbackItem) -> QuerySet[FeedbackDecisionLink]:
    return (FeedbackDecisionLink.objects.filter(item=item)
            .select_related("decision", "decision__meeting", "decision__meeting__group", "linked_by"))


def open_selection(*, theme: Theme, locality: Locality | None, county_wide: bool = False) -> QuerySet[FeedbackItem]:
    """Open feedback (heard or being considered) on a theme, in a locality: for linking as a group."""
    items = FeedbackItem.objects.filter(themes=theme, status__in=[Status.HEARD, Status.CONSIDERING])
    if county_wide:
        items = items.filter(locality__isnull=True)
    elif locality is not None:
        items = items.filter(locality=locality)
    return items.order_by("heard_on", "pk")


def update_suggestion(*, locality: Locality | None, theme: Theme | None) -> dict[str, Any]:
    """Material for a "you said, we did" update: the themes people raised and the decisions they shaped
    (three queries). Quotes only from people who agreed to be quoted publicly."""
    links = FeedbackDecisionLink.objects.select_related("decision", "item")
    if locality is not None:
        links = links.filter(item__locality=locality)
    if theme is not None:
        links = links.filter(item__themes=theme)
    links = list(links.order_by("-decision__decided_on")[:200])
    decisions: dict[int, Any] = {}
    for link in links:
        decisions.setdefault(link.decision_id, link.decision)
    quotes = [shown_text(link.item, BOARD) for link in links
              if link.item.consent == FeedbackItem.Consent.QUOTE][:3]
    return {"decisions": list(decisions.values())[:10], "quotes": quotes, "items": len({li.item_id for li in links})}


def published_updates() -> QuerySet[Any]:
    return Update.objects.filter(status=Update.Status.PUBLISHED).select_related("locality", "theme").prefetch_related(
        "decisions").order_by("-published_at")


def with_feedback_counts(events: QuerySet[Any]) -> QuerySet[Any]:
    """Annotate `items` (how much feedback was heard there) on events: a subquery a row, read for the rows
    shown only (after the ordering and the page's limit), never a count for every event."""
    heard = (FeedbackItem.objects.filter(event=OuterRef("pk")).order_by().values("event")
             .annotate(n=Count("pk")).values("n"))
    return events.annotate(items=Coalesce(Subquery(heard), 0))


# What a list row of feedback shows (the words as consent allows, date, place, status, who logged it).
ROW_FIELDS = ("heard_on", "status", "consent", "text", "summary", "logged_by_id", "event_id", "locality__name")


def feedback_rows(items: QuerySet[FeedbackItem], *, themes: bool = True) -> QuerySet[FeedbackItem]:
    """Feedback for a list: the columns a row shows, its locality and (with `themes`) `theme_names` ("Housing,
    Money", in the themes' order), all in one query (a subquery a row, never the whole table's links)."""
    rows = items.select_related(None).select_related("locality").only(*ROW_FIELDS)
    if not themes:
        return rows
    order = {"order_by": ("theme__order", "theme__name")} if connection.features.supports_aggregate_order_by_clause \
        else {}
    names = (ThemeLink.objects.filter(feedbackitem=OuterRef("pk")).order_by().values("feedbackitem")
             .annotate(names=StringAgg("theme__name", Value(", "), **order)).values("names"))
    return rows.annotate(theme_names=Subquery(names))


DECISION_STATUSES = dict(Decision.Status.choices)


def matching_decision_lines(decisions: QuerySet[Decision], query: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """The `limit` best decisions for a search, as `decision_lines`. On PostgreSQL only the window's ids are
    ranked and only the lines shown are read (two queries)."""
    if is_postgres() and meeting_selectors.query_words(query):
        best = meeting_selectors.ranked_decision_ids(decisions, query)[:limit]
        if not best:
            return []
        return decision_lines(Decision.objects.filter(AnyOf(F("pk"), best))
                              .order_by(meeting_selectors.in_order_of(best)))
    return decision_lines(meeting_selectors.search_decisions(decisions, query=query)[:limit])


def decision_lines(decisions: QuerySet[Decision]) -> list[dict[str, Any]]:
    """A (sliced) list of decisions as the values a line shows: title, date, status and the group's name. The
    name is a subquery a row, read after any ordering and limit (a join would read every meeting)."""
    group_name = Meeting.objects.filter(pk=OuterRef("meeting_id")).order_by().values("group__name")
    rows = (decisions.select_related(None).prefetch_related(None).annotate(group_name=Subquery(group_name))
            .values("pk", "title", "decided_on", "status", "group_name"))
    return [{**row, "status_label": DECISION_STATUSES.get(row["status"], row["status"])} for row in rows]
