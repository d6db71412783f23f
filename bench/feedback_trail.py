"""Benchmark: the board's feedback trail page with 200,000 feedback items on PostgreSQL.

Run from the repository root:  .venv/bin/python bench/feedback_trail.py [--items 200000] [--runs 25]

Creates its own scratch database (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432), migrates
it, loads the items with COPY and set-based INSERT ... SELECT, then times through the Django test client,
signed in as a board member, in the same run:
- the trail page (default filters: all localities, the last twelve months), and
- a minimal page behind the same middleware that runs one indexed query (a feedback item by reference).
Prints the median and p95 of each and their ratio, then drops the database (also on failure).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from postgres import admin_execute, server_url  # noqa: E402  (bench/, the script's folder)

BASE_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB_NAME", f"bench_feedback_trail_{os.getpid()}")


def _server_url(database: str) -> str:
    return server_url(BASE_URL, database)


def _admin_execute(sql: str) -> None:
    admin_execute(BASE_URL, sql)


# --- a minimal page: one indexed query, same middleware and session as the trail ---------------------------


def minimal_page(request):  # type: ignore[no-untyped-def]
    from django.http import HttpResponse

    from engagement.models import FeedbackItem

    pk = FeedbackItem.objects.filter(reference="bench-0000001").values_list("pk", flat=True).first()
    return HttpResponse(f"item {pk}", content_type="text/plain")


def _urlpatterns() -> list:
    from django.urls import include, path

    return [path("bench/minimal/", minimal_page), path("", include("coproduction.urls"))]


urlpatterns: list = []


# --- data -------------------------------------------------------------------------------------------


def load(items: int, seed: int = 7) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from coproduction.models import GovernanceGroup, Locality, PrimaryCareNetwork
    from meetings.models import Decision, Meeting

    rng = random.Random(seed)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrated in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    localities = [
        Locality.objects.create(name=name)
        for name in ("Mendip", "Sedgemoor", "Somerset West and Taunton", "South Somerset")
    ]
    for index, locality in enumerate(localities):
        for n in range(3):
            PrimaryCareNetwork.objects.create(name=f"Network {index}-{n} PCN", locality=locality)
    board = GovernanceGroup.objects.create(name="Alliance Board", kind=GovernanceGroup.Kind.BOARD)
    today = timezone.localdate()
    decisions = []
    for n in range(60):
        decided = today - dt.timedelta(days=rng.randint(0, 720))
        starts = timezone.make_aware(dt.datetime.combine(decided, dt.time(14)))
        meeting = Meeting.objects.create(
            group=board, title=f"Board {n}", starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
        )
        decisions.append(
            Decision.objects.create(
                meeting=meeting,
                title=f"Decision {n}",
                decision="Agreed.",
                decided_on=decided,
                status=rng.choice(["agreed", "in_progress", "done"]),
            )
        )
    locality_ids = [loc.pk for loc in localities]
    n_events = max(items // 100, 10)
    statuses = ["heard", "considering", "informed", "told_back", "not_taken"]
    consents = ["quote", "internal", "summary"]
    words = [
        "waited months for an appointment",
        "the crisis line rang out",
        "damp flat",
        "scared about benefits",
        "peer group closed",
        "letter full of initials",
        "no bus after six",
        "nobody asked the carer",
    ]

    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor, for COPY
        now = timezone.now()
        with raw.copy(
            "COPY engagement_listeningevent (reference, title, held_on, locality_id, format, run_by, "
            "partner_name, participants, notes, created_at) FROM STDIN"
        ) as copy:
            for n in range(n_events):
                copy.write_row(
                    (
                        f"bench-event-{n}",
                        f"Drop-in {n}",
                        today - dt.timedelta(days=rng.randint(0, 730)),
                        rng.choice(locality_ids),
                        "drop_in",
                        "leaders",
                        "",
                        rng.randint(3, 40),
                        "",
                        now,
                    )
                )
        cursor.execute("SELECT min(id) FROM engagement_listeningevent")
        first_event = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO engagement_listeningevent_audiences (listeningevent_id, audience_id) "
            "SELECT e.id, a.id FROM engagement_listeningevent e JOIN engagement_audience a "
            "ON (e.id + a.id) % 4 = 0"
        )
        with raw.copy(
            "COPY engagement_feedbackitem (reference, event_id, heard_on, locality_id, text, summary, "
            "consent, status, informed_on, told_back_on, days_to_decision, days_to_told_back, "
            "told_back_how, not_taken_reason, search_document, created_at) FROM STDIN"
        ) as copy:
            for n in range(items):
                heard = today - dt.timedelta(days=rng.randint(0, 730))
                status = rng.choices(statuses, weights=[35, 25, 15, 15, 10])[0]
                to_decision = rng.randint(5, 200) if status in ("informed", "told_back") else None
                to_told = rng.randint(20, 300) if status in ("told_back", "not_taken") else None
                text = rng.choice(words)
                copy.write_row(
                    (
                        f"bench-{n:07d}",
                        first_event + rng.randrange(n_events) if rng.random() < 0.85 else None,
                        heard,
                        rng.choice(locality_ids) if rng.random() < 0.93 else None,
                        text,
                        "",
                        rng.choice(consents[:2]),
                        status,
                        heard + dt.timedelta(days=to_decision) if to_decision is not None else None,
                        heard + dt.timedelta(days=to_told) if to_told is not None else None,
                        to_decision,
                        to_told,
                        "",
                        "",
                        text,
                        now,
                    )
                )
        # Themes: one per item, a second for three in ten; links for items that informed a decision.
        cursor.execute(
            "INSERT INTO engagement_feedbackitem_themes (feedbackitem_id, theme_id) "
            "SELECT i.id, t.ids[1 + (i.id % t.n)] FROM engagement_feedbackitem i, "
            "(SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM engagement_theme) t "
            "UNION ALL "
            "SELECT i.id, t.ids[1 + ((i.id * 7 + 3) % t.n)] FROM engagement_feedbackitem i, "
            "(SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM engagement_theme) t "
            "WHERE i.id % 10 < 3 AND (i.id * 7 + 3) % t.n <> i.id % t.n"
        )
        decision_ids = [d.pk for d in decisions]
        cursor.execute(
            "INSERT INTO engagement_feedbackdecisionlink (item_id, decision_id, how_it_shaped, linked_at) "
            "SELECT i.id, (%s::bigint[])[1 + (i.id %% %s)], 'It shaped it.', now() FROM engagement_feedbackitem i "
            "WHERE i.status IN ('informed', 'told_back')",
            [decision_ids, len(decision_ids)],
        )
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM engagement_feedbackitem")
        count = cursor.fetchone()[0]
    print(f"  loaded {count:,} feedback items ({n_events:,} events) in {time.perf_counter() - started:.1f} s")


def _time(client, url: str, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def _profile(client) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    timings: list[tuple[float, str]] = []

    def timer(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((time.perf_counter() - started, sql))

    with connection.execute_wrapper(timer):
        client.get("/listening/trail/")
    for seconds, sql in timings:
        print(f"  {seconds * 1000:8.1f} ms  {sql[:110]}")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--profile", action="store_true", help="print each query's time for one trail request")
    args = parser.parse_args()

    _admin_execute(f'CREATE DATABASE "{DB_NAME}"')
    print(f"Scratch database {DB_NAME}")
    try:
        os.environ["DATABASE_URL"] = _server_url(DB_NAME)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduction.test_settings")
        import django

        django.setup()
        from django.contrib.auth.models import Group
        from django.db import connection
        from django.test import Client
        from django.test.utils import override_settings, setup_test_environment

        from coproduction.models import User
        from coproduction.roles import Role

        setup_test_environment()  # adds "testserver" to ALLOWED_HOSTS
        assert connection.vendor == "postgresql"
        global urlpatterns
        urlpatterns = _urlpatterns()
        load(args.items)
        board_member = User.objects.create_user("helen@example.org", full_name="Helen Price")
        board_member.groups.add(Group.objects.get_or_create(name=Role.BOARD.value)[0])
        # The test settings work every kept figure out on each visit; the bench measures what production runs.
        production = sys.modules["coproduction.settings"]
        kept = {name: getattr(production, name)
                for name in ("ATTENTION_CACHE_SECONDS", "PICKER_CACHE_SECONDS", "REPORT_CACHE_SECONDS")}
        with override_settings(ROOT_URLCONF=__name__, **kept):
            client = Client()
            client.force_login(board_member)
            for _ in range(3):  # warm up: templates, connection, the session row
                client.get("/listening/trail/")
                client.get("/bench/minimal/")
            trail, minimal = [], []
            for _ in range(args.runs):  # interleaved, so both see the same machine load
                trail += _time(client, "/listening/trail/", 1)
                minimal += _time(client, "/bench/minimal/", 1)
            if args.profile:
                _profile(client)
            page = client.get("/listening/trail/").content.decode()
            assert "Feedback heard" in page and 'role="img"' in page
        connection.close()
    finally:
        from django.db import connections

        connections.close_all()
        _admin_execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        print(f"Dropped {DB_NAME}")

    t_median, t_p95 = statistics.median(trail), _p95(trail)
    m_median, m_p95 = statistics.median(minimal), _p95(minimal)
    print(f"\nFeedback trail page, {args.items:,} items, {args.runs} runs each (ms):")
    print(f"  trail page     median {t_median * 1000:8.1f}   p95 {t_p95 * 1000:8.1f}")
    print(f"  minimal page   median {m_median * 1000:8.1f}   p95 {m_p95 * 1000:8.1f}   (one indexed query)")
    print(f"  ratio          median {t_median / m_median:8.1f}x  p95 {t_p95 / m_p95:8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
