"""Check papers on disk for unexplained abbreviations, stigmatising and exclusionary words, jargon and
readability. Writes nothing to the database.

    python manage.py check_paper PATH [PATH ...] [--format text|json]

JSON: one object per path, one per line (JSON Lines), in the shape `Report.to_dict(path=...)` gives; a path
that cannot be read gives {"path": ..., "error": "..."} (and the message on stderr too).
Exit code: 0 when no paper has a must-fix finding, 1 when any has, 2 when any path cannot be read.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from meetings.language_check import KIND_LABELS, checker_inputs_or_files
from plain_language import UnreadableDocument, check_file

OK, MUST_FIX_FOUND, UNREADABLE = 0, 1, 2


class Command(BaseCommand):
    help = ("Check papers (.txt .md .html .docx .pdf) for plain language. Exit code 0: nothing must be fixed; "
            "1: something must be fixed; 2: a file could not be read.")
    requires_system_checks: list[str] = []  # runs without a configured database

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=["text", "json"], default="text", dest="output",
                            help="text (default) for people; json for programs (one object per line).")

    def handle(self, *args: Any, **options: Any) -> None:
        glossary, allow = checker_inputs_or_files()  # the database's if it is there, else the data files
        status = OK
        for path in options["paths"]:
            try:
                report = check_file(path, glossary=glossary, allow=allow)
            except UnreadableDocument as error:
                status = UNREADABLE
                self.stderr.write(f"{path}: {error.message}")
                if options["output"] == "json":
                    self.stdout.write(json.dumps({"path": path, "error": error.message}, ensure_ascii=False))
                continue
            if report.must_fix() and status == OK:
                status = MUST_FIX_FOUND
            if options["output"] == "json":
                self.stdout.write(json.dumps(report.to_dict(path=path), ensure_ascii=False))
            else:
                self._text(path, report)
        if status != OK:
            raise SystemExit(status)

    def _text(self, path: str, report: Any) -> None:
        must_fix = len(report.must_fix())
        self.stdout.write(f"{path}: {report.words} words, {report.sentences} sentences, reading age "
                          f"{report.reading_age:g}, Flesch reading ease {report.flesch_reading_ease:g}.")
        self.stdout.write(f"  {must_fix} must fix, {len(report.findings) - must_fix} advice.")
        for finding in report.findings:
            self.stdout.write(f"  [{finding.severity}] {KIND_LABELS.get(finding.kind, finding.kind)} "
                              f"({finding.kind}): \"{finding.text}\" at {finding.location}")
            self.stdout.write(f"      {finding.message}")
            if finding.suggestion:
                self.stdout.write(f"      Suggestion: {finding.suggestion}")
