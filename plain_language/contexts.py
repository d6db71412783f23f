"""The grammar that decides whether a listed phrase is stigmatising where it stands.

A word from plain_words.csv can carry a ``context``: the words around it decide. "Suffering from
long waits" is not victim framing, "suffering from dementia" is; "a psychotic episode" is clinical,
"a psychotic" or "the market is schizophrenic" labels; "people with bipolar disorder" is
respectful, "she is so OCD" is not. The word classes (clinical, person, condition, hardship,
trivial) are data: plain_language/data/word_classes.csv.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .data import word_classes

_WORD_RE = re.compile(r"[a-z0-9][a-z0-9'\u2019-]*")
_STOP = frozenset(".,;:!?)\x00\n")
# "so OCD", "a bit OCD", "is bipolar", "I'm so OCD": a condition's name used for a person or a mood
_DEGREE_OR_COPULA = frozenset(
    {
        "so", "such", "bit", "little", "slightly", "totally", "completely", "really", "very", "quite",
        "super", "extremely", "proper", "well", "a", "an", "is", "am", "are", "was", "were", "be",
        "been", "being", "seems", "seem", "looks", "look", "sounds", "sound", "acting", "gets", "get",
        "getting", "got", "go", "goes", "going", "gone", "went", "become", "becomes", "became", "i'm",
        "i\u2019m", "im", "he's", "she's", "he\u2019s", "she\u2019s", "you're", "you\u2019re",
    }
)  # fmt: skip
# Degree words and a person with a verb: "so OCD", "a bit OCD", "I'm OCD"; a bare "is OCD" can
# name a diagnosis ("the most common diagnosis is OCD"), so it is not enough for a noun
_DEGREE_OR_PERSON = frozenset(
    {
        "so", "such", "bit", "little", "slightly", "totally", "completely", "really", "very", "quite",
        "super", "extremely", "proper", "am", "i'm", "i\u2019m", "im", "he's", "she's", "he\u2019s",
        "she\u2019s", "you're", "you\u2019re", "they're", "they\u2019re", "we're", "we\u2019re",
    }
)  # fmt: skip
# Words between a subject and "suffering from": "patients who are often suffering from"
_AUXILIARIES = frozenset(
    {"is", "are", "was", "were", "be", "been", "being", "who", "also", "still", "often", "currently",
     "may", "might", "can", "could", "will", "would", "have", "has", "had", "already", "now", "and"}
)  # fmt: skip
_PERSONAL = frozenset(
    {"i", "you", "he", "she", "we", "they", "who", "someone", "anyone", "everyone", "somebody", "me",
     "him", "her", "them", "us", "those", "many", "some", "others", "thousands", "millions"}
)  # fmt: skip
# "drives me mad", "going nuts", "gone mad"
_MAKES_MAD = frozenset(
    {
        "drive", "drives", "driving", "drove", "driven", "go", "goes", "going", "gone", "went", "me",
        "us", "you", "him", "her", "them", "everyone", "people",
    }
)  # fmt: skip
# After "with bipolar", "affected by bipolar", "diagnosis of bipolar" the word names the condition.
_NAMES_THE_CONDITION_AFTER = frozenset(
    {"with", "by", "of", "has", "have", "had", "having", "about", "from", "for", "and", "or", "diagnosed"}
)
# After a condition's name these show it is a noun ("Bipolar is ...", "bipolar and its effects").
_FUNCTION_WORDS = frozenset(
    {
        "is", "are", "was", "were", "be", "has", "have", "had", "can", "may", "might", "will", "would",
        "should", "could", "does", "do", "did", "and", "or", "but", "in", "on", "at", "to", "for",
        "with", "by", "from", "as", "that", "which", "who", "than", "affects", "causes", "means",
    }
)  # fmt: skip
_CONDITION_ENDINGS = ("ia", "osis", "oses", "itis", "pathy", "phobia")
_NOT_CONDITIONS = frozenset({"media", "criteria", "via", "india", "militia", "trivia", "utopia", "encyclopedia"})


def _strip(word: str) -> str:
    for ending in ("'s", "\u2019s", "s'", "s\u2019"):
        if word.endswith(ending) and len(word) > 3:
            return word[: -len(ending)] if ending[0] in "'\u2019" else word[:-1]
    return word


def _words_after(lowered: str, end: int, limit: int) -> list[str]:
    words: list[str] = []
    position = end
    while len(words) < limit:
        while position < len(lowered) and lowered[position] in " \t\"'\u2018\u2019\u201c\u201d(-":
            position += 1
        if position >= len(lowered) or lowered[position] in _STOP:
            break
        m = _WORD_RE.match(lowered, position)
        if not m:
            break
        words.append(_strip(m.group()))
        position = m.end()
    return words


def _word_before(lowered: str, start: int) -> str:
    window = lowered[max(0, start - 40) : start].rstrip(" \t\"'\u2018\u2019\u201c\u201d")
    if not window or window[-1] in _STOP:
        return ""
    words = _WORD_RE.findall(window)
    return _strip(words[-1]) if words else ""


def _words_before(lowered: str, start: int, limit: int) -> list[str]:
    window = lowered[max(0, start - 60) : start]
    cut = max(window.rfind(mark) for mark in _STOP)
    return _WORD_RE.findall(window[cut + 1 :])[-limit:]


@lru_cache(maxsize=4096)
def is_condition(word: str) -> bool:
    if word in word_classes()["condition"]:
        return True
    return len(word) > 5 and word.endswith(_CONDITION_ENDINGS) and word not in _NOT_CONDITIONS


def _names_a_condition(words: list[str], default: bool | None) -> bool | None:
    """Reading on from a phrase: a condition named first means yes, a hardship first means no."""
    hardship = word_classes()["hardship"]
    for word in words:
        if is_condition(word):
            return True
        if word in hardship:
            return False
    return default


def _about_a_person(lowered: str, text: str | None, start: int) -> bool:
    """Is the subject of "suffering from ..." a person ("she", "patients", "Anna")? Used when what
    follows names neither a condition nor a hardship ("the report suffers from poor data")."""
    person = word_classes()["person"]
    position = start
    for _ in range(6):
        window = lowered[max(0, position - 40) : position]
        words = list(_WORD_RE.finditer(window))
        if not words or window[words[-1].end() :].strip(" \t") not in ("", ","):
            return False
        word = words[-1]
        position = max(0, position - 40) + word.start()
        value = _strip(word.group())
        if value in _AUXILIARIES:
            continue
        if value in person or value in _PERSONAL:
            return True
        return text is not None and text[position : position + 1].isupper() and position > 0
    return False


def _proper_name(text: str | None, start: int, end: int) -> bool:
    """Capitalised and followed by a capitalised word: "Manic Depression Fellowship", "Bipolar UK"."""
    if text is None or not text[start : start + 1].isupper():
        return False
    rest = text[end : end + 30].lstrip(" ")
    return rest[:1].isupper()


def context_allows(context: str, lowered: str, start: int, end: int, text: str | None = None) -> bool:
    """Should the phrase at ``lowered[start:end]`` be reported, given its ``context`` rule?"""
    if not context:
        return True
    classes = word_classes()
    if context == "victim":
        named = _names_a_condition(_words_after(lowered, end, 6), default=None)
        return _about_a_person(lowered, text, start) if named is None else named
    if context == "condition-follows":
        return _names_a_condition(_words_after(lowered, end, 6), default=False)
    if context == "after-condition":
        return is_condition(_word_before(lowered, start))
    if context == "after-verb":
        return _word_before(lowered, start) in _MAKES_MAD
    if context == "beds-follow":  # "blocking acute beds", "beds were blocked"
        near = _words_after(lowered, end, 2) + _words_before(lowered, start, 2)
        return any(word in ("bed", "beds") for word in near)
    following = _words_after(lowered, end, 1)
    after = following[0] if following else ""
    if after in classes["clinical"] or _proper_name(text, start, end):
        return False
    if context == "label":
        return True
    before = _word_before(lowered, start)
    if context == "condition-label":  # OCD, ADHD: nouns; a label only after "so", "a bit", "I'm"...
        return before in _DEGREE_OR_PERSON or after in classes["person"]
    if context == "condition-adjective":  # bipolar: also a label before a noun ("bipolar weather")
        if before in _DEGREE_OR_COPULA or after in classes["person"] or after in classes["trivial"]:
            return True
        return bool(after) and after not in _FUNCTION_WORDS and before not in _NAMES_THE_CONDITION_AFTER
    raise ValueError(f"Unknown context {context!r} in plain_words.csv")
