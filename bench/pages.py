"""Benchmark: each role's main pages at demo size x10 and x100, served by gunicorn on PostgreSQL.

Run from the repository root:
    .venv/bin/python bench/pages.py [--scales 10 100] [--requests 8] [--users 20] [--port 8131]

Makes its own database (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432; name BENCH_DB_NAME,
default bench_pages_<pid>), migrates it and loads the demo alliance (`manage.py demo`), then for each scale
grows the data through the models (bulk_create of copies of the demo's leaders and their profiles and roles,
listening events, feedback with its themes and links to decisions, meetings with their decisions and packs,
claims with their ledger rows in the same payment runs, applications), starts gunicorn
(bench/pages_settings.py: the production settings, plus a bare signed-in page and a Server-Timing header;
the cache, and so the sessions, on Redis, as the README sets up more than one process), and times every page with `--users` concurrent clients, each signed in with its own session. In the same run it
times `/healthz` and the bare signed-in page (the portal's layout and nothing else), and reports each page's
p95 as a ratio to the bare page (timed again just before each page, so the two share the machine's speed of
the moment), the bare page's ratio to `/healthz`, and the growth of each page's median server time from the
first scale to the last. Each scale is timed twice: with the lists kept (coproduction/kept_pages.py), as readers
meet them between changes, and drawn on every visit (KEPT_PAGE_SECONDS 0), as on the first visit after any
change. Drops the database at the end (also on failure).
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from postgres import admin_execute, server_url  # noqa: E402  (bench/, the script's folder)

BASE_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB_NAME", f"bench_pages_{os.getpid()}")
SECRET = "bench-pages-secret-key-" + secrets.token_hex(16)
# Several gunicorn workers: the README's set-up for more than one process is a shared cache on Redis (sessions
# are then read from it, `cached_db`). BENCH_CACHE_URL=locmemcache://bench measures the one-process default.
REDIS_CACHE = "rediscache://127.0.0.1:6379/14"


def _server_url(database: str) -> str:
    return server_url(BASE_URL, database)


def _admin_execute(sql: str) -> None:
    admin_execute(BASE_URL, sql)


# --- growing the data ------------------------------------------------------------------------------------


def _clone(model, rows, copies, *, remap=(), fix=None):  # type: ignore[no-untyped-def]
    """Copies of `rows` (model instances), once per copy number; foreign keys listed in `remap` as
    (attname, {copy: {old pk: new pk}}) point at the same copy's rows. Returns {copy: {old pk: new pk}}."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    out = {}
    for copy in copies:
        made = []
        for row in rows:
            data = {f.attname: getattr(row, f.attname) for f in fields}
            for attname, maps in remap:
                if data.get(attname) in maps.get(copy, {}):
                    data[attname] = maps[copy][data[attname]]
            if fix is not None:
                fix(data, copy)
            made.append(model(**data))
        created = model.objects.bulk_create(made, batch_size=2000)
        out[copy] = {row.pk: obj.pk for row, obj in zip(rows, created, strict=True)}
    return out


