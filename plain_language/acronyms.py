"""Spot acronyms and initialisms, where they are explained, and which are never explained."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from .alignment import forward_long_form
from .definitions import definitions_around, iter_definitions
from .lookalikes import ADDRESS_MARKS, POST_NOMINALS, is_lookalike
from .models import (
    ACRONYM_DEFINED_LATE,
    ACRONYM_DEFINED_TWICE,
    ACRONYM_UNDEFINED,
    SEVERITY,
    AcronymUse,
    Finding,
    GlossaryEntry,
    Location,
)
from .readability import is_dictionary_word
from .text import HEADING, TABLE_ROW, Block

# Two or more capitals (ICB, EbE, DToC, GPs), a letter and digits (S117, Q3), or A&E. The pattern
# starts with a plain capital so the regex engine can skip ahead quickly, and every repeat is
# possessive so no input can make it backtrack; the characters around a match are checked in Python.
# The token may not follow a letter, digit, "_", "&" or apostrophe, nor be followed by a letter,
# digit, "_" or "&" (checked by the regex itself, after its first character).
_ACRONYM_RE = re.compile(
    r"[A-Z0-9](?<![\w&'\u2019].)(?:(?<=[A-Z])(?:[a-z]*+[A-Z]|[A-Z]{0,2}+\d|&[A-Z])|(?<=\d)[A-Z]{2})"
    r"[A-Za-z0-9&]*+(?:['\u2019]s)?+(?![\w&])"
)
_ROMAN = frozenset(
    [
        "II",
        "III",
        "IV",
        "VI",
        "VII",
        "VIII",
        "IX",
        "XI",
        "XII",
        "XIII",
        "XIV",
        "XV",
        "XVI",
        "XVII",
        "XVIII",
        "XIX",
        "XX",
    ]
)
_NOT_ACRONYMS = frozenset({"AM", "PM"})
# Short everyday words written in capitals are never acronyms (unless the glossary says so).
_CAPS_STOPWORDS = frozenset(
    [
        "A",
        "AN",
        "AND",
        "ARE",
        "AS",
        "AT",
        "BE",
        "BUT",
        "BY",
        "DO",
        "FOR",
        "FROM",
        "HAS",
        "HAVE",
        "HE",
        "IF",
        "IN",
        "IS",
        "NO",
        "NOT",
        "OF",
        "ON",
        "OR",
        "OUR",
        "SHE",
        "SO",
        "THE",
        "THIS",
        "TO",
        "UP",
        "US",
        "WAS",
        "WE",
        "WITH",
        "YOU",
        "YOUR",
        "ALL",
        "ANY",
        "NEW",
        "NOW",
    ]
)
_GLOSSARY_HEADING_RE = re.compile(
    r"^(?:(?:appendix|annex)\s*\w*\s*[:.\-\u2013]?\s*)?(?:\d+(?:\.\d+)*[.)]?\s*)?"
    r"(?:glossary|abbreviations|acronyms|key terms|terms used|jargon buster|definitions)\b",
    re.IGNORECASE,
)
_GLOSSARY_LINE_RE = re.compile(
    r"^\s*(?P<sf>[A-Za-z0-9&/\-]{2,12})\s*(?:[:=\u2013\u2014]|\s-\s|\t|\s{2,})\s*(?P<rest>.+)$"
)


@lru_cache(maxsize=4096)
def acronym_key(token: str) -> str | None:
    """Normalise a candidate (GPs -> GP, ICB's -> ICB) or return None if it is not an acronym."""
    if token.endswith(("'s", "\u2019s")):
        token = token[:-2]
    if len(token) > 2 and token[-1] == "s" and token[-2].isupper():
        token = token[:-1]
    upper = sum(map(str.isupper, token))
    lower = sum(map(str.islower, token))
    if lower and (upper < 2 or (lower > upper and len(token) > 5)):
        return None  # a name like McDonald or PowerPoint
    if token in _ROMAN or token in _NOT_ACRONYMS:
        return None
    if not any(map(str.isalpha, token)):
        return None
    return token


def _is_shouted(text: str) -> bool:
    """A line written all in capitals ("MINUTES OF THE MEETING"): two words of letters or more."""
    if text.upper() != text or text.lower() == text:
        return False
    return sum(1 for word in text.split() if sum(c.isalpha() for c in word) >= 2) >= 2


@lru_cache(maxsize=4096)
def _ordinary_capitals(key: str, shouted: bool) -> bool:
    """An ordinary word in capitals: 5+ letters, or any length on a line all in capitals."""
    return (len(key) >= 5 or shouted) and is_dictionary_word(key)


def acronym_candidates(text: str):
    """Yield (start, end, key) for every acronym-like token, before the ordinary-word filter."""
    for m in _ACRONYM_RE.finditer(text):
        key = acronym_key(m.group())
        if key is not None:
            yield m.start(), m.end(), key


def _alone(text: str, start: int, end: int) -> bool:
    """The word is the whole line but for numbering and punctuation: a heading such as "4. AIMS"."""
    return not text[:start].strip(" 0123456789.)(-:\t") and not text[end:].strip(" .:;-")


def _caps_neighbour(text: str, start: int, end: int) -> bool:
    """Is the word just before or after text[start:end] an ordinary word in capitals?"""
    before = text[max(0, start - 20) : start].split()
    after = text[end : end + 20].split()
    for word in (before[-1] if before else "", after[0] if after else ""):
        word = word.strip(".,;:!?()'\"")
        if (
            len(word) >= 2
            and word.isupper()
            and word.isalpha()
            and (word in _CAPS_STOPWORDS or is_dictionary_word(word))
        ):
            return True
    return False


_MAY_CONTINUE = frozenset({"/", "@", "."})


def _address_after(text: str, end: int) -> bool:
    """"/", "@" or a dot followed by more of an address ("ICB.nhs.uk"), not a full stop."""
    after = text[end : end + 2]
    return after[:1] in ("/", "@") or (after[:1] == "." and after[1:].isalnum())


@lru_cache(maxsize=4096)
def _plain_key(key: str) -> bool:
    """Letters only and not an honour: a known one needs only its neighbours looked at."""
    return key.isalpha() and key not in POST_NOMINALS


def _filter_ordinary(
    text: str, candidates: list[tuple[int, int, str]], known: Collection[str]
) -> list[tuple[str, int, int]]:
    """Drop ordinary words in capitals ("AGENDA", "THE", the words of a shouted line) and
    look-alikes (postcodes, codes, surnames in capitals...; see lookalikes.py)."""
    found = []
    shouted: bool | None = None
    for start, end, key in candidates:
        if key in known:
            # the common case, kept cheap: a known abbreviation in running text
            if (
                _plain_key(key)
                and (not start or text[start - 1] not in ADDRESS_MARKS)
                and (text[end : end + 1] not in _MAY_CONTINUE or not _address_after(text, end))
            ):
                found.append((key, start, end))
                continue
        elif key.isupper() and key.isalpha():
            if key in _CAPS_STOPWORDS:
                continue
            if _ordinary_capitals(key, False):
                continue
            if is_dictionary_word(key):
                if shouted is None:
                    shouted = _is_shouted(text)
                if shouted or _caps_neighbour(text, start, end) or _alone(text, start, end):
                    continue
        if not is_lookalike(text, start, end, key, known):
            found.append((key, start, end))
    return found


def find_acronyms(text: str, *, known: Collection[str] = ()) -> list[tuple[str, int, int]]:
    """(acronym, start, end) for each acronym in ``text``, in order. Plurals and possessives are
    normalised (GPs -> GP). All-caps ordinary words ("AGENDA", or the words of a line written
    all in capitals) are left out unless listed in ``known``."""
    return _filter_ordinary(text, list(acronym_candidates(text)), known)


def snippet(text: str, start: int, end: int, width: int = 40) -> str:
    """The words around text[start:end], with an ellipsis where the text is cut."""
    a = start - width
    b = end + width
    if a > 0:
        space = text.find(" ", a, start)
        a = space + 1 if space >= 0 else a
        prefix = "\u2026"
    else:
        a, prefix = 0, ""
    if b < len(text):
        space = text.rfind(" ", end, b)
        b = space if space >= 0 else b
        suffix = "\u2026"
    else:
        suffix = ""
    return prefix + text[a:b].strip() + suffix


def location_of(block: Block, start: int = 0, end: int = 0) -> Location:
    """Where text[start:end] of the block is, with the words around it (snippet, inlined: this runs
    for every finding)."""
    text = block.text
    if end > start:
        a, b = start - 40, end + 40
    else:
        a, b, end = -60, 60, 0
    if a > 0:
        space = text.find(" ", a, start)
        a = space + 1 if space >= 0 else a
        prefix = "\u2026"
    else:
        a, prefix = 0, ""
    if b < len(text):
        space = text.rfind(" ", end, b)
        b = space if space >= 0 else b
        return Location(block.section, block.paragraph or None, block.page, prefix + text[a:b].strip() + "\u2026")
    return Location(block.section, block.paragraph or None, block.page, prefix + text[a:b].strip())


@dataclass(slots=True)
class _Definition:
    long: str
    position: tuple[int, int]
    location: Location
    in_glossary_section: bool
    short: str  # as the paper writes it ("PCNs"); the acronym's key is "PCN"
    end: int = 0  # where the explanation ends in its block


@dataclass(slots=True)
class _Acronym:
    key: str
    count: int = 0
    first_use: tuple[int, int] | None = None
    first_use_location: Location | None = None
    first_body_use: tuple[int, int] | None = None
    first_body_location: Location | None = None
    first_body_text: str = ""
    first_use_end: int = 0
    first_body_end: int = 0
    definitions: list[_Definition] = field(default_factory=list)


def _normalise_long(long: str) -> str:
    text = long.lower().replace("&", " and ").replace("-", " ")
    words = [w.strip(".,;:'\"()") for w in text.split()]
    words = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w and w != "the"]
    return " ".join(words)


