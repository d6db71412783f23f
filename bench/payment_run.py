"""Benchmark: build a payment run of 5,000 authorised claims and report the time per claim.

Run from the repository root:  python bench/payment_run.py [--claims 5000] [--pay]
Uses coproduction.test_settings and a throwaway database (a temporary SQLite file unless BENCH_DATABASE_URL
names another, e.g. a scratch PostgreSQL database). Building the run re-checks every leader's benefit limits
and the budgets with a constant number of aggregate queries, and writes the bank file. With --pay it also
marks every claim paid (ledger entries and an email each) and reports that separately.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--pay", action="store_true")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bench-payments-")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "coproduction.test_settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import Group

    from coproduction.models import User
    from coproduction.roles import Role
    from payments import crypto, services
    from payments.models import (
        ActivityType,
        BudgetLine,
        Claim,
        FeeLine,
        PayableActivity,
        PaymentDetails,
        PaymentRun,
        PersonBenefit,
        Rate,
    )

    n_claims, per_person = args.claims, 10
    n_people = max(1, n_claims // per_person)
    start = time.perf_counter()
    finance = User.objects.create_user("finance@bench.example.org", full_name="Finance")
    finance.groups.add(Group.objects.get_or_create(name=Role.FINANCE.value)[0])
    unusable = "!"  # an unusable password
    people = User.objects.bulk_create([User(email=f"leader{i}@bench.example.org", full_name=f"Leader {i}",
                                            password=unusable) for i in range(n_people)])
    rules = [("carers",), ("esa",), ("uc", "carers"), ("legacy",), ("none",), ()]
    PersonBenefit.objects.bulk_create([PersonBenefit(person=p, rule=rule, uc_start_day=17 if rule == "uc" else None)
                                       for i, p in enumerate(people) for rule in rules[i % len(rules)]])
    PaymentDetails.objects.bulk_create([PaymentDetails(
        person=p, preference="bank", account_name=crypto.encrypt(p.full_name), sort_code=crypto.encrypt("309950"),
        account_number=crypto.encrypt(f"{10000000 + i:08d}")) for i, p in enumerate(people)])
    meeting = ActivityType.objects.create(name="Meeting attendance", code="meeting")
    rate = Rate.objects.create(activity_type=meeting, unit="hour", amount=Decimal("20.00"),
                               effective_from=dt.date(2024, 4, 1))
    fees_line = BudgetLine.objects.create(financial_year=2025, name="Fees", kind="fees", amount=Decimal("1000000"))
    day0 = dt.date(2025, 4, 7)
    activities = PayableActivity.objects.bulk_create([
        PayableActivity(person=p, activity_type=meeting, date=day0 + dt.timedelta(days=7 * k), hours=Decimal("2"))
        for p in people for k in range(per_person)][:n_claims])
    claims = Claim.objects.bulk_create([
        Claim(person_id=a.person_id, status=Claim.Status.AUTHORISED, fees_total=Decimal("40.00"),
              fees_line=fees_line, expected_payment_on=a.date + dt.timedelta(days=14)) for a in activities])
    FeeLine.objects.bulk_create([FeeLine(claim=c, activity=a, rate=rate, amount_due=Decimal("40.00"),
                                         amount_claimed=Decimal("40.00"))
                                 for c, a in zip(claims, activities, strict=True)])
    setup = time.perf_counter() - start

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        run, held = services.run_build(by=finance, method=PaymentRun.Method.BANK_FILE,
                                       payment_date=dt.date(2026, 3, 20))
        build = time.perf_counter() - start
    start = time.perf_counter()
    bank_file = services.run_bank_file(run=run)
    file_time = time.perf_counter() - start
    in_run = run.claims.count()
    print(f"Database: {connection.vendor}; setup of {n_claims} claims for {n_people} leaders: {setup:.1f} s")
    print(f"Build the run (re-check limits and budgets, {len(queries)} queries): {build:.2f} s, "
          f"{build / n_claims * 1000:.3f} ms per claim; {in_run} in the run, "
          f"{len(held['limits'])} held by a limit, {len(held['details'])} without bank details")
    print(f"Bank file ({len(bank_file.splitlines()) - 1} rows): {file_time:.2f} s, "
          f"{file_time / max(in_run, 1) * 1000:.3f} ms per claim")
    print(f"Build + file: {(build + file_time) / n_claims * 1000:.3f} ms per claim")
    if args.pay:
        start = time.perf_counter()
        paid = services.run_mark_paid(run=run, by=finance)
        pay_time = time.perf_counter() - start
        print(f"Mark paid ({paid} claims, ledger entries and emails): {pay_time:.1f} s, "
              f"{pay_time / max(paid, 1) * 1000:.2f} ms per claim")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
