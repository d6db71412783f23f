"""Add the shipped glossary and allow list (plain_language/data) to the database. Safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from meetings.language_check import seed_glossary
from meetings.models import AllowedAcronym, GlossaryEntry


class Command(BaseCommand):
    help = ("Add the glossary of abbreviations and the allow list from plain_language/data to the database. Entries "
            "already there keep an admin's changes unless --reset.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true",
                            help="Set entries that are in the data files back to the shipped wording.")

    def handle(self, *args: Any, **options: Any) -> None:
        glossary, allow = seed_glossary(GlossaryEntry, AllowedAcronym, reset=options["reset"])
        self.stdout.write(f"Glossary: {glossary} new entries ({GlossaryEntry.objects.count()} in all). "
                          f"Allow list: {allow} new ({AllowedAcronym.objects.count()} in all).")
