"""The trail's summary and its cache: on random feedback, every count the trail shows equals the count made
from the raw rows, for random filters, before and after the rows change by every route (services, bulk
writes, queryset updates, theme links removed, deletions)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduction.models import Locality
from engagement import reports, summary
from engagement.consent import count_label
from engagement.models import FeedbackItem, Theme, TrailCount, TrailState
from engagement.selectors import TrailFilters, feedback_trail
from tests.factories import LocalityFactory

from .factories import FeedbackFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)
ThemeLink = FeedbackItem.themes.through
Status = FeedbackItem.Status
STATUSES = [s.value for s in Status]


def _random_feedback(rng: random.Random, n: int) -> None:
    localities = [LocalityFactory() for _ in range(3)]
    themes = list(Theme.objects.all())
    items = FeedbackItem.objects.bulk_create([
        FeedbackItem(heard_on=TODAY - dt.timedelta(days=rng.randint(0, 800)), consent="quote", text="Said.",
                     locality=rng.choice([*localities, None]), status=rng.choice(STATUSES))
        for _ in range(n)
    ])
    ThemeLink.objects.bulk_create([
        ThemeLink(feedbackitem_id=item.pk, theme_id=t.pk)
        for item in items for t in rng.sample(themes, rng.choice([0, 1, 1, 2, 3]))
    ])


def _raw(filters: TrailFilters) -> dict:
    """The figures counted in Python from every row, the slow and obvious way."""
    by_status: dict[str, int] = {}
    by_locality: dict[str, list[int]] = {}
    by_theme: dict[str, dict[str, int]] = {}
    by_theme_period: dict[tuple[str, dt.date], int] = {}
    for item in FeedbackItem.objects.select_related("locality").prefetch_related("themes"):
        if not filters.date_from <= item.heard_on <= filters.date_to:
            continue
        if filters.county_wide_only and item.locality_id is not None:
            continue
        if filters.locality is not None and item.locality_id != filters.locality.pk:
            continue
        names = [t.name for t in item.themes.all()]
        if filters.theme is not None and filters.theme.name not in names:
            continue
        by_status[item.status] = by_status.get(item.status, 0) + 1
        place = by_locality.setdefault(item.locality.name if item.locality else "County-wide", [0, 0, 0])
        place[0] += 1
        place[1] += item.status in (Status.INFORMED, Status.TOLD_BACK)
        place[2] += item.status in FeedbackItem.CLOSED_STATUSES
        month = item.heard_on.replace(day=1)
        period = month if filters.by_month() else month.replace(month=3 * ((month.month - 1) // 3) + 1)
        for name in names:
            if filters.theme is not None and name != filters.theme.name:
                continue
            counts = by_theme.setdefault(name, {"heard": 0, "informed": 0, "told_back": 0, "not_taken": 0})
            counts["heard"] += 1
            counts["informed"] += item.status in (Status.INFORMED, Status.TOLD_BACK)
            counts["told_back"] += item.status == Status.TOLD_BACK
            counts["not_taken"] += item.status == Status.NOT_TAKEN
            by_theme_period[(name, period)] = by_theme_period.get((name, period), 0) + 1
    return {"by_status": by_status, "by_locality": by_locality, "by_theme": by_theme,
            "by_theme_period": by_theme_period}


def _shown(trail) -> dict:  # type: ignore[no-untyped-def]
    by_theme_period = {}
    for row in trail.themes_over_time:
        for period, n in zip(trail.periods, row["counts"], strict=True):
            if n:
                by_theme_period[(row["theme"], period)] = n
    return {
        "by_status": {k: v for k, v in trail.by_status.items() if v},
        "by_locality": {r["name"]: [r["total"], r["informed"], r["closed"]] for r in trail.localities},
        "by_theme": {c["theme__name"]: {k: c[k] for k in ("heard", "informed", "told_back", "not_taken")}
                     for c in trail.chain},
        "by_theme_period": by_theme_period,
    }


def _random_filters(rng: random.Random) -> TrailFilters:
    start = TODAY - dt.timedelta(days=rng.randint(0, 800))
    end = min(TODAY, start + dt.timedelta(days=rng.choice([0, 3, 27, 40, 200, 365, 700])))
    place = rng.random()
    locality = Locality.objects.order_by("?").first() if place < 0.3 else None
    theme = Theme.objects.order_by("?").first() if rng.random() < 0.3 else None
    return TrailFilters(date_from=start, date_to=end, locality=locality, county_wide_only=0.3 <= place < 0.45,
                        theme=theme)


def _check(rng: random.Random, rounds: int) -> None:
    for _ in range(rounds):
        filters = _random_filters(rng)
        assert _shown(feedback_trail(filters)) == _raw(filters), filters
        # through the cache too (the page's path)
        assert _shown_model(reports.cached_trail(filters).model) == _raw_labels(filters), filters


def _shown_model(model: dict) -> dict:
    return {"headline": model["headline"][0], "status_rows": model["status_rows"]}


def _raw_labels(filters: TrailFilters) -> dict:
    raw = _raw(filters)
    return {"headline": ("Feedback heard", count_label(sum(raw["by_status"].values()))),
            "status_rows": [(label, count_label(raw["by_status"].get(value, 0)))
                            for value, label in Status.choices]}


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_the_trail_counts_equal_the_raw_rows_on_random_data_as_the_rows_change(manager) -> None:
    rng = random.Random(20261202)
    _random_feedback(rng, 400)
    _check(rng, 25)

    # a status moved without the model's save (as transition() does): a queryset update
    moved = list(FeedbackItem.objects.order_by("?").values_list("pk", flat=True)[:60])
    FeedbackItem.objects.filter(pk__in=moved).update(status=Status.TOLD_BACK)
    # theme links removed and added in bulk; items deleted; an item moved to another month and place
    ThemeLink.objects.filter(feedbackitem_id__in=moved[:20]).delete()
    FeedbackItem.objects.filter(pk__in=moved[20:30]).delete()
    FeedbackItem.objects.filter(pk__in=moved[30:40]).update(heard_on=TODAY - dt.timedelta(days=3), locality=None)
    # and through the factories' ordinary saves
    for _ in range(15):
        FeedbackFactory(heard_on=TODAY - dt.timedelta(days=rng.randint(0, 400)))
    _check(rng, 25)


def test_a_change_by_any_route_raises_the_version_and_the_summary_follows(manager) -> None:
    state = summary.current_state()
    item = FeedbackFactory()
    after_create = summary.current_state()
    assert after_create.version > state.version
    assert TrailCount.objects.filter(theme__isnull=True).values_list("n", flat=True).get() == 1
    FeedbackItem.objects.filter(pk=item.pk).update(status=Status.NOT_TAKEN)
    row = TrailState.objects.get(pk=1)
    assert row.data_version > row.summary_version  # stale until read
    summary.current_state()
    assert TrailCount.objects.filter(theme__isnull=True).get().status == Status.NOT_TAKEN
    assert summary.refresh_if_stale() is False


def test_whole_months_come_from_the_summary_and_cut_months_from_the_rows() -> None:
    edges, first, last = summary.split_period(dt.date(2025, 6, 15), dt.date(2026, 6, 15))
    assert edges == [(dt.date(2025, 6, 15), dt.date(2025, 6, 30)), (dt.date(2026, 6, 1), dt.date(2026, 6, 15))]
    assert (first, last) == (dt.date(2025, 7, 1), dt.date(2026, 5, 1))
    assert summary.split_period(dt.date(2025, 1, 1), dt.date(2025, 3, 31)) == ([], dt.date(2025, 1, 1),
                                                                               dt.date(2025, 3, 1))
    assert summary.split_period(dt.date(2025, 1, 20), dt.date(2025, 2, 3)) == (
        [(dt.date(2025, 1, 20), dt.date(2025, 1, 31)), (dt.date(2025, 2, 1), dt.date(2025, 2, 3))], None, None)
    assert summary.split_period(dt.date(2024, 2, 29), dt.date(2024, 2, 29))[0] == [(dt.date(2024, 2, 29),
                                                                                   dt.date(2024, 2, 29))]


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_the_page_serves_cached_figures_until_the_rows_change(client_for, board_member) -> None:
    FeedbackFactory.create_batch(6, heard_on=TODAY - dt.timedelta(days=20))
    client = client_for(board_member)
    first = client.get(reverse("engagement:trail")).content.decode()
    assert "<td class=\"govuk-table__cell govuk-table__cell--numeric\">6</td>" in first or ">6<" in first
    with CaptureQueriesContext(connection) as cached:
        again = client.get(reverse("engagement:trail")).content.decode()
    assert _figures(again) == _figures(first)
    tables = ("engagement_feedbackitem", "engagement_trailcount", "engagement_feedbackdecisionlink")
    assert not [q for q in cached.captured_queries if any(f'"{t}"' in q["sql"] for t in tables)]
    FeedbackFactory.create_batch(4, heard_on=TODAY - dt.timedelta(days=20))
    changed = client.get(reverse("engagement:trail")).content.decode()
    assert ">10<" in changed and _figures(changed) != _figures(first)


def _figures(page: str) -> str:
    start = page.index('<h2 class="govuk-heading-m">Summary</h2>')
    return page[start:page.index("</main>", start)]


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_the_home_pages_counts_are_exact_whether_the_summary_is_current_or_not(django_assert_num_queries) -> None:
    rng = random.Random(7)
    _random_feedback(rng, 200)
    open_statuses = [Status.HEARD, Status.CONSIDERING]
    cutoff = TODAY - dt.timedelta(weeks=12)

    def raw() -> tuple[int, int]:
        return (FeedbackItem.objects.filter(status__in=open_statuses, heard_on__lt=cutoff).count(),
                FeedbackItem.objects.filter(status=Status.INFORMED).count())

    def counted() -> tuple[int, int]:
        return summary.count_items(open_statuses, heard_before=cutoff), summary.count_items([Status.INFORMED])

    summary.current_state()  # current
    expected = raw()
    with django_assert_num_queries(5):
        assert counted() == expected
    FeedbackItem.objects.filter(pk__in=list(FeedbackItem.objects.values_list("pk", flat=True)[:50])).update(
        status=Status.HEARD, heard_on=TODAY - dt.timedelta(days=200))  # now stale: counted from the rows
    expected = raw()
    with django_assert_num_queries(5):
        assert counted() == expected
    assert TrailState.objects.get(pk=1).data_version != TrailState.objects.get(pk=1).summary_version