# what may stand next to an abbreviation explained without brackets (see definitions._bare_form)
_BARE_BEFORE = frozenset({", ", "r ", "- ", "\u2013 ", "\u2014 "})
_DASHES = frozenset({"- ", "\u2013 ", "\u2014 "})


def _bare_cue_next_to(text: str, start: int, end: int) -> bool:
    """A comma, "or" or a dash next to the abbreviation (a cheap look before definitions_around)."""
    before = text[start - 2 : start]
    if before in _BARE_BEFORE or (before == "e " and text[start - 6 : start - 4] in _DASHES):
        return True
    return text[end : end + 4] == " or " or text[end : end + 5] == ", or "


_LINE_SEPARATOR_RE = re.compile(r"[:=\u2013\u2014\t]| - ")


def _may_be_a_definition_line(text: str) -> bool:
    """A cheap look before the regex: a short line with a separator near its start."""
    return len(text) < 200 and _LINE_SEPARATOR_RE.search(text, 0, 20) is not None


def _glossary_line(block: Block, checked: bool = False) -> tuple[str, str, str] | None:
    """(key, long form, short form as written) from a "SF - long form" line or a two-cell table row.
    ``checked`` (outside a glossary section) also wants the long form to spell the letters out."""
    if block.kind == TABLE_ROW and len([c for c in block.cells if c]) >= 2:
        cells = [c for c in block.cells if c]
        short, rest = cells[0].strip(), cells[1].strip()
    else:
        m = _GLOSSARY_LINE_RE.match(block.text)
        if not m:
            return None
        short, rest = m.group("sf"), m.group("rest").strip()
    if acronym_key(short) is None or not any(c.isupper() for c in short):
        return None
    long = forward_long_form(short, rest)
    if long is None:
        if checked:
            return None
        long = re.split(r"\.\s|\s[-\u2013\u2014]\s|;", rest)[0]
    long = long.strip(" .;:")
    return (acronym_key(short) or short, long, short) if long else None


