"""The notice report counts in the database; on random meetings, packs and formats its figures are the ones a
person would work out from the rows one by one (London dates, the first pack of each meeting, every
person's formats)."""

from __future__ import annotations

import datetime as dt
import random
import statistics

import pytest

from coproduction.models import OutgoingEmail
from meetings.deadlines import LONDON, days_of_notice
from meetings.format_models import FormatDelivery
from meetings.models import AccessibleFormatRequest, Meeting, PackDispatch
from meetings.reports import _median_of_counts, notice_compliance
from tests.factories import GroupFactory, UserFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db
START, END = dt.date(2027, 1, 1), dt.date(2027, 12, 31)


def _random_alliance(rng: random.Random) -> None:
    groups = [GroupFactory() for _ in range(3)]
    for _ in range(60):
        # meetings at any hour, some just after midnight in summer time, some outside the period
        starts = dt.datetime(2027, 1, 1, tzinfo=LONDON) + dt.timedelta(days=rng.randint(-20, 380),
                                                                     hours=rng.choice([0, 1, 9, 18, 23]))
        meeting = MeetingFactory(group=rng.choice(groups), starts_at=starts, late_papers=rng.random() < 0.3,
                                 status=rng.choice([Meeting.Status.PLANNED] * 5 + [Meeting.Status.CANCELLED]))
        if rng.random() < 0.25:  # an easy read version, made by hand, due by the papers deadline
            due = starts - dt.timedelta(days=3)
            AccessibleFormatRequest.objects.create(
                meeting=meeting, person=UserFactory(), format=AccessibleFormatRequest.Format.EASY_READ, due_at=due,
                done_at=rng.choice([None, due - dt.timedelta(hours=2), due + dt.timedelta(hours=2)]))
        for _ in range(rng.choice([0, 1, 1, 2])):
            sent = starts - dt.timedelta(hours=rng.randint(1, 24 * 20))
            pack = PackDispatch.objects.create(meeting=meeting, requested_at=sent, on_time=rng.random() < 0.7,
                                               kind=rng.choice([PackDispatch.Kind.PACK] * 4 + [PackDispatch.Kind.UPDATE]))
            for _ in range(rng.choice([0, 0, 1, 2])):
                due = sent + dt.timedelta(hours=rng.randint(1, 48))
                done = rng.choice([None, due - dt.timedelta(hours=1), due + dt.timedelta(hours=1)])
                email = OutgoingEmail.objects.create(key=f"k{rng.random()}", to="a@example.org", subject="s",
                                                     status=rng.choice(["sent", "sent", "failed"]))
                FormatDelivery.objects.create(dispatch=pack, person=UserFactory(), kind="large_print", due_at=due,
                                              done_at=done, email=email)


def _by_hand() -> dict[str, tuple]:
    low = dt.datetime.combine(START, dt.time.min, tzinfo=LONDON)
    high = dt.datetime.combine(END + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON)
    found: dict[str, dict] = {}
    for meeting in Meeting.objects.filter(starts_at__gte=low, starts_at__lt=high).exclude(
            status=Meeting.Status.CANCELLED).select_related("group"):
        row = found.setdefault(meeting.group.name, {"meetings": 0, "sent": 0, "on_time": 0, "formats_late": 0,
                                                    "late": 0, "days": []})
        row["meetings"] += 1
        row["late"] += meeting.late_papers
        first = meeting.dispatches.filter(kind=PackDispatch.Kind.PACK).order_by("requested_at", "pk").first()
        if first is None:
            continue
        row["sent"] += 1
        formats_ok = all(d.on_time and not (d.email and d.email.status == "failed")
                         for d in first.format_deliveries.all())
        formats_ok = formats_ok and all(r.done_at is not None and r.done_at <= r.due_at
                                        for r in meeting.format_requests.filter(due_at__isnull=False))
        row["on_time"] += first.on_time and formats_ok
        row["formats_late"] += first.on_time and not formats_ok
        row["days"].append(days_of_notice(first.requested_at, meeting.starts_at))
    return {name: (r["meetings"], r["sent"], r["on_time"], r["formats_late"], r["late"],
                   statistics.median(r["days"]) if r["days"] else None) for name, r in found.items()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_report_agrees_with_the_rows_counted_one_by_one(seed: int) -> None:
    _random_alliance(random.Random(seed))

    report = {row.group_name: (row.meetings, row.packs_sent, row.on_time, row.formats_late, row.late_meetings,
                               row.median_notice_days) for row in notice_compliance(start=START, end=END)}

    assert report == _by_hand()


def test_the_median_of_counted_values_is_the_median_of_the_list() -> None:
    rng = random.Random(7)
    for _ in range(200):
        values = [rng.randint(-3, 30) for _ in range(rng.randint(1, 25))]
        counts: dict[int, int] = {}
        for value in values:
            counts[value] = counts.get(value, 0) + 1
        assert _median_of_counts(counts) == statistics.median(values), values
    assert _median_of_counts({}) is None


@pytest.fixture
def report_kept_two_minutes(settings):
    from django.core.cache import cache

    settings.REPORT_CACHE_SECONDS = 120
    cache.clear()


def _report_page(client) -> str:
    from django.urls import reverse

    return client.get(reverse("meetings:compliance_report"), {"start": "2026-01-01", "end": "2026-11-30"}
                      ).content.decode()


def test_the_report_is_counted_once_for_many_readers_and_says_when(report_kept_two_minutes, client_for, manager,
                                                                   board_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    group = GroupFactory(name="Crisis board")
    MeetingFactory(group=group, starts_at=dt.datetime(2026, 3, 1, 10, tzinfo=LONDON))
    first = _report_page(client_for(manager))
    assert "Crisis board" in first and "Counted at" in first and "every 2 minutes" in first
    MeetingFactory(group=group, starts_at=dt.datetime(2026, 4, 1, 10, tzinfo=LONDON))  # someone else's change
    board = client_for(board_member)
    board.get("/")  # the session's first visit
    with CaptureQueriesContext(connection) as kept:
        _report_page(board)
    assert not [q for q in kept.captured_queries if "meetings_meeting" in q["sql"]]  # not counted again


def test_the_readers_own_change_makes_the_report_count_again(report_kept_two_minutes, client_for, manager):
    from coproduction import keeping

    group = GroupFactory(name="Crisis board")
    MeetingFactory(group=group, starts_at=dt.datetime(2026, 3, 1, 10, tzinfo=LONDON))
    client = client_for(manager)
    assert ">1</td>" in _report_page(client)
    MeetingFactory(group=group, starts_at=dt.datetime(2026, 4, 1, 10, tzinfo=LONDON))
    assert ">1</td>" in _report_page(client)  # kept: counted under two minutes ago
    session = client.session
    keeping.note_change(session)  # what any form the manager sends does (ForgetKeptFiguresAfterChangesMiddleware)
    session.save()
    assert ">2</td>" in _report_page(client)
