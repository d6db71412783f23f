"""Daily: remind paper authors before their deadline. Safe to run more than once a day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from meetings.packs import paper_reminders_send


class Command(BaseCommand):
    help = "Email authors whose paper is still missing when the papers deadline is near (run once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None,
                            help="Remind when the deadline is this many days away or fewer (default 3).")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = paper_reminders_send(within_days=options["days"])
        self.stdout.write(f"Reminders queued: {sent}")
