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
    context: str = ""  # a grammar check from contexts.py ("victim", "label", ...); empty: always
    # what rewrite.py may put instead, by variant as matched (lower case); empty: the author decides
    replacements: tuple[tuple[str, str], ...] = ()

    def replacement(self, found: str) -> str | None:
        """The words to put instead of ``found`` (as matched in the text), if the data gives them."""
        key = " ".join(found.lower().replace("-", " ").split())
        for variant, words in self.replacements:
            if " ".join(variant.replace("-", " ").split()) == key:
                return words
        return None


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


_SPELLINGS = (("isation", "ization"), ("ise", "ize"), ("ised", "ized"), ("ising", "izing"))


def spelling_variants(phrase: str) -> list[str]:
    """The phrase as written, with curly and straight apostrophes, and in British and American
    spelling ("utilise" and "utilize"; "arm's length" with either apostrophe)."""
    variants = {phrase}
    for a, b in (("'", "\u2019"), ("\u2019", "'")):
        variants |= {v.replace(a, b) for v in variants}
    for british, american in _SPELLINGS:
        for v in list(variants):
            for word in v.split():
                core = word.rstrip("s")
                if core.endswith(british) and len(core) > len(british) + 2:
                    variants.add(v.replace(word, core[: -len(british)] + american + word[len(core) :]))
                elif core.endswith(american) and len(core) > len(american) + 2:
                    variants.add(v.replace(word, core[: -len(american)] + british + word[len(core) :]))
    return sorted(variants)


def _replacements(value: str, terms: list[str]) -> tuple[tuple[str, str], ...]:
    """"variant=words|variant=words", or one replacement for every variant of the row."""
    if not value:
        return ()
    pairs = [part.split("=", 1) for part in _split(value)] if "=" in value else [[t, value] for t in terms]
    return tuple(
        (variant, words.strip()) for term, words in pairs for variant in spelling_variants(term.strip().lower())
    )


@lru_cache(maxsize=1)
def plain_word_rules() -> tuple[PlainWordRule, ...]:
    rules = []
    for row in _rows("plain_words.csv"):
        rules.append(
            PlainWordRule(
                variants=tuple(dict.fromkeys(v for t in _split(row["term"]) for v in spelling_variants(t.lower()))),
                kind=row["kind"],
                suggestion=row["suggestion"],
                reason=row["reason"],
                not_before=frozenset(w.lower() for w in _split(row["not_before"])),
                only_before=tuple(tuple(w.lower().split()) for w in _split(row["only_before"])),
                source=row["source"],
                context=row.get("context", ""),
                replacements=_replacements(row.get("replace", ""), _split(row["term"])),
            )
        )
    return tuple(rules)


@lru_cache(maxsize=1)
def word_classes() -> dict[str, frozenset[str]]:
    """Word classes the grammar of labels uses (plain_language/data/word_classes.csv)."""
    return {row["class"]: frozenset(w.lower() for w in _split(row["words"])) for row in _rows("word_classes.csv")}


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
