"""Find where a text explains an abbreviation: "long form (SF)", "SF (long form)", "(long form, SF)",
"SF stands for ...", "... known as SF". The letters are lined up by alignment.py.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .alignment import (
    CLOSERS,
    best_long_form,
    clean_long,
    forward_long_form,
    looks_like_acronym_token,
    looks_like_short_form,
    spelled_out,
    strip_possessive,
)

_LETTER_AND_NUMBER_RE = re.compile(r"^[A-Z]\d{1,3}$")  # "Q3 (Quarter 3)", "S117 (Section 117)"
# An abbreviation-looking token (two capitals or more), for the forms written without brackets.
_TOKEN_RE = re.compile(r"(?<![\w&/-])[A-Z][A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*(?:['\u2019]s)?(?![\w&/-])")
_DASH_LEAD_RE = re.compile(r"\s[-\u2013\u2014]\s(?:the\s)?$")
_OR_BEFORE_RE = re.compile(r"(?:,\s*)?\bor\s+(?:the\s+)?$")
_OR_AFTER_RE = re.compile(r",?\s+or\s+(?:the\s+)?(?=[A-Z])")

_OPENER_RE = re.compile(r"[(\[]")
_BRACKET_MAY_FOLLOW = frozenset(" \t\n\"'\u201c\u2018/")
_IN_WORDS_BEFORE_RE = re.compile(
    r"(?:,\s*|\(\s*|\s)(?:(?:here(?:in)?after|henceforth|also|commonly|otherwise|often|usually"
    r"|simply)\s+)?(?:(?:referred\s+to|known|abbreviated|shortened)\s+as|called|termed"
    r"|here(?:in)?after|henceforth)\s+(?:the\s+|an?\s+)?[\"'\u2018\u201c]?"
    r"(?P<sf>[A-Za-z0-9][A-Za-z0-9&\-/]{0,11})[\"'\u2019\u201d]?(?=[\s,.;:)]|$)",
    re.IGNORECASE,
)
_IN_WORDS_AFTER_RE = re.compile(
    r"(?:^|(?<=[\s(\"'\u2018\u201c]))[\"'\u2018\u201c]?(?P<sf>[A-Za-z0-9][A-Za-z0-9&\-/]{0,11})"
    r"[\"'\u2019\u201d]?,?\s+(?:stands\s+for|is\s+short\s+for"
    r"|is\s+(?:an?|the)\s+(?:abbreviation|acronym|initialism)\s+(?:of|for)|means)\s+"
    r"(?:the\s+)?(?P<lf>[^.;:()\n]{2,200})",
)
_BRACKET_LEAD_RE = re.compile(
    r"^(?:or|the|also|aka|a\.k\.a\.|hereafter|henceforth|(?:also\s+)?(?:known|referred\s+to)\s+as|called)\s+",
    re.IGNORECASE,
)
_BRACKET_TAIL_RE = re.compile(r"\s+for\s+short$", re.IGNORECASE)


def _short_from_brackets(inside: str) -> str | None:
    """The abbreviation in "(SF)", "(SF; ...)", "(or SF)", "(the SF)", "(SF for short)"."""
    inside = _BRACKET_TAIL_RE.sub("", _BRACKET_LEAD_RE.sub("", inside.strip()))
    inside = strip_possessive(inside.strip("\"'\u2018\u2019\u201c\u201d "))
    # "(SF; ...)" or "(SF, ...)": only an abbreviation-looking head counts
    for sep in (";", ", ", " - ", " \u2013 ", " = "):
        if sep in inside:
            head = inside.split(sep, 1)[0].strip()
            if looks_like_short_form(head) and (
                len(head) <= 4 or any(c.isdigit() for c in head) or looks_like_acronym_token(head)
            ):
                return head
            return None
    return inside if looks_like_short_form(inside) else None


def _reversed_definition(before: str, inside: str) -> tuple[str, str] | None:
    """'SF (long form)': the word before the bracket is an abbreviation spelled out inside."""
    tokens = before.split()
    if not tokens:
        return None
    short = strip_possessive(tokens[-1].strip("\"'\u2018\u2019\u201c\u201d,;:"))
    if short.endswith(".") and "." not in short[:-1]:
        short = short[:-1]
    letter_and_number = not looks_like_acronym_token(short)
    if letter_and_number and (not _LETTER_AND_NUMBER_RE.match(short) or " " not in inside.strip()):
        return None
    if not (short[-1].isalnum() or short[-1] == "."):
        return None
    head = re.split(r"[;,]\s", inside)[0]
    for candidate in (head, inside) if head != inside else (head,):
        long = spelled_out(short, clean_long(candidate))
        if long is not None:
            return short, long
    return None


def _inside_definition(inside: str) -> tuple[str, str] | None:
    """'(long form, SF)': both inside the brackets, the abbreviation last."""
    head, sep, tail = inside.rpartition(", ")
    short = tail.strip()
    if not sep or not looks_like_acronym_token(short) or not looks_like_short_form(short):
        return None
    if any(c in head for c in "()[]"):
        return None
    long = best_long_form(short, head)
    return (short, long) if long is not None else None


def _bracketed(text: str):
    """Yield (start, end, inside) for bracketed remarks that begin a word, nesting allowed."""
    for m in _OPENER_RE.finditer(text):
        start = m.start()
        if start and text[start - 1] not in _BRACKET_MAY_FOLLOW:
            continue
        opener = text[start]
        depth = 0
        limit = min(len(text), start + 200)
        j = start
        while j < limit:
            ch = text[j]
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= limit or text[j] != CLOSERS[opener]:
            continue
        # "(ERK)1" is part of a name, not a remark
        if j + 1 < len(text) and text[j + 1].isalnum():
            continue
        yield start, j + 1, text[start + 1 : j]


class Definition(NamedTuple):
    """A definition found in a text: [start, end) covers the long form and the short form."""

    start: int
    end: int
    short: str
    long: str


_IN_WORDS_BEFORE_CUES = (
    "known as",
    "referred to as",
    "called",
    "termed",
    "hereafter",
    "henceforth",
    "abbreviated",
    "shortened",
)
_IN_WORDS_AFTER_CUES = ("stands for", "short for", "means", "abbreviation", "acronym", "initialism")


def iter_definitions(text: str) -> list[Definition]:
    """All definitions in ``text`` in order, with their character spans."""
    found: list[Definition] = []
    if "(" in text or "[" in text:
        for start, end, inside in _bracketed(text):
            before = text[max(0, start - 300) : start]
            short = _short_from_brackets(inside.strip().strip("\"'\u201c\u201d\u2018\u2019"))
            if short is not None:
                long = best_long_form(short, before)
                if long is not None:
                    lf_start = text.rfind(long, max(0, start - 300), start)
                    found.append(Definition(lf_start if lf_start >= 0 else start, end, short, long))
                    continue
            pair = _reversed_definition(before, inside)
            if pair is not None:
                sf_start = text.rfind(pair[0], max(0, start - 40), start)
                found.append(Definition(sf_start if sf_start >= 0 else start, end, *pair))
                continue
            pair = _inside_definition(inside)
            if pair is not None:
                found.append(Definition(start, end, *pair))
    lowered = text.lower()
    if any(cue in lowered for cue in _IN_WORDS_BEFORE_CUES):
        for m in _IN_WORDS_BEFORE_RE.finditer(text):
            short = m.group("sf")
            if not (looks_like_acronym_token(short) or looks_like_short_form(short)):
                continue
            before = text[max(0, m.start() - 300) : m.start()]
            long = best_long_form(short, before)
            if long is not None:
                lf_start = text.rfind(long, max(0, m.start() - 300), m.start() + 1)
                found.append(Definition(lf_start if lf_start >= 0 else m.start(), m.end(), short, long))
    if any(cue in lowered for cue in _IN_WORDS_AFTER_CUES):
        for m in _IN_WORDS_AFTER_RE.finditer(text):
            short = m.group("sf")
            if not looks_like_acronym_token(short):
                continue
            long = forward_long_form(short, m.group("lf"))
            if long is not None:
                end = text.find(long, m.start("lf"))
                found.append(Definition(m.start(), end + len(long) if end >= 0 else m.end(), short, long))
    if has_bare_definition_cue(text):
        taken = [(d.start, d.end) for d in found]
        spans = [
            m.span()
            for m in _TOKEN_RE.finditer(text)
            if not any(a <= m.start() < b for a, b in taken)
        ]
        found += definitions_around(text, spans)
    found.sort(key=lambda d: d.start)
    # "(hereafter ICB)" is both a bracket and a cue in words: keep one
    unique: list[Definition] = []
    for d in found:
        if not unique or (d.short, d.long) != (unique[-1].short, unique[-1].long) or d.start >= unique[-1].end:
            unique.append(d)
    return unique


def has_bare_definition_cue(text: str) -> bool:
    """Could the text hold a definition without brackets: "long form, SF,", "SF or ...", a dash pair?"""
    return ", " in text or " or " in text or " \u2013 " in text or " - " in text or " \u2014 " in text


_DASHES = ("- ", "\u2013 ", "\u2014 ")


def _bare_form(text: str, start: int, end: int) -> tuple[str, int] | None:
    """Which definition without brackets may be written around ``text[start:end]``, and where the
    long form before it would end: "commas", "dashes", "or-before", "or-after". None for most."""
    before = text[start - 2 : start] if start >= 2 else ""
    after = text[end : end + 1]
    if before == ", " and after == ",":
        return "commas", start - 2
    if before == "r ":
        m = _OR_BEFORE_RE.search(text, max(0, start - 12), start)
        if m:
            return "or-before", m.start()
    if (before in _DASHES or before == "e ") and text[end : end + 2] in (" -", " \u2013", " \u2014"):
        m = _DASH_LEAD_RE.search(text, max(0, start - 8), start)
        if m:
            return "dashes", m.start()
    if (text[end : end + 4] == " or " or text[end : end + 5] == ", or ") and _OR_AFTER_RE.match(text, end):
        return "or-after", end
    return None


def definitions_around(text: str, spans: list[tuple[int, int]]) -> list[Definition]:
    """Definitions written around an abbreviation without brackets: "long form, SF, ...",
    "long form - SF - ...", "long form, or SF", "SF or long form". ``spans`` are the
    abbreviations' places in ``text``."""
    found: list[Definition] = []
    for start, end in spans:
        form = _bare_form(text, start, end)
        if form is None:
            continue
        short = strip_possessive(text[start:end])
        if not looks_like_acronym_token(short) or text[end : end + 1] in ("-", "/"):
            continue
        kind, cut = form
        if kind == "or-after":
            m = _OR_AFTER_RE.match(text, end)
            long = forward_long_form(short, text[m.end() : m.end() + 300]) if m else None
            if long is not None and not long.lower().startswith(short.lower()):
                lf_end = text.find(long, end)
                found.append(Definition(start, lf_end + len(long) if lf_end >= 0 else end, short, long))
            continue
        long = best_long_form(short, text[max(0, cut - 300) : cut], strict=True)
        if long is not None:
            lf_start = text.rfind(long, max(0, start - 300), start)
            found.append(Definition(lf_start if lf_start >= 0 else start, end, short, long))
    return found


def find_definitions(text: str) -> list[tuple[str, str]]:
    """Return (short form, long form) pairs in the order they are defined in ``text``."""
    return [(d.short, d.long) for d in iter_definitions(text)]