def demo_bounds(models: list) -> dict[str, int]:  # type: ignore[type-arg]
    """The highest primary key of each model in the demo itself, noted (in a table of the scratch database)
    before the first copy is made, so every later scale copies the demo's rows and never earlier copies."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_demo_bounds (label text PRIMARY KEY, max_pk bigint)")
        cursor.execute("SELECT label, max_pk FROM bench_demo_bounds")
        bounds = dict(cursor.fetchall())
        if not bounds:
            for model in models:
                top = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
                cursor.execute("INSERT INTO bench_demo_bounds VALUES (%s, %s)", [model._meta.label, top])
                bounds[model._meta.label] = top
    return bounds


def grow(copies: range) -> None:
    """Add copies `copies` of the demo's rows (copy 0 is the demo itself; only its rows are copied)."""
    from django.contrib.auth.models import Group
    from django.db import transaction

    from coproduction.models import Profile, User
    from coproduction.roles import Role
    from engagement.models import EventLeader, FeedbackDecisionLink, FeedbackItem, ListeningEvent
    from meetings.models import Decision, Meeting, PackDispatch
    from payments.models import Claim, LedgerEntry
    from recruitment.models import Application

    started = time.perf_counter()
    with transaction.atomic():
        bound = demo_bounds([User, ListeningEvent, FeedbackItem, Meeting, Claim, Application])

        def demo(model):  # type: ignore[no-untyped-def]
            return model.objects.filter(pk__lte=bound[model._meta.label])

        leader_group = Group.objects.get(name=Role.LEADER.value)
        leaders = list(demo(User).filter(groups=leader_group, email__endswith="@demo.example.org").order_by("pk"))

        def person(data, copy):  # type: ignore[no-untyped-def]
            local, domain = data["email"].split("@")
            data["email"], data["full_name"] = f"{local}.{copy}@{domain}", f"{data['full_name']} {copy}"

        users = _clone(User, leaders, copies, fix=person)
        _clone(Profile, list(Profile.objects.filter(user__in=leaders)), copies, remap=[("user_id", users)])
        through = User.groups.through
        through.objects.bulk_create([through(user_id=new, group_id=leader_group.pk)
                                     for copy in copies for new in users[copy].values()], batch_size=5000)

        def unreferenced(data, copy):  # type: ignore[no-untyped-def]
            data["reference"] = None

        events = _clone(ListeningEvent, list(demo(ListeningEvent).order_by("pk")), copies, fix=unreferenced)
        audiences = ListeningEvent.audiences.through
        audiences.objects.bulk_create([audiences(listeningevent_id=events[c][row.listeningevent_id],
                                                 audience_id=row.audience_id)
                                       for c in copies for row in audiences.objects.filter(
                                           listeningevent_id__in=list(events[c]))], batch_size=5000)
        _clone(EventLeader, list(EventLeader.objects.filter(person__in=leaders)), copies,
               remap=[("event_id", events), ("person_id", users)])
        item_rows = list(demo(FeedbackItem).order_by("pk"))
        items = _clone(FeedbackItem, item_rows, copies, remap=[("event_id", events), ("logged_by_id", users)],
                       fix=unreferenced)
        themes = FeedbackItem.themes.through
        theme_rows = list(themes.objects.filter(feedbackitem_id__in=[i.pk for i in item_rows]))
        themes.objects.bulk_create([themes(feedbackitem_id=items[c][row.feedbackitem_id], theme_id=row.theme_id)
                                    for c in copies for row in theme_rows], batch_size=5000)
        _clone(FeedbackDecisionLink, list(FeedbackDecisionLink.objects.filter(item_id__in=[i.pk for i in item_rows])),
               copies, remap=[("item_id", items)])

        def titled(data, copy):  # type: ignore[no-untyped-def]
            data["title"] = f"{data['title']} ({copy})"[:200]

        meeting_rows = list(demo(Meeting).order_by("pk"))
        meetings = _clone(Meeting, meeting_rows, copies, fix=titled)
        _clone(Decision, list(Decision.objects.filter(meeting__in=meeting_rows)), copies,
               remap=[("meeting_id", meetings)], fix=titled)
        _clone(PackDispatch, list(PackDispatch.objects.filter(meeting__in=meeting_rows)), copies,
               remap=[("meeting_id", meetings)])

        claim_rows = list(Claim.objects.filter(person__in=leaders).order_by("pk"))
        claims = _clone(Claim, claim_rows, copies, remap=[("person_id", users)])
        _clone(LedgerEntry, list(LedgerEntry.objects.filter(claim__in=claim_rows)), copies,
               remap=[("claim_id", claims), ("person_id", users)])

        def applicant(data, copy):  # type: ignore[no-untyped-def]
            data["token_hash"] = secrets.token_hex(32)
            local, _, domain = data["email"].partition("@")
            data["email"] = f"{local}.{copy}@{domain}"

        _clone(Application, list(demo(Application).order_by("pk")), copies, fix=applicant)
    print(f"  grew to x{copies.stop} in {time.perf_counter() - started:.1f} s: {User.objects.count():,} people, "
          f"{Meeting.objects.count():,} meetings, {Claim.objects.count():,} claims, "
          f"{LedgerEntry.objects.count():,} ledger rows, {FeedbackItem.objects.count():,} feedback items")