class AcronymTracker:
    """Collects acronym uses and definitions block by block, then reports on them."""

    def __init__(self, glossary: Mapping[str, GlossaryEntry], allow: Collection[str]) -> None:
        self.glossary = glossary
        self.allow = allow
        self.acronyms: dict[str, _Acronym] = {}
        self._explained: set[str] = set()  # keys with at least one explanation so far
        self._glossary_level: int | None = None

    def _get(self, key: str) -> _Acronym:
        acronym = self.acronyms.get(key)
        if acronym is None:
            acronym = self.acronyms[key] = _Acronym(key)
        return acronym

    def add_block(
        self,
        index: int,
        block: Block,
        candidates: list[tuple[int, int, str]] | None = None,
        may_define: bool = True,
    ) -> None:
        """Record the acronyms used and defined in one block (blocks must come in order).
        ``candidates`` are this block's acronym_candidates if already found; ``may_define``
        False skips the definition finder for a block with no brackets or cue words."""
        text = block.text
        quiet = candidates is not None and not candidates and not may_define
        if quiet and block.kind != HEADING and self._glossary_level is None:
            return  # nothing to record: the common case, kept cheap
        if block.kind == HEADING:
            if _GLOSSARY_HEADING_RE.match(text):
                self._glossary_level = block.level
            elif self._glossary_level is not None and block.level <= self._glossary_level:
                self._glossary_level = None
        in_glossary = self._glossary_level is not None and block.kind != HEADING
        if candidates is None:
            candidates = list(acronym_candidates(text))
        spans: list[tuple[int, int]] = []
        # "SF - long form" on a line of its own explains SF even without a Glossary heading above
        # it, when the long form spells the letters out
        pair = (
            _glossary_line(block, checked=not in_glossary)
            if block.kind != HEADING
            and (
                in_glossary
                or (candidates and (block.kind == TABLE_ROW or (candidates[0][0] < 6 and _may_be_a_definition_line(text))))
            )
            else None
        )
        if pair is not None:
            self._explained.add(pair[0])
            self._get(pair[0]).definitions.append(
                _Definition(pair[1], (index, 0), location_of(block), in_glossary, pair[2], len(text))
            )
            spans.append((0, len(text)))
        elif not in_glossary:
            if may_define:  # a heading can explain an abbreviation too ("Primary Care Networks (PCNs)")
                found = iter_definitions(text)
            else:  # no brackets or cue words: only "long form, SF," "SF or ..." and the like,
                # looked for only while the abbreviation has no explanation yet
                explained = self._explained
                spans_around = [
                    (start, end)
                    for start, end, key in candidates
                    if key not in explained and _bare_cue_next_to(text, start, end)
                ]
                found = definitions_around(text, spans_around) if spans_around else []
            for d in found:
                key = acronym_key(d.short) or d.short
                self._explained.add(key)
                self._get(key).definitions.append(
                    _Definition(d.long, (index, d.start), location_of(block, d.start, d.end), False, d.short, d.end)
                )
                spans.append((d.start, d.end))
        acronyms = self.acronyms
        for key, start, end in _filter_ordinary(text, candidates, self.glossary.keys()):
            acronym = acronyms.get(key)
            if acronym is None:
                acronym = acronyms[key] = _Acronym(key)
            acronym.count += 1
            if acronym.first_use is None:
                acronym.first_use = (index, start)
                acronym.first_use_end = end
                acronym.first_use_location = location_of(block, start, end)
            if block.kind == HEADING or acronym.first_body_use is not None:
                continue
            if any(a <= start < b for a, b in spans):
                continue
            acronym.first_body_use = (index, start)
            acronym.first_body_end = end
            acronym.first_body_location = location_of(block, start, end)
            acronym.first_body_text = text[start:end]

    def _suggestion(self, key: str) -> str:
        entry = self.glossary.get(key)
        if entry is not None:
            return f"Write '{entry.long} ({key})' the first time you use it."
        return f"Write the words out in full the first time, with '{key}' in brackets after them."

    def results(self) -> tuple[list[tuple[tuple[int, int], Finding]], list[AcronymUse]]:
        findings: list[tuple[tuple[int, int], Finding]] = []
        uses: list[AcronymUse] = []
        for key, acronym in self.acronyms.items():
            if acronym.count == 0 and not acronym.definitions:
                continue
            definitions = acronym.definitions
            first_def = definitions[0] if definitions else None
            uses.append(
                AcronymUse(
                    short=first_def.short if first_def else key,
                    long=first_def.long if first_def else None,
                    defined_at=first_def.location if first_def else None,
                    first_used_at=acronym.first_use_location,
                    count=acronym.count,
                )
            )
            if acronym.count == 0:
                continue
            position = acronym.first_body_use or acronym.first_use or (0, 0)
            location = acronym.first_body_location or acronym.first_use_location or Location()
            end = acronym.first_body_end if acronym.first_body_use else acronym.first_use_end
            span = (position[0], position[1], end)
            if not definitions:
                if key in self.allow:
                    continue
                entry = self.glossary.get(key)
                meaning = f" It probably means '{entry.long}'." if entry else ""
                findings.append(
                    (
                        position,
                        Finding(
                            ACRONYM_UNDEFINED,
                            key,
                            location,
                            f"'{key}' is not explained anywhere in the paper.{meaning} Readers who do "
                            "not know it will be left out.",
                            self._suggestion(key),
                            SEVERITY[ACRONYM_UNDEFINED],
                            span,
                        ),
                    )
                )
                continue
            in_text = [d for d in definitions if not d.in_glossary_section]
            if (
                in_text
                and len(in_text) == len(definitions)
                and acronym.first_body_use is not None
                and acronym.first_body_use < in_text[0].position
            ):
                findings.append(
                    (
                        position,
                        Finding(
                            ACRONYM_DEFINED_LATE,
                            key,
                            location,
                            f"'{key}' is used before it is explained (it is explained later, at "
                            f"{in_text[0].location}).",
                            f"Move the explanation '{in_text[0].long} ({key})' to the first time you use it.",
                            SEVERITY[ACRONYM_DEFINED_LATE],
                            span,
                        ),
                    )
                )
            seen = {_normalise_long(definitions[0].long): definitions[0]}
            for d in definitions[1:]:
                norm = _normalise_long(d.long)
                if norm not in seen:
                    first = definitions[0]
                    findings.append(
                        (
                            d.position,
                            Finding(
                                ACRONYM_DEFINED_TWICE,
                                key,
                                d.location,
                                f"'{key}' is explained in two different ways: '{first.long}' "
                                f"({first.location}) and '{d.long}'.",
                                f"Use one meaning for '{key}' throughout, or use a different "
                                "abbreviation for the second meaning.",
                                SEVERITY[ACRONYM_DEFINED_TWICE],
                                (d.position[0], d.position[1], d.end),
                            ),
                        )
                    )
                    seen[norm] = d
        return findings, uses
