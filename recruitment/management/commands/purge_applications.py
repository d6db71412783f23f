"""Delete applications not taken forward after the retention period. A scheduler runs this daily, e.g.
`0 3 * * * .venv/bin/python manage.py purge_applications` (cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coproduction.wording import counted
from recruitment.models import RecruitmentSettings
from recruitment.tasks import purge_expired_applications


class Command(BaseCommand):
    help = "Delete applications marked 'not this time' or 'withdrawn' once the retention period has passed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true",
                            help="Run in this process instead of queuing the task for the worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        months = RecruitmentSettings.load().retention_months
        if options["now"]:
            deleted = purge_expired_applications.call()
            self.stdout.write(f"Deleted {counted(deleted, 'application')} not taken forward over {months} months ago.")
        else:
            result = purge_expired_applications.enqueue()
            self.stdout.write(f"Queued the deletion of applications not taken forward over {months} months ago "
                              f"(task {result.id}).")
