"""Benchmark: send a meeting's pack to 50 people through the real task code (locmem email, immediate tasks,
a throwaway SQLite database), and report the total time and the time per recipient.

Run from the repository root:  python bench/pack_send.py  [--people 50] [--audio-share 0.25]
Exits 1 if any recipient did not get exactly one email, or if sending takes longer than the budget
(default 0.5 s per recipient, generous for a 2-core machine).

With formats on (`--audio-share`, `--large-print-share`, `--web-share`, each a share of the people), a second
meeting's pack goes to the same people after those shares have recorded their needs: the formats are made
(once per pack: espeak-ng and ffmpeg for audio, WeasyPrint for large print) and each person who asked is sent
theirs. It reports that pack's cost per recipient, the extra over the plain pack, and where the time went.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduction.test_settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--papers", type=int, default=3)
    parser.add_argument("--budget-per-recipient", type=float, default=0.5, help="seconds")
    parser.add_argument("--audio-share", type=float, default=0.25, help="share of people who need audio")
    parser.add_argument("--large-print-share", type=float, default=0.0)
    parser.add_argument("--web-share", type=float, default=0.0)
    parser.add_argument("--words", type=int, default=6000, help="words in each paper")
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
            content=("Some paper text. " * (args.words // 3)).encode(),
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
    if args.audio_share or args.large_print_share or args.web_share:
        return run_with_formats(args, meeting, manager, people, per_recipient)
    return 0


def run_with_formats(args: argparse.Namespace, plain: Any, manager: Any, people: list[Any],
                     plain_per_recipient: float) -> int:
    """The same pack to the same people, for a second meeting, with formats on."""
    import datetime as dt

    from django.core import mail

    from meetings import format_render, formats, packs, services
    from meetings.format_models import FormatDelivery, FormatFile
    from meetings.models import PackDispatch, PackRecipient

    def share(fraction: float) -> set[int]:
        return {person.pk for person in people[: math.ceil(len(people) * fraction)]}  # a quarter of 50: 13

    audio, large, web = share(args.audio_share), share(args.large_print_share), share(args.web_share)
    for person in people:
        if person.pk in audio | large | web:
            formats.needs_save(person=person, by=person, audio=person.pk in audio, large_print=person.pk in large,
                               web_version=person.pk in web)
    meeting = services.meeting_create(group=plain.group, title="Benchmark meeting with formats",
                                      starts_at=plain.starts_at + dt.timedelta(days=1),
                                      ends_at=plain.ends_at + dt.timedelta(days=1), place="Room 1", chair=manager)
    for item in plain.agenda_items.all():
        services.agenda_item_add(meeting=meeting, title=item.title, purpose=item.purpose)
    for old in plain.papers.select_related("current_version"):
        paper = services.paper_create(meeting=meeting, title=old.title, by=manager)
        with default_storage_open(old.current_version.storage_name) as handle:
            services.paper_version_add(paper=paper, by=manager, summary=old.summary, content=handle.read(),
                                       filename="paper.md")
    mail.outbox = []
    timings: dict[str, float] = {"making": 0.0}
    real_make_file = formats._make_file

    def timed_make_file(*a: Any, **kw: Any) -> Any:
        began = time.perf_counter()
        try:
            return real_make_file(*a, **kw)
        finally:
            timings["making"] += time.perf_counter() - began

    formats._make_file = timed_make_file  # measure, do not change: the real function runs
    try:
        began = time.perf_counter()
        packs.pack_send(meeting=meeting, by=manager)
        elapsed = time.perf_counter() - began
    finally:
        formats._make_file = real_make_file
    dispatch = PackDispatch.objects.get(meeting=meeting)
    recipients = PackRecipient.objects.filter(dispatch=dispatch).count()
    files = list(FormatFile.objects.filter(dispatch=dispatch))
    delivered = FormatDelivery.objects.filter(dispatch=dispatch, done_at__isnull=False).count()
    format_emails = [m for m in mail.outbox if "formats you asked for" in m.subject]
    per_recipient = elapsed / max(recipients, 1)
    audio_seconds = sum(f.seconds or 0 for f in files if f.kind == FormatFile.Kind.AUDIO)
    print(f"Pack with formats to {recipients} people: {len(audio)} audio, {len(large)} large print, "
          f"{len(web)} web version ({args.papers} papers of {args.words} words and the agenda)")
    print(f"  total {elapsed:.2f} s, {per_recipient * 1000:.1f} ms per recipient "
          f"({(per_recipient - plain_per_recipient) * 1000:+.1f} ms over the plain pack)")
    print(f"  making {len(files)} files once for the pack: {timings['making']:.2f} s "
          f"({audio_seconds // 60} min {audio_seconds % 60} s of audio, voice {format_render.VOICE}); "
          f"the rest, per person: {(elapsed - timings['making']) / max(recipients, 1) * 1000:.1f} ms")
    print(f"  {len(format_emails)} format emails, {delivered} formats delivered on time")
    wanted = len(audio | large | web)
    expected_deliveries = len(audio) + len(large) + len(web)
    if len(format_emails) != wanted or delivered != expected_deliveries:
        print("FAIL: everyone who asked should have one email with their formats", file=sys.stderr)
        return 1
    return 0


def default_storage_open(name: str) -> Any:
    from django.core.files.storage import default_storage

    return default_storage.open(name, "rb")


if __name__ == "__main__":
    sys.exit(main())