# --- who looks at what -----------------------------------------------------------------------------------


def pages() -> dict[str, list[tuple[str, str]]]:
    """Each role's main pages: {persona email: [(label, url)]}."""
    from django.urls import reverse

    from payments.models import PaymentRun

    run = PaymentRun.objects.order_by("-pk").first()
    leader = [("home", "/"), ("meetings", reverse("meetings:meeting_list")),
              ("payments", reverse("payments:index")), ("listening home", reverse("engagement:home")),
              ("my data", reverse("my_data")), ("my data: payments", reverse("my_data_part", args=["payments"]))]
    manager = [("home", "/"), ("people", reverse("person_list")), ("recruitment", reverse("recruitment_overview")),
               ("claims to check", reverse("payments:review_list")), ("listening home", reverse("engagement:home")),
               ("events", reverse("engagement:event_list")), ("feedback", reverse("engagement:feedback_list")),
               ("trail", reverse("engagement:trail")), ("trail CSV", reverse("engagement:trail_csv")),
               ("notice report", reverse("meetings:compliance_report")),
               ("decisions", reverse("meetings:decision_list")),
               ("feedback search", reverse("engagement:search") + "?q=waiting"),
               ("import", reverse("engagement:import_upload")), ("my data", reverse("my_data"))]
    finance = [("home", "/"), ("claims to check", reverse("payments:review_list")),
               ("runs", reverse("payments:runs")), ("budgets", reverse("payments:budgets"))]
    if run is not None:
        finance.append(("a run's claims", reverse("payments:run_detail", args=[run.pk])))
    board = [("home", "/"), ("trail", reverse("engagement:trail")), ("decisions", reverse("meetings:decision_list")),
             ("search", reverse("engagement:search") + "?q=crisis")]
    admin = [("home", "/"), ("audit", reverse("audit_list")), ("people", reverse("person_list"))]
    domain = "demo.example.org"
    return {f"jo.bennett@{domain}": leader, f"sam.carter@{domain}": manager, f"priya.shah@{domain}": finance,
            f"helen.price@{domain}": board, f"alex.morgan@{domain}": admin}


