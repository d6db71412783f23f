"""Tokens that look like acronyms but are not: postcodes, codes and references, units, web
addresses, surnames and honours in capitals, names styled in capitals, months, Roman numerals.

Each rule is about the token's shape and its neighbours, never a list of the tokens seen. They are
checked only for acronym candidates, so a paper without capitals costs nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from .readability import is_dictionary_word

_WEB_RE = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:[\w-]+\.)+(?:uk|com|org|net|nhs|gov|scot|wales)\b\S*"
)
# Letters and digits together in one token: a code when there are two letters or more (WL1903,
# CO1, JHO5) or when the digits come first (4RQ, 1A); a single capital and digits (S117, Q3) is
# usually a name for something.
_CODE_RE = re.compile(r"^(?:[A-Za-z]{2,}\d[A-Za-z\d]*|\d+[A-Za-z]{1,2}\d*)$")
_ONE_LETTER_CODE_RE = re.compile(r"^[A-Z]\d{1,4}[A-Z]?$")
_ROMAN_RE = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")
# Document parts that a letter-and-number reference follows ("page P20", "item B4").
_REFERENCE_NOUNS = frozenset(
    [
        "page",
        "pages",
        "p",
        "pp",
        "para",
        "paragraph",
        "paragraphs",
        "item",
        "items",
        "paper",
        "papers",
        "appendix",
        "annex",
        "enclosure",
        "table",
        "figure",
        "fig",
        "ref",
        "reference",
        "minute",
        "minutes",
        "room",
        "section",
        "sections",
        "agenda",
    ]
)
_UNITS = frozenset({"KB", "MB", "GB", "TB", "KW", "MW", "GW", "KWH", "MWH", "MHZ", "GHZ"})
_MONTHS_AND_DAYS = frozenset(
    [
        "JANUARY",
        "FEBRUARY",
        "MARCH",
        "APRIL",
        "MAY",
        "JUNE",
        "JULY",
        "AUGUST",
        "SEPTEMBER",
        "OCTOBER",
        "NOVEMBER",
        "DECEMBER",
        "JAN",
        "FEB",
        "MAR",
        "APR",
        "JUN",
        "JUL",
        "AUG",
        "SEP",
        "SEPT",
        "OCT",
        "NOV",
        "DEC",
        "MONDAY",
        "TUESDAY",
        "WEDNESDAY",
        "THURSDAY",
        "FRIDAY",
        "SATURDAY",
        "SUNDAY",
        "MON",
        "TUE",
        "TUES",
        "WED",
        "THU",
        "THUR",
        "THURS",
        "FRI",
        "SAT",
        "SUN",
    ]
)
# Letters written after a person's name: honours, parliaments, councils, professions.
POST_NOMINALS = frozenset(
    [
        "OBE",
        "MBE",
        "CBE",
        "KBE",
        "DBE",
        "BEM",
        "CB",
        "CH",
        "QC",
        "KC",
        "JP",
        "DL",
        "MP",
        "MSP",
        "MS",
        "AM",
        "MLA",
        "MEP",
        "MPP",
        "CC",
        "RN",
        "RMN",
        "RGN",
        "RMHN",
        "FRCP",
        "FRCPSYCH",
        "MRCPSYCH",
        "FRCGP",
        "MRCGP",
        "FRCS",
        "FRCN",
        "PHD",
        "MD",
    ]
)
_HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "cllr",
        "councillor",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "revd",
        "baroness",
    ]
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z'\u2019.-]*)\W*$")
_NAME_WORD_RE = re.compile(r"^[A-Z][a-z]+(?:[-'\u2019][A-Z]?[a-z]+)*$")
_SURNAME_PREFIX_RE = re.compile(r"^(?:Ma?c|MA?C|O['\u2019])[A-Z]{3,}$")


def _words_before(text: str, start: int, count: int = 3) -> list[str]:
    """Up to ``count`` words just before ``start``, nearest last, stopping at a line or clause break."""
    window = text[max(0, start - 60) : start]
    cut = max(window.rfind(mark) for mark in "\n,;:(")
    if cut >= 0:
        window = window[cut + 1 :]
    return [w.strip(".") for w in window.split()][-count:]


def _segment_starts_before(text: str, start: int, words: int) -> bool:
    """Do the ``words`` words before ``start`` begin a line, a clause or follow an honorific?"""
    window = text[max(0, start - 80) : start]
    cut = max(window.rfind(mark) for mark in "\n,;:(")
    segment = window[cut + 1 :].split()
    if len(segment) == words:
        return True
    return len(segment) > words and segment[-words - 1].lower().strip(".") in _HONORIFICS


def _ends_a_name(text: str, end: int) -> bool:
    """A surname is followed by the end of the line, a comma, a bracket or lower-case words."""
    rest = text[end : end + 20]
    stripped = rest.lstrip(" ")
    if not stripped or stripped[0] in "\n,;:()-\u2013\u2014":
        return True
    return stripped[0].islower()


def _after_a_personal_name(text: str, start: int) -> bool:
    """Is the token just after "Firstname Surname", "Dr T Surname" or "Cllr Surname"?"""
    words = _words_before(text, start, 3)
    if not words or not _NAME_WORD_RE.match(words[-1]):
        return False
    if len(words) >= 2 and (_NAME_WORD_RE.match(words[-2]) or (len(words[-2]) == 1 and words[-2].isupper())):
        return True
    return len(words) >= 2 and words[-2].lower().strip(".") in _HONORIFICS


def _surname(text: str, start: int, end: int, key: str) -> bool:
    """A surname written in capitals in an attendance list: "Lynne SHORT", "Trudy McLEAY (Chair)"."""
    if not _ends_a_name(text, end):
        return False
    words = _words_before(text, start, 3)
    first_names = 0
    for word in reversed(words):
        if _NAME_WORD_RE.match(word) and word.lower() not in _HONORIFICS:
            first_names += 1
        else:
            break
    if not first_names or not _segment_starts_before(text, start, first_names):
        return False
    if _SURNAME_PREFIX_RE.match(key):
        return True
    return key.isalpha() and key.isupper() and len(key) >= 3 and _pronounceable(key)


_CONSONANT_RUN_RE = re.compile(r"[^AEIOUY]{3,}")


@lru_cache(maxsize=4096)
def word_shaped(key: str) -> bool:
    """A long word in capitals that reads as a word, not as letters: a place name or a heading
    word the dictionary lacks (LLANDUDNO, TAWELFAN). Initialisms of seven letters or more have
    few vowels or a run of consonants (CYPMHS, MRCPSYCH)."""
    if len(key) < 7 or not key.isalpha() or not key.isupper():
        return False
    vowels = sum(c in "AEIOUY" for c in key)
    return vowels * 3 >= len(key) and _CONSONANT_RUN_RE.search(key) is None


@lru_cache(maxsize=4096)
def _pronounceable(key: str) -> bool:
    """A word or a name the pronouncing dictionary knows, with a vowel (SHORT, IRONS; not CCG)."""
    return any(c in "AEIOUY" for c in key) and is_dictionary_word(key)


def _styled_name(text: str, start: int, end: int, key: str) -> bool:
    """A short ordinary word in capitals inside a name: "The ARK Conference Centre"."""
    if not (key.isalpha() and key.isupper() and 3 <= len(key) <= 4 and _pronounceable(key)):
        return False
    before = _words_before(text, start, 1)
    after = text[end : end + 30].split()
    return bool(before and after) and before[-1][:1].isupper() and _NAME_WORD_RE.match(after[0]) is not None


def _bracketed_alone(text: str, start: int, end: int) -> bool:
    return start > 0 and text[start - 1] in "([" and text[end : end + 1] in ")]"


def _reference(text: str, start: int, end: int, key: str) -> bool:
    """A page or item reference: "(P20)", "page P20", "enclosure E3"."""
    if not _ONE_LETTER_CODE_RE.match(key):
        return False
    if _bracketed_alone(text, start, end):
        return True
    before = _words_before(text, start, 1)
    return bool(before) and before[-1].lower() in _REFERENCE_NOUNS


def _after_a_number(text: str, start: int) -> bool:
    before = text[max(0, start - 2) : start]
    return bool(before) and (before[-1].isdigit() or (before[-1] == " " and before[:1].isdigit()))


_OUTWARD_RE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
_INWARD_RE = re.compile(r"^\d[A-Z]{2}$")
_INWARD_AFTER_RE = re.compile(r" ?\d[A-Z]{2}\b")
_OUTWARD_BEFORE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?$")


def _in_postcode(text: str, start: int, end: int, key: str) -> bool:
    """Is the token one half of a UK postcode (LA9 4RQ, B19 3SD, EH12 9EB)?"""
    if _OUTWARD_RE.match(key):
        return _INWARD_AFTER_RE.match(text, end) is not None
    if _INWARD_RE.match(key):
        return _OUTWARD_BEFORE_RE.search(text[max(0, start - 6) : start]) is not None
    return False


ADDRESS_MARKS = frozenset("/.@=?#&_-")


def _in_web_address(text: str, start: int, end: int) -> bool:
    """Is the token part of a web or email address (…/BoardPapers/ICB2024, www.…)?"""
    left = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    right = min((i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0), default=len(text))
    return _WEB_RE.search(text[left:right]) is not None


@lru_cache(maxsize=4096)
def _shape(key: str) -> tuple[bool, bool, bool, bool]:
    """What the key alone says: (has a digit, always a look-alike, a code, could be a name in capitals)."""
    has_digit = not key.replace("&", "").isalpha()
    always = _ROMAN_RE.match(key) is not None or key in _MONTHS_AND_DAYS or word_shaped(key)
    code = has_digit and _CODE_RE.match(key) is not None
    name_like = not has_digit and (
        _SURNAME_PREFIX_RE.match(key) is not None or (key.isupper() and len(key) >= 3 and _pronounceable(key))
    )
    return has_digit, always, code, name_like


def is_lookalike(text: str, start: int, end: int, key: str, known: Collection[str]) -> bool:
    """Is the acronym candidate ``text[start:end]`` (normalised to ``key``) something else?
    ``known`` (the glossary's abbreviations) only protects codes and capitalised words; honours
    after a name and parts of postcodes or web addresses are never acronyms."""
    before = text[start - 1] if start else " "
    after = text[end : end + 2]
    address_next = after[:1] in ("/", "@") or (after[:1] == "." and after[1:].isalnum())
    if (before in ADDRESS_MARKS or address_next) and _in_web_address(text, start, end):
        return True
    if after[:1] in ("/", ".") and after[1:].isdigit():
        return True  # a reference: "HSCP.19.070", "EPB59/941", "HWB/2024/07"
    if key in POST_NOMINALS and _after_a_personal_name(text, start):
        return True
    alphabetic = key.isalpha()
    if not alphabetic and _in_postcode(text, start, end, key):
        return True
    if key in known:
        return False
    has_digit, always, code, name_like = _shape(key)
    if always or code:
        return True
    if has_digit:
        return _reference(text, start, end, key)
    if key in _UNITS and _after_a_number(text, start):
        return True
    return name_like and (_surname(text, start, end, key) or _styled_name(text, start, end, key))
