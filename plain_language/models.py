"""The checker's results: plain dataclasses that turn into JSON-ready dicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MUST_FIX = "must-fix"
ADVICE = "advice"

# Finding kinds (exact strings used by the pages and the management command).
ACRONYM_UNDEFINED = "acronym-undefined"
ACRONYM_DEFINED_LATE = "acronym-defined-late"
ACRONYM_DEFINED_TWICE = "acronym-defined-twice"
JARGON = "jargon"
EXCLUSIONARY = "exclusionary"
STIGMATISING = "stigmatising"
LONG_SENTENCE = "long-sentence"
LONG_PARAGRAPH = "long-paragraph"
PASSIVE = "passive"
HARD_TO_READ = "hard-to-read"

FINDING_KINDS = (
    ACRONYM_UNDEFINED,
    ACRONYM_DEFINED_LATE,
    ACRONYM_DEFINED_TWICE,
    JARGON,
    EXCLUSIONARY,
    STIGMATISING,
    LONG_SENTENCE,
    LONG_PARAGRAPH,
    PASSIVE,
    HARD_TO_READ,
)

# An acronym used before it is explained is advice, not must-fix: the paper does explain it,
# and the fix (move the explanation up) is mechanical. Undefined acronyms and stigmatising
# language are must-fix because a reader is left out or hurt.
SEVERITY = {
    ACRONYM_UNDEFINED: MUST_FIX,
    STIGMATISING: MUST_FIX,
    ACRONYM_DEFINED_LATE: ADVICE,
    ACRONYM_DEFINED_TWICE: ADVICE,
    JARGON: ADVICE,
    EXCLUSIONARY: ADVICE,
    LONG_SENTENCE: ADVICE,
    LONG_PARAGRAPH: ADVICE,
    PASSIVE: ADVICE,
    HARD_TO_READ: ADVICE,
}


@dataclass(slots=True)
class Location:
    section: str | None = None
    paragraph: int | None = None
    page: int | None = None
    snippet: str = ""

    def __str__(self) -> str:
        parts = []
        if self.section:
            parts.append(f"Section '{self.section}'")
        if self.paragraph:
            parts.append(f"paragraph {self.paragraph}")
        text = ", ".join(parts) if parts else "Start of the paper"
        if self.page:
            text += f" (page {self.page})"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "paragraph": self.paragraph,
            "page": self.page,
            "snippet": self.snippet,
        }


@dataclass(slots=True)
class Finding:
    kind: str
    text: str
    location: Location
    message: str
    suggestion: str
    severity: str
    # (block index, start, end): where in the checked blocks' text the finding is (not in the JSON)
    span: tuple[int, int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "location": str(self.location),
            "message": self.message,
            "suggestion": self.suggestion,
            "severity": self.severity,
        }


@dataclass(slots=True)
class AcronymUse:
    short: str
    long: str | None
    defined_at: Location | None
    first_used_at: Location | None
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "short": self.short,
            "long": self.long,
            "defined_at": str(self.defined_at) if self.defined_at else None,
            "first_used_at": str(self.first_used_at) if self.first_used_at else None,
            "count": self.count,
        }


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    short: str
    long: str
    explanation: str = ""
    source: str = ""


@dataclass(slots=True)
class ParagraphScore:
    location: Location
    words: int
    sentences: int
    flesch_reading_ease: float
    smog_index: float
    reading_age: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "location": str(self.location),
            "words": self.words,
            "sentences": self.sentences,
            "flesch_reading_ease": self.flesch_reading_ease,
            "smog_index": self.smog_index,
            "reading_age": self.reading_age,
        }


@dataclass(slots=True)
class Report:
    words: int
    sentences: int
    paragraphs: int
    flesch_reading_ease: float
    smog_index: float
    reading_age: float
    findings: list[Finding] = field(default_factory=list)
    acronyms: list[AcronymUse] = field(default_factory=list)
    worst_paragraphs: list[ParagraphScore] = field(default_factory=list)

    def must_fix(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == MUST_FIX]

    def to_dict(self, path: str | None = None) -> dict[str, Any]:
        """The JSON shape used by the management command (location as a string)."""
        return {
            "path": path,
            "words": self.words,
            "sentences": self.sentences,
            "flesch_reading_ease": self.flesch_reading_ease,
            "reading_age": self.reading_age,
            "findings": [f.to_dict() for f in self.findings],
            "acronyms": [a.to_dict() for a in self.acronyms],
        }
