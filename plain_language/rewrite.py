"""The written paper handed back: "apply the suggestions" makes a new version of the text.

    report = check_text(markdown, fmt="markdown")
    rewrite = apply_suggestions(markdown, report, fmt="markdown")
    rewrite.text      # the new version
    rewrite.changes   # what changed and where (positions in the old text), for a diff before saving
    rewrite.skipped   # findings the author has to fix by hand (no safe wording in the data)

Each abbreviation with a known long form gets it written out at its first use ("Primary Care
Network (PCN)"); each plain-words finding whose data row gives replacement words has them swapped
in, keeping capitals. Nothing else in the text changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .acronyms import acronym_key
from .data import default_glossary
from .models import (
    ACRONYM_DEFINED_LATE,
    ACRONYM_UNDEFINED,
    EXCLUSIONARY,
    JARGON,
    STIGMATISING,
    Finding,
    GlossaryEntry,
    Report,
)
from .text import blocks_for
from .words import default_matcher

LONG_FORM = "long form"
PLAIN_WORDS = "plain words"
_LINK_TARGET_RE = re.compile(r"\]\([^()\n]*\)")


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # LONG_FORM or PLAIN_WORDS
    start: int  # where the old words are in the original text
    end: int
    old: str
    new: str
    finding: Finding


@dataclass(slots=True)
class Rewrite:
    text: str
    changes: list[Change] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)


def _pattern(words: str) -> re.Pattern[str]:
    """The words as written, any spacing between them, not inside a longer word."""
    body = r"\s+".join(re.escape(part) for part in words.split())
    return re.compile(r"(?<![\w&])" + body + r"(?![\w&])")


def _with_case(words: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return words.upper()
    if like[:1].isupper():
        return words[:1].upper() + words[1:]
    return words


def _long_form(finding: Finding, surface: str, report: Report, glossary: Mapping[str, GlossaryEntry]) -> str | None:
    """"Long Form (SF)" for an abbreviation's first use, or None when no long form is known."""
    key = finding.text
    long = None
    if finding.kind == ACRONYM_DEFINED_LATE:
        long = next((u.long for u in report.acronyms if (acronym_key(u.short) or u.short) == key and u.long), None)
    elif key in glossary:
        long = glossary[key].long
    if not long:
        return None
    if surface[-2:] in ("'s", "\u2019s"):  # "the ICB's plan" -> "the Integrated Care Board (ICB)'s plan"
        return f"{long} ({surface[:-2]}){surface[-2:]}"
    if surface == key + "s" and not long.endswith("s"):
        long += "s"
    return f"{long} ({surface})"


def _plain_words(finding: Finding) -> str | None:
    rule = default_matcher().rule_for(finding.text)
    words = rule.replacement(finding.text) if rule is not None else None
    return _with_case(words, finding.text) if words else None


def apply_suggestions(
    text: str,
    report: Report,
    *,
    fmt: str = "markdown",
    glossary: Mapping[str, GlossaryEntry] | None = None,
) -> Rewrite:
    """The paper ``text`` (Markdown or plain text) with the report's fixable findings fixed.
    ``report`` must be the check of this text in this ``fmt``; ``glossary`` (default: the shipped
    one) gives the long forms of abbreviations the paper never explains."""
    if fmt not in ("markdown", "text"):
        raise ValueError("Only Markdown and plain text can be rewritten.")
    glossary = default_glossary() if glossary is None else glossary
    blocks = blocks_for(text, fmt)
    searchable = _LINK_TARGET_RE.sub(lambda m: "]" + " " * (len(m.group()) - 1), text)  # not in URLs
    planned: list[Change] = []
    skipped: list[Finding] = []
    for finding in report.findings:
        if finding.kind not in (ACRONYM_UNDEFINED, ACRONYM_DEFINED_LATE, JARGON, EXCLUSIONARY, STIGMATISING):
            continue
        if finding.span is None or finding.span[0] >= len(blocks):
            raise ValueError("This report was not made from this text.")
        index, start, end = finding.span
        surface = blocks[index].text[start:end]
        if finding.kind in (ACRONYM_UNDEFINED, ACRONYM_DEFINED_LATE):
            kind, new = LONG_FORM, _long_form(finding, surface, report, glossary)
        else:
            kind, new = PLAIN_WORDS, _plain_words(finding)
        place = _place_in_text(searchable, blocks, index, start, surface) if new else None
        if new is None or place is None:
            skipped.append(finding)
            continue
        planned.append(Change(kind, place[0], place[1], text[place[0] : place[1]], new, finding))
    changes: list[Change] = []
    for change in sorted(planned, key=lambda c: c.start):
        if changes and change.start < changes[-1].end:
            skipped.append(change.finding)  # overlaps a change already made
            continue
        changes.append(change)
    pieces, position = [], 0
    for change in changes:
        pieces += [text[position : change.start], change.new]
        position = change.end
    pieces.append(text[position:])
    return Rewrite("".join(pieces), changes, skipped)


def _place_in_text(searchable: str, blocks: list, index: int, start: int, surface: str) -> tuple[int, int] | None:
    """Where the words the finding is about are in the original text: the same occurrence of the
    same words, counted from the start (the blocks keep the text's words in order)."""
    pattern = _pattern(surface)
    before = sum(len(pattern.findall(block.text)) for block in blocks[:index])
    before += len(pattern.findall(blocks[index].text[:start]))
    for number, m in enumerate(pattern.finditer(searchable)):
        if number == before:
            return m.span()
    return None
