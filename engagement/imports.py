"""Bulk entry of feedback from a spreadsheet (CSV or XLSX): check every row, show a preview with the
problems row by row, and import nothing until the preview is accepted; then import all rows or none.

The checked rows wait in a FeedbackImport row (JSON) between the preview and the accept.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduction.exports import csv_text
from coproduction.models import Locality

from .models import FeedbackImport, FeedbackItem, ListeningEvent, Theme
from .pii import describe, find_personal_details
from .services import feedback_create

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
XLSX_MAGIC = b"PK\x03\x04"
COUNTY_WIDE = {"", "county-wide", "county wide", "countywide", "none", "all"}

# Accepted column headings (lower case) for each field.
COLUMNS = {
    "heard_on": {"date", "heard on", "date heard", "when"},
    "text": {"what was said", "text", "feedback", "what they said"},
    "summary": {"summary"},
    "consent": {"consent", "consent level"},
    "themes": {"themes", "theme"},
    "locality": {"locality", "area"},
    "reference": {"reference", "ref", "id"},
}
CONSENT_WORDS = {
    "quote publicly": FeedbackItem.Consent.QUOTE, "quote": FeedbackItem.Consent.QUOTE,
    "can be quoted publicly": FeedbackItem.Consent.QUOTE, "public": FeedbackItem.Consent.QUOTE,
    "use internally": FeedbackItem.Consent.INTERNAL, "internal": FeedbackItem.Consent.INTERNAL,
    "use internally only": FeedbackItem.Consent.INTERNAL, "internal only": FeedbackItem.Consent.INTERNAL,
    "summary only": FeedbackItem.Consent.SUMMARY, "summary": FeedbackItem.Consent.SUMMARY,
}


class UnreadableSpreadsheet(ValidationError):
    pass


def read_rows(content: bytes, filename: str) -> Iterator[dict[str, Any]]:
    """Rows as {field: value}, keyed by our field names, from a CSV or XLSX file checked by its content."""
    if len(content) > MAX_BYTES:
        raise UnreadableSpreadsheet("The file is bigger than 2 MB. Split it into smaller files.")
    if not content:
        raise UnreadableSpreadsheet("The file is empty.")
    if content.startswith(XLSX_MAGIC):
        table = _xlsx_table(content)
    elif filename.lower().endswith((".xlsx", ".xls")) or b"\x00" in content[:4096]:
        raise UnreadableSpreadsheet("The file is not a spreadsheet we can read. Save it as CSV or XLSX.")
    else:
        table = _csv_table(content)
    header = next(table, None)
    if header is None:
        raise UnreadableSpreadsheet("The file has no heading row.")
    names = [_field_for(str(cell or "")) for cell in header]
    missing = [label for field, label in (("text", "what was said"), ("consent", "consent"),
                                          ("themes", "themes")) if field not in names]
    if missing:
        raise UnreadableSpreadsheet(
            "The heading row needs these columns: " + ", ".join(missing)
            + ". Download the template to see the headings."
        )
    for cells in table:
        if not any(str(c or "").strip() for c in cells):
            continue
        yield {name: cells[i] if i < len(cells) else "" for i, name in enumerate(names) if name}


def _field_for(heading: str) -> str | None:
    key = re.sub(r"\s+", " ", heading.strip().lower())
    return next((field for field, names in COLUMNS.items() if key in names), None)


def _csv_table(content: bytes) -> Iterator[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise UnreadableSpreadsheet("The file's text could not be read. Save it as CSV (UTF-8).")
    return iter(list(csv.reader(io.StringIO(text))))


def _xlsx_table(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for broken files
        raise UnreadableSpreadsheet("The XLSX file could not be opened. Save it again and retry.") from error
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return iter(rows)


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def check_row(raw: dict[str, Any], *, themes: dict[str, Theme], localities: dict[str, Locality],
              event: ListeningEvent | None, today: dt.date) -> tuple[dict[str, Any], list[str]]:
    """One row checked: (the row ready to create, the problems in plain words)."""
    problems: list[str] = []
    text = str(raw.get("text") or "").strip()
    summary = str(raw.get("summary") or "").strip()
    consent = CONSENT_WORDS.get(str(raw.get("consent") or "").strip().lower())
    if consent is None:
        problems.append("Consent must be 'quote publicly', 'use internally' or 'summary only'.")
    elif consent == FeedbackItem.Consent.SUMMARY:
        text = ""
        if not summary:
            problems.append("The person agreed to a summary only: write a summary.")
    elif not text:
        problems.append("'What was said' is empty.")
    for label, words in (("What was said", text), ("The summary", summary)):
        found = find_personal_details(words)
        if found:
            problems.append(f"{label} has {describe(found)}. Remove it so nobody can be identified.")

    theme_ids = []
    theme_cell = str(raw.get("themes") or "")
    parts = [p.strip() for p in re.split(r"[;|]" if ";" in theme_cell or "|" in theme_cell else ",", theme_cell)]
    for part in filter(None, parts):
        theme = themes.get(part.lower())
        if theme is None:
            problems.append(f"'{part}' is not one of the themes.")
        else:
            theme_ids.append(theme.pk)
    if not theme_cell.strip():
        problems.append("Give at least one theme.")

    locality_id = event.locality_id if event else None
    locality_cell = str(raw.get("locality") or "").strip()
    if locality_cell.lower() not in COUNTY_WIDE:
        locality = localities.get(locality_cell.lower())
        if locality is None:
            problems.append(f"'{locality_cell}' is not one of the localities.")
        else:
            locality_id = locality.pk

    heard_on = event.held_on if event else today
    if str(raw.get("heard_on") or "").strip():
        try:
            heard_on = _parse_date(raw["heard_on"])
        except ValueError:
            problems.append(f"'{raw['heard_on']}' is not a date. Write dates like 31/03/2026.")
        else:
            if heard_on > today:
                problems.append("The date is in the future.")
    reference = str(raw.get("reference") or "").strip()[:40] or None
    row = {"heard_on": heard_on.isoformat(), "text": text, "summary": summary, "consent": consent or "",
           "theme_ids": sorted(set(theme_ids)), "locality_id": locality_id, "reference": reference}
    return row, problems


def import_preview(*, by: Any, content: bytes, filename: str, event: ListeningEvent | None = None) -> FeedbackImport:
    """Read and check every row; store the result for the preview. Creates no feedback."""
    themes = {t.name.lower(): t for t in Theme.objects.filter(active=True)}
    localities = {loc.name.lower(): loc for loc in Locality.objects.all()}
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    references: set[str] = set()
    for number, raw in enumerate(read_rows(content, filename), start=2):  # row 1 holds the headings
        if len(rows) + len(errors) >= MAX_ROWS:
            raise UnreadableSpreadsheet(f"The file has more than {MAX_ROWS} rows. Split it into smaller files.")
        row, problems = check_row(raw, themes=themes, localities=localities, event=event, today=today)
        if row["reference"]:
            if row["reference"] in references:
                problems.append(f"The reference '{row['reference']}' is used twice in the file.")
            references.add(row["reference"])
        row["row"] = number
        rows.append(row)
        if problems:
            errors.append({"row": number, "messages": problems})
    if references:
        taken = set(FeedbackItem.objects.filter(reference__in=references).values_list("reference", flat=True))
        for row in rows:
            if row["reference"] in taken:
                _add_problem(errors, row["row"], f"The reference '{row['reference']}' was imported before.")
    if not rows:
        raise UnreadableSpreadsheet("The file has headings but no rows of feedback.")
    return FeedbackImport.objects.create(uploaded_by=by, filename=filename[:200], event=event, rows=rows,
                                         errors=sorted(errors, key=lambda e: e["row"]))


def _add_problem(errors: list[dict[str, Any]], number: int, message: str) -> None:
    for entry in errors:
        if entry["row"] == number:
            entry["messages"].append(message)
            return
    errors.append({"row": number, "messages": [message]})


def import_accept(*, feedback_import: FeedbackImport, by: Any) -> int:
    """Create every row's feedback in one transaction: all of them, or (on any problem) none."""
    with transaction.atomic():
        locked = FeedbackImport.objects.select_for_update().get(pk=feedback_import.pk)
        if locked.status != FeedbackImport.Status.PREVIEW:
            raise ValidationError("This spreadsheet has already been imported or discarded.")
        if locked.errors:
            raise ValidationError("Fix the rows with problems and upload the file again.")
        references = [row["reference"] for row in locked.rows if row["reference"]]
        taken = sorted(FeedbackItem.objects.filter(reference__in=references).values_list("reference", flat=True))
        if taken:
            raise ValidationError(f"Since the preview, feedback with the reference {', '.join(taken)} was added. "
                                  "Nothing was imported. Upload the file again to check it.")
        themes = Theme.objects.in_bulk()
        localities = Locality.objects.in_bulk()
        for row in locked.rows:
            try:
                feedback_create(
                    by=by, text=row["text"], summary=row["summary"], consent=row["consent"],
                    themes=[themes[pk] for pk in row["theme_ids"]],
                    locality=localities.get(row["locality_id"]) if row["locality_id"] else None,
                    event=locked.event, heard_on=dt.date.fromisoformat(row["heard_on"]),
                    reference=row["reference"],
                )
            except (ValidationError, KeyError, IntegrityError) as error:
                raise ValidationError(f"Row {row['row']} could not be imported, so nothing was: {error}") from error
        locked.status, locked.accepted_at, locked.created_count = (
            FeedbackImport.Status.ACCEPTED, timezone.now(), len(locked.rows))
        locked.save()
    return locked.created_count


def import_discard(*, feedback_import: FeedbackImport, by: Any) -> None:
    FeedbackImport.objects.filter(pk=feedback_import.pk, status=FeedbackImport.Status.PREVIEW).update(
        status=FeedbackImport.Status.DISCARDED, rows=[]
    )


TEMPLATE_HEADINGS = ["date", "what was said", "summary", "consent", "themes", "locality", "reference"]


def template_csv() -> str:
    return csv_text([
        TEMPLATE_HEADINGS,
        ["31/03/2026", "I waited four months for a first appointment and nobody called.", "",
         "quote publicly", "access and waiting", "Mendip", ""],
        ["31/03/2026", "", "Worried about losing benefits if they take paid work.",
         "summary only", "money; employment", "county-wide", ""],
    ])
