"""Django glue for the plain-language checker (`plain_language`, which knows nothing of Django): the meetings adapter.

- The glossary and the allow list live in the database (admin-editable), seeded from the data files in
  plain_language/data by migration 0004 and `python manage.py load_glossary`.
- `run_check(content, fmt)` checks a paper's bytes and returns a `CheckResult`: the JSON saved on the
  `PaperVersion.check_report`, and one row per finding (with where it is in the text, for highlighting).
- `marked_text(version, findings)` rebuilds the paper's text with each finding marked, for the check page.
- The paper handed back: `commented_docx(content)` is a Word paper with each finding as a comment at its
  words; `suggested_rewrite(text, fmt)` is a written paper with the fixable findings fixed, for the author to
  review as a diff before it is saved as a new version.
"""

from __future__ import annotations

import csv
import hashlib
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DatabaseError

from plain_language import (
    DEFAULT_MAX_BYTES,
    MUST_FIX,
    Finding,
    Report,
    Rewrite,
    UnreadableDocument,
    annotate_docx,
    apply_suggestions,
    check_text,
)
from plain_language import GlossaryEntry as CheckerGlossaryEntry
from plain_language.data import DATA_DIR
from plain_language.files import check_blocks, read_blocks
from plain_language.text import Block

from .models import AllowedAcronym, GlossaryEntry

# Kinds in plain words, in the order the page lists their counts.
KIND_LABELS = {
    "acronym-undefined": "Abbreviation not explained",
    "stigmatising": "Stigmatising words",
    "acronym-defined-late": "Abbreviation explained after it is first used",
    "acronym-defined-twice": "Abbreviation explained in two ways",
    "exclusionary": "Words that can leave people out",
    "jargon": "Jargon",
    "long-sentence": "Long sentence",
    "long-paragraph": "Long paragraph",
    "hard-to-read": "Hard to read",
    "passive": "Maybe passive",
}
# Findings about a word or phrase are marked in the text; the others are about a whole sentence or paragraph
# and are shown as a note after the paragraph.
INLINE_KINDS = frozenset({"acronym-undefined", "acronym-defined-late", "acronym-defined-twice", "jargon",
                          "exclusionary", "stigmatising", "passive"})
SUFFIX = {"pdf": ".pdf", "docx": ".docx", "md": ".md", "txt": ".txt", "written": ".txt"}
COULD_NOT_CHECK = "We could not check this paper because of a problem on our side. Please try uploading it again."


# --- Glossary and allow list --------------------------------------------------------------------------------

