"""Benchmark: send a meeting's pack to 50 people through the real task code (locmem email, immediate tasks,
a throwaway SQLite database), and report the total time and the time per recipient.

Run from the repository root:  python bench/pack_send.py  [--people 50]
Exits 1 if any recipient did not get exactly one email, or if sending takes longer than the budget
(default 0.5 s per recipient, generous for a 2-core machine).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduction.test_settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--papers", type=int, default=3)
    parser.add_argument("--budget-per-recipient", type=float, default=0.5, help="seconds")
    args = parser.parse_args()

    import django

    django.setup()
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()  # locmem email outbox
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        return run(args)
    finally:
        teardown_databases(old_config, verbosity=0)


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from django.core import mail
    from django.utils import timezone

    from coproduction.models import GovernanceGroup, Membership, OutgoingEmail, User
    from meetings import packs, services
    from meetings.models import PackRecipient

    group = GovernanceGroup.objects.create(name="Benchmark group", kind=GovernanceGroup.Kind.WORKING)
    manager = User.objects.create_user("manager@bench.example.org", full_name="Bench Manager")
    people = User.objects.bulk_create(
        [User(email=f"person{n}@bench.example.org", full_name=f"Person {n}") for n in range(args.people)]
    )
    Membership.objects.bulk_create(
        [
            Membership(group=group, person=person, role_in_group="ebe_leader", started_on=dt.date(2020, 1, 1))
            for person in people
        ]
    )
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=30)
    meeting = services.meeting_create(
        group=group,
        title="Benchmark meeting",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Room 1",
        chair=manager,
    )
    for number in range(3):
        services.agenda_item_add(meeting=meeting, title=f"Item {number + 1}", purpose="discussion")
    for number in range(args.papers):
        paper = services.paper_create(meeting=meeting, title=f"Paper {number + 1}", by=manager)
        services.paper_version_add(
            paper=paper,
            by=manager,
            summary="A short summary in plain words.",
            content=("Some paper text. " * 2000).encode(),
            filename=f"paper{number}.md",
        )
    mail.outbox = []

    began = time.perf_counter()
    packs.pack_send(meeting=meeting, by=manager)  # on commit: the task queues and sends each email
    elapsed = time.perf_counter() - began

    recipients = PackRecipient.objects.count()
    sent = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT, key__startswith="pack:").count()
    per_recipient = elapsed / max(recipients, 1)
    print(
        f"Pack to {recipients} people ({args.papers} papers attached, {len(mail.outbox)} emails in the outbox)"
    )
    print(f"  total {elapsed:.2f} s, {per_recipient * 1000:.1f} ms per recipient")

    rerun_began = time.perf_counter()
    packs.dispatch_run(dispatch_id=PackRecipient.objects.first().dispatch_id)
    print(
        f"  running the task again: {time.perf_counter() - rerun_began:.2f} s, {len(mail.outbox)} emails "
        "in the outbox (no duplicates)"
    )

    ok = recipients == args.people and sent == args.people and len(mail.outbox) == args.people
    if not ok:
        print("FAIL: every person should have exactly one email", file=sys.stderr)
        return 1
    if per_recipient > args.budget_per_recipient:
        print(f"FAIL: slower than {args.budget_per_recipient} s per recipient", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
