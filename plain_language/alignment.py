"""Line a short form's letters up with the words of a candidate long form.

The core matcher follows the idea described by Schwartz & Hearst (2003): walk the short form's
letters backwards through the words before it, the first letter starting a word. It is written from
the paper's description, with strategies in the spirit of Ab3P (Sohn et al. 2008) on top: several
alignments are tried and scored on how the letters line up with word starts, and plurals and number
words are understood. Where the definitions are written is definitions.py's business.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Words a long form may contain without a matching letter ("Department of Health").
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "via",
        "per",
        "as",
        "its",
        "their",
    ]
)

# Bracketed things that look short but are not abbreviations (compared case-sensitively).
_NOT_SHORT_FORMS = frozenset(
    [
        "e.g",
        "e.g.",
        "eg",
        "i.e",
        "i.e.",
        "ie",
        "etc",
        "etc.",
        "cf",
        "cf.",
        "viz",
        "vs",
        "vs.",
        "al",
        "et",
        "n",
        "p",
        "ns",
        "nd",
        "na",
        "ok",
        "yes",
        "no",
        "and",
        "or",
        "but",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "from",
        "by",
        "as",
        "is",
        "was",
        "were",
        "be",
        "are",
        "see",
        "fig",
        "figs",
        "ref",
        "refs",
        "i",
        "ii",
        "iii",
        "iv",
        "v",
        "vi",
        "vii",
        "viii",
        "ix",
        "x",
        "xi",
        "xii",
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
        "XI",
        "XII",
        "a",
        "b",
        "c",
        "d",
        "e",
        "f",
        "g",
        "h",
        "A",
        "B",
    ]
)

_STOP_INITIALS = frozenset(w[0] for w in STOPWORDS)
_STOPWORD_AT_RE = re.compile(r"(?:" + "|".join(sorted(STOPWORDS, key=len, reverse=True)) + r")\b")
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "first": "1",
    "second": "2",
    "third": "3",
    "single": "1",
    "double": "2",
    "twice": "2",
    "ten": "1",
}
_NUMBER_WORD_RE = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
CLOSERS = {"(": ")", "[": "]"}
_SENTENCE_END_RE = re.compile(r"[.!?]\s+(?=[A-Z0-9\"'\u2018\u201c])|[;:]\s|\n")
_TRIM_CHARS = " \t\n\"'\u2018\u2019\u201c\u201d,;:-\u2013\u2014"
_CONCENTRATION_RE = re.compile(r"^\[([^\[\]]+)\]([a-z])$")
_TRAILING_INDEX_RE = re.compile(r"(?:\([\d.,]+\)|-?\d+)$")
_TRAILING_NUMBER_RE = re.compile(r"\s+\d{1,4}$")
_LABEL_RE = re.compile(r"^\d+[a-z]$")
_VOWELS = frozenset("aeiouy")
_GREEK = frozenset(
    [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "kappa",
        "lambda",
        "mu",
        "sigma",
        "theta",
        "omega",
        "tau",
        "zeta",
        "eta",
        "rho",
        "phi",
        "psi",
    ]
)
# a prefix segment without a run of three lower-case letters: "2,6", "N", "4'", "(+/", "NH(2)"
_PREFIX_SEGMENT_RE = re.compile(r"^(?!.*[a-z]{3})[^\s]{0,12}$")


@lru_cache(maxsize=8192)
def looks_like_short_form(candidate: str) -> bool:
    """Could this bracketed text be an abbreviation? (SH's rules plus extra rejections)."""
    sf = candidate.strip()
    if not (1 <= len(sf) <= 12) or len(sf.split()) > 2:
        return False
    if not (sf[0].isalnum() or sf[0] in "[("):
        return False
    if not any(c.isalpha() for c in sf) or any(c in sf for c in "=<>%"):
        return False
    if sf in _NOT_SHORT_FORMS or sf.rstrip(".") in _NOT_SHORT_FORMS:
        return False
    if _LABEL_RE.match(sf):
        return False
    first = sf.split()[0]
    if len(sf.split()) == 2 and first.replace(".", "").isdigit():
        return False
    if len(sf) == 1:
        return sf.isupper()
    # an ordinary word ("mean", "controls", "Triese") is rarely an abbreviation
    ordinary = sf.islower() or (sf[0].isupper() and sf[1:].islower() and len(sf) > 4)
    return not (sf.isalpha() and len(sf) > 3 and _VOWELS & set(sf.lower()) and ordinary)


def looks_like_acronym_token(token: str) -> bool:
    caps = sum(1 for c in token if c.isupper())
    return 2 <= len(token) <= 12 and caps >= 2 and token[0].isalnum()


def letters_of(short: str) -> list[str]:
    return [c.lower() for c in short if c.isalnum()]


def _letter_variants(short: str) -> list[list[str]]:
    """Letter sequences to try: as written, without a plural 's', concentration '[X]i' rotated."""
    variants = [letters_of(short)]
    if len(short) >= 3 and short[-1] == "s" and short[-2].isupper():
        variants.insert(0, letters_of(short[:-1]))
    m = _CONCENTRATION_RE.match(short)
    if m:
        # [X]i is the concentration of X inside the cell, [X]o or [X]e outside it
        where = {"o": "e"}.get(m.group(2), m.group(2))
        variants.insert(0, [where, *letters_of(m.group(1))])
    # a trailing number or bracketed index is often not spelled out: "FEV(1.0)", "T3"; but one
    # letter and a longer number is a page or item ("presented (P28)"), not a definition
    stem = _TRAILING_INDEX_RE.sub("", short)
    letters = sum(c.isalpha() for c in stem)
    if stem != short and letters and (letters >= 2 or len(short) - len(stem) == 1):
        variants.append(letters_of(stem))
    return [v for v in variants if v]


def word_starts(text: str) -> list[bool]:
    """For each character, whether it starts a word (or a hyphenated/slashed part of one).
    Stopwords do not count as word starts: a long form rarely begins with "and" or "of"."""
    starts = []
    prev = ""
    for i, ch in enumerate(text):
        start = ch.isalnum() and (not prev or not prev.isalnum())
        if start and ch in _STOP_INITIALS and _STOPWORD_AT_RE.match(text, i):
            start = False
        starts.append(start)
        prev = ch
    return starts


def word_index(text: str) -> list[int]:
    """Map each character to the index of the whitespace-separated word holding it."""
    idx = []
    w = -1
    prev_space = True
    for ch in text:
        if ch.isspace():
            prev_space = True
        else:
            if prev_space:
                w += 1
            prev_space = False
        idx.append(w)
    return idx


def _match_greedy(letters: list[str], text: str, starts: list[bool]) -> list[int] | None:
    """Right-to-left, nearest occurrence of each letter; the first letter must start a word."""
    positions: list[int] = []
    li = len(text) - 1
    for si in range(len(letters) - 1, -1, -1):
        c = letters[si]
        while li >= 0 and not (text[li] == c and (si > 0 or starts[li])):
            li -= 1
        if li < 0:
            return None
        positions.append(li)
        li -= 1
    positions.reverse()
    return positions


def match_initials(letters: list[str], text: str, starts: list[bool]) -> list[int] | None:
    """Right-to-left, preferring a word-initial occurrence; falls back to the nearest one."""
    positions: list[int] = []
    li = len(text) - 1
    for si in range(len(letters) - 1, -1, -1):
        c = letters[si]
        j = li
        while j >= 0 and not (text[j] == c and starts[j]):
            j -= 1
        if j < 0 and si > 0:
            j = li
            while j >= 0 and text[j] != c:
                j -= 1
        if j < 0:
            return None
        positions.append(j)
        li = j - 1
    positions.reverse()
    return positions


def uncovered_words(text: str, positions: list[int], widx: list[int], extra_ok: frozenset) -> int:
    """Content words from the first matched word on that hold none of the short form's letters."""
    words = text.split()
    covered = {widx[p] for p in positions}
    count = 0
    for w in range(widx[positions[0]], len(words)):
        if w in covered:
            continue
        token = words[w].lower().strip("()[],;:\"'")
        if token and token not in STOPWORDS and token not in extra_ok:
            count += 1
    return count


def clean_long(long: str) -> str:
    long = long.strip(_TRIM_CHARS)
    # an unmatched bracket or quote at either end is not part of the long form
    while long and long[0] in "([" and CLOSERS[long[0]] not in long:
        long = long[1:].strip(_TRIM_CHARS)
    while long and long[-1] in ")]" and long.count(long[-1]) > long.count("(" if long[-1] == ")" else "["):
        long = long[:-1].strip(_TRIM_CHARS)
    for q in ('"', "\u201c", "\u201d"):
        if long.count(q) % 2 == 1:
            long = long.replace(q, "").strip(_TRIM_CHARS)
    # "the Care Quality Commission's (CQC) report": the possessive belongs to the sentence
    if long[-2:] in ("'s", "\u2019s") and len(long) > 3 and long[-3].isalpha():
        long = long[:-2]
    return long


def strip_possessive(token: str) -> str:
    """ICB's (curly or straight apostrophe) -> ICB: "Integrated Care Board's (ICB's)"."""
    return token[:-2] if token[-2:] in ("'s", "\u2019s", "'S", "\u2019S") and len(token) > 3 else token


def _clause_before(before: str) -> str:
    """The text a long form may come from: back to a sentence break, an open bracket or a
    separate bracketed remark; brackets glued to a word ("N-(1-naphthyl)") stay inside."""
    i = len(before) - 1
    while i >= 0:
        ch = before[i]
        if ch in ")]":
            opener = "(" if ch == ")" else "["
            depth = 0
            j = i
            while j >= 0:
                if before[j] == ch:
                    depth += 1
                elif before[j] == opener:
                    depth -= 1
                    if depth == 0:
                        break
                j -= 1
            if j < 0:
                return before[i + 1 :]
            glued_after = i + 1 < len(before) and not before[i + 1].isspace()
            if (j == 0 or before[j - 1].isspace()) and not glued_after:
                return before[i + 1 :]
            i = j - 1
            continue
        if ch in "([":
            return before[i + 1 :]
        i -= 1
    return before


def _window(before: str, n_letters: int) -> str:
    clause = _clause_before(before)
    cut = 0
    for m in _SENTENCE_END_RE.finditer(clause):
        cut = m.end()
    clause = clause[cut:]
    words = clause.split()
    max_words = min(n_letters + 5, n_letters * 2)
    return " ".join(words[-max_words:])


def matching_text(window: str, wants_digits: bool) -> str:
    """Lower-cased copy of the window, same length; number words begin with their digit."""
    text = window.lower()
    if wants_digits:
        text = _NUMBER_WORD_RE.sub(lambda m: _NUMBER_WORDS[m.group()] + m.group()[1:], text)
    return text


def best_long_form(short: str, before: str, *, strict: bool = False) -> str | None:
    """Try the short form's letter variants in order of preference; first valid long form wins.
    Then, as fallbacks: a long form a few lower-case words before the bracket ("the Integrated Care
    Board for our area (ICB)"), and an organisation's name that skips words (proper_name_long_form).
    ``strict`` (for definitions written without brackets) wants each letter to start a word."""
    extra_ok = frozenset({"concentration", "concentrations"}) if short.startswith("[") else frozenset()
    variants = _letter_variants(short)
    for letters in variants:
        long = _long_form_for(short, letters, before, extra_ok, strict=strict)
        if long is not None:
            return long
    if strict:
        return proper_name_long_form(short, before)
    trimmed = before.rstrip() if short.isalpha() and short.isupper() and len(short) >= 3 else ""
    for _ in range(3):
        trimmed, _, last = trimmed.rpartition(" ")
        if not trimmed or not last.isalpha() or not last.islower():
            break
        if trimmed.rpartition(" ")[2].lower() in STOPWORDS:
            continue
        for letters in variants:
            long = _long_form_for(short, letters, trimmed, extra_ok, strict=True)
            if long is not None and " " in long and "/" not in long:
                return long
    return proper_name_long_form(short, before)


_NAME_JOINERS = frozenset({"and", "of", "for", "the", "&", "in", "on", "at"})
_NAME_PUNCTUATION = "\"'\u2018\u2019\u201c\u201d"


def proper_name_long_form(short: str, before: str) -> str | None:
    """An organisation's name whose abbreviation skips some of its words: "Avon and Wiltshire Mental
    Health Partnership NHS Trust (AWP)". The capitalised words just before the bracket are the name;
    the short form's capitals must be, in order, their initials or letters of words written in
    capitals, the first on the name's first word."""
    letters = [c for c in strip_possessive(short) if c.isalnum()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return None
    words = before.rstrip().split()[-12:]
    run: list[str] = []
    for word in reversed(words):
        core = word.strip(_NAME_PUNCTUATION)
        if word[-1:] in ",;:.!?" and run:
            break
        if core[:1].isupper() or (run and core in _NAME_JOINERS):
            run.append(core.rstrip(",;:"))
            continue
        break
    run.reverse()
    while run and run[0] in _NAME_JOINERS:
        run.pop(0)
    units: list[tuple[str, int]] = []  # (letter, index of its word)
    for index, word in enumerate(run):
        if word in _NAME_JOINERS:
            continue
        if word.isupper() and word.isalpha() and len(word) <= 6:
            units += [(c, index) for c in word]
        else:
            units.append((word[0].upper(), index))
    for first, (letter, start_word) in enumerate(units):
        if letter != letters[0] or (first and units[first - 1][1] == start_word):
            continue
        position, matched = first + 1, 1
        while matched < len(letters) and position < len(units):
            if units[position][0] == letters[matched]:
                matched += 1
            position += 1
        if matched < len(letters):
            continue
        name = run[start_word:]
        if len(name) > len(letters) + 5 or len(name) < 2:
            return None
        return clean_long(" ".join(name))
    return None


def _long_form_for(
    short: str, letters: list[str], before: str, extra_ok: frozenset, strict: bool = False
) -> str | None:
    """Align ``letters`` with the words before the bracket and check the best alignment. ``strict``
    wants every letter at the start of a word and no word left without one."""
    window = _window(before, len(letters))
    if not window:
        return None
    text = matching_text(window, any(c.isdigit() for c in letters))
    starts = word_starts(text)
    widx = word_index(text)
    n_window_words = widx[-1] + 1
    best: tuple[tuple[int, int, int], str, int, str] | None = None
    for matcher in (_match_greedy, match_initials):
        positions = matcher(letters, text, starts)
        if positions is None:
            continue
        uncovered = uncovered_words(text, positions, widx, extra_ok)
        initials = sum(1 for p in positions if starts[p])
        n_words = n_window_words - widx[positions[0]]
        # fewest words without a letter, then most letters at word starts, then shortest
        key = (uncovered, -initials, n_words)
        if best is None or key < best[0]:
            best = (key, window[positions[0] :], len(letters), window)
    if best is None:
        return None
    (uncovered, neg_initials, n_words), raw, n_letters, window = best
    long = clean_long(_with_prefix(window, len(window) - len(raw)))
    if not any(c.isdigit() for c in short):
        long = _TRAILING_NUMBER_RE.sub("", long)
    if not long or len(long) <= len(short):
        return None
    lowered = long.lower()
    if lowered == short.lower() or short.lower() in lowered.split():
        return None
    if n_words > min(n_letters + 5, n_letters * 2) and n_words > 2:
        return None
    if uncovered > min(2, (n_letters - 1) // 2):
        return None
    if n_letters >= 2 and neg_initials == 0 and n_words > 1:
        return None
    if strict and (uncovered or -neg_initials < n_letters):
        return None
    first_word = lowered.split()[0]
    if first_word in STOPWORDS and n_words > 1:
        return None
    if not _balanced(long) or "), " in long:
        return None
    return long


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count("[") == text.count("]")


def _with_prefix(window: str, start: int) -> str:
    """The long form from ``start``, taking in a chemical-style prefix glued to the matched word
    ("2,6-diaminopurine", "alpha-1-antitrypsin") but not a real word ("malformations--")."""
    token_start = start
    while token_start > 0 and not window[token_start - 1].isspace():
        token_start -= 1
    prefix = window[token_start:start]
    if (
        prefix
        and "/" not in prefix
        and "--" not in prefix
        and all(_PREFIX_SEGMENT_RE.match(seg) or seg.lower() in _GREEK for seg in prefix.split("-") if seg)
    ):
        return window[token_start:]
    return window[start:]


def spelled_out(short: str, long: str) -> str | None:
    """Is ``long`` (the whole of it) a spelling-out of ``short``?"""
    n_words = len(long.split())
    letters = letters_of(short)
    if n_words > min(len(letters) + 5, len(letters) * 2):
        return None
    if n_words == 1 and len(long) < len(short) + 3:
        return None
    text = matching_text(long, any(c.isdigit() for c in letters))
    starts = word_starts(text)
    positions = match_initials(letters, text, starts)
    if positions is None or positions[0] != 0:
        return None
    widx = word_index(text)
    if uncovered_words(text, positions, widx, frozenset()) > (len(letters) - 1) // 2:
        return None
    if widx[positions[-1]] < n_words - 1 - sum(1 for w in long.lower().split()[-2:] if w in STOPWORDS):
        return None
    return long


def forward_long_form(short: str, following: str) -> str | None:
    """'SF stands for long form ...': the run of words that best spells the SF."""
    letters = letters_of(short)
    words = following.split()[: min(len(letters) + 5, len(letters) * 2)]
    best: tuple[tuple[int, int], str] | None = None
    for k in range(1, len(words) + 1):
        if words[k - 1].lower() in STOPWORDS:
            continue
        phrase = " ".join(words[:k])
        text = matching_text(phrase, any(c.isdigit() for c in letters))
        starts = word_starts(text)
        positions = match_initials(letters, text, starts)
        if positions is None or positions[0] != 0:
            continue
        widx = word_index(text)
        if widx[positions[-1]] != k - 1:
            continue
        if uncovered_words(text, positions, widx, frozenset()) > (len(letters) - 1) // 2:
            continue
        key = (-sum(1 for p in positions if starts[p]), k)
        if best is None or key < best[0]:
            best = (key, phrase)
    return clean_long(best[1]) if best else None


