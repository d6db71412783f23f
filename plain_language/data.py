"""Load the checker's data files (shipped in plain_language/data), once per process."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .models import GlossaryEntry

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class PlainWordRule:
    variants: tuple[str, ...]
    kind: str
    suggestion: str
    reason: str
    not_before: frozenset[str]
    only_before: tuple[tuple[str, ...], ...]
    source: str


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


@lru_cache(maxsize=1)
def plain_word_rules() -> tuple[PlainWordRule, ...]:
    rules = []
    for row in _rows("plain_words.csv"):
        rules.append(
            PlainWordRule(
                variants=tuple(v.lower() for v in _split(row["term"])),
                kind=row["kind"],
                suggestion=row["suggestion"],
                reason=row["reason"],
                not_before=frozenset(w.lower() for w in _split(row["not_before"])),
                only_before=tuple(tuple(w.lower().split()) for w in _split(row["only_before"])),
                source=row["source"],
            )
        )
    return tuple(rules)


@lru_cache(maxsize=1)
def default_glossary() -> dict[str, GlossaryEntry]:
    """The shipped glossary of UK health, care and local government abbreviations."""
    return {
        row["short"]: GlossaryEntry(row["short"], row["long"], row["explanation"], row["source"])
        for row in _rows("glossary.csv")
    }


@lru_cache(maxsize=1)
def default_allow_list() -> frozenset[str]:
    """Abbreviations this audience knows without explanation (NHS, GP, ...)."""
    return frozenset(row["short"] for row in _rows("allow_list.csv"))