def sessions(email: str, n: int) -> list[str]:
    """n signed-in sessions for this person, made as django.contrib.auth.login() would."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from coproduction.models import User

    user = User.objects.get(email=email)
    keys = []
    for _ in range(n):
        store = SessionStore()
        store[SESSION_KEY], store[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


# --- the server and the clients --------------------------------------------------------------------------


def start_server(port: int, workers: int, env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "coproduction.wsgi", "--config", "deploy/gunicorn.conf.py",
         "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", "--keep-alive", "30", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def load(port: int, url: str, cookies: list[str | None], requests: int) -> tuple[list[float], list[float], set[int]]:
    """Every client (one per cookie) asks for the page `requests` times, all at once; the latencies, the
    server's own times (Server-Timing) and the statuses seen."""
    latencies: list[float] = []
    server_times: list[float] = []
    statuses: set[int] = set()
    lock = threading.Lock()
    barrier = threading.Barrier(len(cookies))

    def client(cookie: str | None) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}

        def get() -> tuple[float, float, int]:
            started = time.perf_counter()
            conn.request("GET", url, headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            timing = response.getheader("Server-Timing", "app;dur=0").split("dur=")[-1]
            return elapsed, float(timing) / 1000, response.status

        get()  # warm: the connection, the session's first write
        barrier.wait()
        mine = [get() for _ in range(requests)]
        with lock:
            latencies.extend(m[0] for m in mine)
            server_times.extend(m[1] for m in mine)
            statuses.update(m[2] for m in mine)
        conn.close()

    threads = [threading.Thread(target=client, args=(cookie,)) for cookie in cookies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, server_times, statuses


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(port: int, users: int, requests: int, cookies: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    any_cookies = cookies[next(iter(cookies))]

    def one(label: str, url: str, session_cookies: list[str | None]) -> None:
        latencies, server_times, statuses = load(port, url, session_cookies, requests)
        results[label] = {"p95": p95(latencies), "median": statistics.median(latencies),
                          "server": statistics.median(server_times), "ok": float(statuses == {200})}
        flag = "" if statuses == {200} else f"  statuses {sorted(statuses)}"
        print(f"    {label:<34} p95 {results[label]['p95'] * 1000:7.1f} ms  server median "
              f"{results[label]['server'] * 1000:6.1f} ms{flag}")

    references = [("/healthz", "/healthz", [None] * users), ("bare signed-in page", "/bench/bare/", any_cookies)]
    for label, url, session_cookies in references:
        one(label, url, session_cookies)
    for email, role_pages in pages().items():
        for label, url in role_pages:
            # The bare page again just before each page: its ratio is to a reference timed a moment before, not
            # minutes before (on a shared machine the speed drifts by more than the differences measured).
            reference = p95(load(port, "/bench/bare/", any_cookies, requests)[0])
            name = f"{email.split('.')[0]}: {label}"
            one(name, url, cookies[email])
            results[name]["bare_p95"] = reference
    for label, url, session_cookies in references:  # again at the end: the reference is the mean of both
        before = dict(results[label])
        one(label, url, session_cookies)
        results[label] = {key: (before[key] + results[label][key]) / 2 for key in before}
    return results


def inprocess(cookies: dict[str, list[str]], runs: int, *, kept: bool = True) -> dict[str, dict[str, float]]:
    """Each page asked for one at a time in this process (no load, no network): the median time and the
    number of queries, a measure of the server's own work that other load on the machine disturbs less.
    `kept=False`: every list drawn on every visit (KEPT_PAGE_SECONDS 0), the cost of the first visit after a
    change."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results: dict[str, dict[str, float]] = {}
    everyone = [("", "/healthz", None), ("", "/bench/bare/", next(iter(cookies)))]
    everyone += [(email, url, email) for email, role_pages in pages().items() for _, url in role_pages]
    labels = ["/healthz", "bare signed-in page"] + [f"{email.split('.')[0]}: {label}"
                                                     for email, role_pages in pages().items()
                                                     for label, _ in role_pages]
    seconds, settings.KEPT_PAGE_SECONDS = settings.KEPT_PAGE_SECONDS, settings.KEPT_PAGE_SECONDS if kept else 0
    for label, (_, url, email) in zip(labels, everyone, strict=True):
        client = Client()
        if email:
            client.cookies["sessionid"] = cookies[email][0]
        client.get(url)
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
        results[label] = {"time": statistics.median(times), "queries": len(queries),
                          "kb": len(response.content) / 1024, "status": response.status_code}
    settings.KEPT_PAGE_SECONDS = seconds
    return results


def report_inprocess(all_results: dict[int, dict[str, dict[str, float]]], title: str) -> None:
    scales = sorted(all_results)
    print(f"\n{title}: one at a time, in process (median ms / queries / KB), and growth of the time from the first scale")
    for label in all_results[scales[0]]:
        cells = "  ".join(f"x{s}: {all_results[s][label]['time'] * 1000:6.1f} ms {all_results[s][label]['queries']:3.0f} q "
                          f"{all_results[s][label]['kb']:6.1f} KB" for s in scales)
        first, last = all_results[scales[0]][label]["time"], all_results[scales[-1]][label]["time"]
        growth = f"{(last / first - 1) * 100:+5.0f}%" if len(scales) > 1 else ""
        status = "" if all_results[scales[-1]][label]["status"] == 200 else f" status {all_results[scales[-1]][label]['status']:.0f}"
        print(f"  {label:<36} {cells}  {growth}{status}")


def report(all_results: dict[int, dict[str, dict[str, float]]], title: str) -> None:
    scales = sorted(all_results)
    print(f"\n{title}: ratios of p95 to the bare signed-in page timed just before it (goal: <= 3x; trail <= 2x)")
    header = "".join(f"  x{s:<6}" for s in scales)
    print(f"  {'page':<36}{header}  server ms {'->'.join(f'x{s}' for s in scales)}  growth")
    for label in all_results[scales[0]]:
        if label in ("/healthz", "bare signed-in page"):
            continue
        ratios = "".join(f"  {all_results[s][label]['p95'] / all_results[s][label]['bare_p95']:5.2f}x"
                         for s in scales if label in all_results[s])
        servers = [all_results[s][label]["server"] * 1000 for s in scales if label in all_results[s]]
        growth = f"{(servers[-1] / servers[0] - 1) * 100:+5.0f}%" if len(servers) > 1 and servers[0] else ""
        print(f"  {label:<36}{ratios}  {' -> '.join(f'{v:.1f}' for v in servers)}  {growth}")
    for s in scales:
        bare, health = all_results[s]["bare signed-in page"], all_results[s]["/healthz"]
        print(f"  x{s}: bare signed-in page p95 {bare['p95'] * 1000:.1f} ms, /healthz {health['p95'] * 1000:.1f} ms: "
              f"{bare['p95'] / health['p95']:.2f}x (goal <= 1.5x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=8, help="requests per user per page")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8131")))
    parser.add_argument("--runs", type=int, default=5, help="in-process runs per page")
    parser.add_argument("--drawn-only", action="store_true", help="only with every list drawn on every visit")
    parser.add_argument("--keep", action="store_true", help="keep the database (to look into it afterwards)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # so the server stops and the database goes

    env = {**os.environ, "DATABASE_URL": _server_url(DB_NAME), "SECRET_KEY": SECRET, "DEBUG": "false",
           "DJANGO_SETTINGS_MODULE": "pages_settings", "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
           "CACHE_URL": os.environ.get("BENCH_CACHE_URL", REDIS_CACHE)}
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE",
                                           "CACHE_URL")})
    _admin_execute(f'CREATE DATABASE "{DB_NAME}"')
    print(f"Scratch database {DB_NAME}")
    server = None
    # Kept: the lists as readers meet them between changes; drawn: KEPT_PAGE_SECONDS 0, every list drawn on
    # every visit, as on the first visit after any change (or with a cache of one process).
    modes = {"kept": env, "drawn": {**env, "KEPT_PAGE_SECONDS": "0"}}
    if args.drawn_only:
        del modes["kept"]
    all_results: dict[str, dict[int, dict[str, dict[str, float]]]] = {mode: {} for mode in modes}
    quiet_results: dict[str, dict[int, dict[str, dict[str, float]]]] = {mode: {} for mode in modes}
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"  migrated and loaded the demo in {time.perf_counter() - started:.1f} s")
        done = 1
        cookies = {email: sessions(email, args.users) for email in pages()}
        for scale in sorted(args.scales):
            grow(range(done, scale))
            done = scale
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")  # as autovacuum leaves a real database (it may be off here)
            for mode, mode_env in modes.items():
                quiet_results[mode][scale] = inprocess(cookies, args.runs, kept=mode == "kept")
                connection.close()
                server = start_server(args.port, args.workers, mode_env)
                print(f"  x{scale}, {mode}, {args.users} users, {args.requests} requests each per page:")
                all_results[mode][scale] = measure(args.port, args.users, args.requests, cookies)
                stop_server(server)
                server = None
    finally:
        if server is not None:
            stop_server(server)
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"Kept {DB_NAME}")
        else:
            _admin_execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
            print(f"Dropped {DB_NAME}")
    for mode in modes:
        report_inprocess(quiet_results[mode], f"Lists {mode}")
    for mode in modes:
        report(all_results[mode], f"Lists {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