def _csv_rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def seed_glossary(glossary_model: Any, allow_model: Any, *, reset: bool = False) -> tuple[int, int]:
    """Add the shipped glossary and allow list to the database. Entries already there are left as an admin
    made them, unless `reset` (then they are set back to the shipped wording). Returns (glossary, allow)
    rows created. Takes the model classes so a migration can pass its historical models."""
    created = [0, 0]
    for index, (model, name, fields) in enumerate([
        (glossary_model, "glossary.csv", ("long", "explanation", "source")),
        (allow_model, "allow_list.csv", ("reason",)),
    ]):
        rows = {row["short"]: {f: row[f] for f in fields} for row in _csv_rows(name) if row.get("short")}
        existing = set(model.objects.filter(short__in=rows).values_list("short", flat=True))
        model.objects.bulk_create([model(short=short, **values) for short, values in rows.items()
                                   if short not in existing])
        created[index] = len(rows) - len(existing)
        if reset:
            for item in model.objects.filter(short__in=existing):
                values = rows[item.short]
                if any(getattr(item, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(item, name, value)
                    item.save()  # one at a time, so the change is in the history
    return created[0], created[1]


def checker_inputs() -> tuple[dict[str, CheckerGlossaryEntry], set[str]]:
    """The glossary and allow list for `check_text`/`check_file`, from the database (two queries). Build it
    once per check (or once per command run) and pass it on.

    Note: the checker always allows its shipped allow list (plain_language/data/allow_list.csv); the database
    list adds to it."""
    glossary = {short: CheckerGlossaryEntry(short, long, explanation, source)
                for short, long, explanation, source in GlossaryEntry.objects.values_list(
                    "short", "long", "explanation", "source")}
    allow = set(AllowedAcronym.objects.values_list("short", flat=True))
    return glossary, allow


def checker_inputs_or_files() -> tuple[dict[str, CheckerGlossaryEntry] | None, set[str] | None]:
    """The database's glossary and allow list; the shipped data files (None, None) if the database is not
    there or not migrated, or its glossary is empty."""
    try:
        glossary, allow = checker_inputs()
    except DatabaseError:
        return None, None
    return (glossary or None), allow


# --- Running the check ------------------------------------------------------------------------------------

@dataclass
class FindingRow:
    key: str
    order: int
    finding: Finding
    block: int | None
    start: int | None
    end: int | None


@dataclass
class CheckResult:
    report: dict[str, Any]
    findings: list[FindingRow] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return not self.report.get("error")


def _block_dict(block: Block) -> dict[str, Any]:
    return {"kind": block.kind, "text": block.text, "section": block.section, "paragraph": block.paragraph,
            "page": block.page, "level": block.level}


def _finding_key(finding: Finding, seen: Counter[tuple[str, str, str]]) -> str:
    triple = (finding.kind, finding.text, str(finding.location))
    seen[triple] += 1
    raw = "\x1f".join([*triple, str(seen[triple])])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def _locate(findings: list[Finding], blocks: list[Block]) -> list[tuple[int | None, int | None, int | None]]:
    """(block index, start, end) of each finding. Findings come in text order, so we look from the last
    block found onwards first; a span is found only for findings about a word or phrase."""
    by_place: dict[tuple[Any, Any, Any], list[int]] = defaultdict(list)
    for index, block in enumerate(blocks):
        by_place[(block.section, block.paragraph or None, block.page)].append(index)
    places = []
    cursor = 0
    for finding in findings:
        location = finding.location
        candidates = by_place.get((location.section, location.paragraph, location.page), [])
        ordered = [i for i in candidates if i >= cursor] + [i for i in candidates if i < cursor]
        chosen, start = None, None
        for index in ordered:
            text = blocks[index].text
            position = text.find(finding.text) if finding.kind in INLINE_KINDS else -1
            if position < 0 and finding.kind in INLINE_KINDS:
                position = text.lower().find(finding.text.lower())
            if position >= 0 or chosen is None:
                chosen = index
                start = position if position >= 0 else None
            if position >= 0:
                break
        if chosen is not None:
            cursor = chosen
        end = start + len(finding.text) if start is not None else None
        places.append((chosen, start, end))
    return places


def report_json(report: Report, blocks: list[Block]) -> dict[str, Any]:
    counts = Counter(finding.kind for finding in report.findings)
    must_fix = sum(1 for finding in report.findings if finding.severity == MUST_FIX)
    return {
        "error": "",
        "words": report.words, "sentences": report.sentences, "paragraphs": report.paragraphs,
        "flesch_reading_ease": report.flesch_reading_ease, "smog_index": report.smog_index,
        "reading_age": report.reading_age,
        "counts": dict(counts), "must_fix": must_fix, "advice": len(report.findings) - must_fix,
        "acronyms": [use.to_dict() for use in report.acronyms],
        "worst_paragraphs": [score.to_dict() | {"snippet": score.location.snippet}
                             for score in report.worst_paragraphs],
        "blocks": [_block_dict(block) for block in blocks],
    }


def _read(content: bytes, fmt: str, max_bytes: int | None = None) -> list[Block]:
    """The paper's blocks (raises UnreadableDocument)."""
    with tempfile.TemporaryDirectory(prefix="paper-check-") as folder:
        path = Path(folder) / f"paper{SUFFIX.get(fmt, '.txt')}"
        path.write_bytes(content)
        return read_blocks(path, max_bytes=max_bytes or DEFAULT_MAX_BYTES)


def run_check(content: bytes, fmt: str, *, max_bytes: int | None = None,
              inputs: tuple[Any, Any] | None = None) -> CheckResult:
    """Check a paper's bytes (a PaperVersion.Format value says what it is). Never raises for a bad document:
    an unreadable one gives a result whose report has the checker's message in "error"."""
    glossary, allow = inputs if inputs is not None else checker_inputs_or_files()
    try:
        blocks = _read(content, fmt, max_bytes)
    except UnreadableDocument as error:
        return CheckResult(report={"error": error.message, "counts": {}, "must_fix": 0, "advice": 0})
    report = check_blocks(blocks, glossary=glossary, allow=allow)
    seen: Counter[tuple[str, str, str]] = Counter()
    rows = [FindingRow(_finding_key(finding, seen), order, finding, *place)
            for order, (finding, place) in enumerate(zip(report.findings, _locate(report.findings, blocks),
                                                         strict=True))]
    return CheckResult(report=report_json(report, blocks), findings=rows)


# --- The paper handed back ----------------------------------------------------------------------------------

# The formats "apply the suggestions" can rewrite, and how the checker reads each.
REWRITABLE = {"md": "markdown", "txt": "text", "written": "text"}


def commented_docx(content: bytes, *, inputs: tuple[Any, Any] | None = None) -> bytes:
    """A Word paper with each finding of its check as a Word comment on the words it is about. The check is
    run again on the same bytes with the same glossary, so the comments match the findings on the check page.
    Raises UnreadableDocument if the file cannot be read."""
    glossary, allow = inputs if inputs is not None else checker_inputs_or_files()
    report = check_blocks(_read(content, "docx"), glossary=glossary, allow=allow)
    return annotate_docx(content, report)


def suggested_rewrite(text: str, fmt: str, *, inputs: tuple[Any, Any] | None = None) -> Rewrite:
    """A written paper (Markdown or plain text) with each abbreviation written out at its first use and each
    plain word swapped in; `Rewrite.changes` says what changed where, `Rewrite.skipped` what is left to the
    author. Raises ValueError for a format that cannot be rewritten."""
    if fmt not in REWRITABLE:
        raise ValueError("Only papers written in the portal, Markdown or plain text can be rewritten.")
    glossary, allow = inputs if inputs is not None else checker_inputs_or_files()
    report = check_text(text, glossary=glossary, allow=allow, fmt=REWRITABLE[fmt])
    return apply_suggestions(text, report, fmt=REWRITABLE[fmt], glossary=glossary)


# --- The paper with its findings marked --------------------------------------------------------------------

@dataclass
class Segment:
    text: str
    finding: Any = None  # a PaperFinding when this segment is marked


@dataclass
class TextBlock:
    index: int
    kind: str
    level: int
    segments: list[Segment]
    notes: list[Any]  # PaperFindings about the whole sentence or paragraph


def marked_text(report: dict[str, Any], findings: Iterable[Any]) -> list[list[TextBlock]]:
    """The checked text as groups of blocks (a run of bullets is one group, shown as a list), each block cut
    into segments with the findings marked. Overlapping marks are not nested: the later one becomes a note."""
    blocks = report.get("blocks") or []
    inline: dict[int, list[Any]] = defaultdict(list)
    notes: dict[int, list[Any]] = defaultdict(list)
    for finding in findings:
        finding.in_text = finding.block is not None and 0 <= finding.block < len(blocks)
        if not finding.in_text:
            continue
        if finding.start is not None and finding.end is not None:
            inline[finding.block].append(finding)
        else:
            notes[finding.block].append(finding)
    groups: list[list[TextBlock]] = []
    for index, block in enumerate(blocks):
        text = block["text"]
        segments: list[Segment] = []
        position = 0
        block_notes = list(notes.get(index, []))
        for finding in sorted(inline.get(index, []), key=lambda f: (f.start, -f.end)):
            if finding.start < position or finding.end > len(text):
                block_notes.append(finding)
                continue
            if finding.start > position:
                segments.append(Segment(text[position:finding.start]))
            segments.append(Segment(text[finding.start:finding.end], finding))
            position = finding.end
        if position < len(text):
            segments.append(Segment(text[position:]))
        item = TextBlock(index, block["kind"], block.get("level") or 0, segments,
                         sorted(block_notes, key=lambda f: f.order))
        if block["kind"] == "bullet" and groups and groups[-1][0].kind == "bullet":
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


