"""Find jargon, exclusionary and stigmatising phrases from plain_language/data/plain_words.csv.

All phrases are compiled into one regular expression shaped like a trie (shared prefixes are
factored out), so a text is scanned once however long the list grows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from .contexts import context_allows
from .data import PlainWordRule, plain_word_rules

_SEPARATOR = " "
_SEP_RE = re.compile(r"[\s\-]+")
_NEXT_WORDS_RE = re.compile(r"[\s\-]+([a-z']+)(?:\s+([a-z']+))?")


def _normalise(phrase: str) -> str:
    return _SEP_RE.sub(_SEPARATOR, phrase.strip().lower())


def _trie_pattern(phrases: list[str]) -> str:
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        branches = []
        for ch in sorted(k for k in node if k):
            piece = r"[\s\-]+" if ch == _SEPARATOR else re.escape(ch)
            branches.append(piece + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(trie)


class PhraseMatcher:
    """Matches whole-word phrases (case-insensitive, hyphen or space between words)."""

    def __init__(self, rules: tuple[PlainWordRule, ...]) -> None:
        self.rules: dict[str, PlainWordRule] = {}
        for rule in rules:
            for variant in rule.variants:
                self.rules.setdefault(_normalise(variant), rule)
        # A phrase starts after a space, quote, bracket, slash or hyphen. Starting the pattern
        # with that character class lets the regex engine skip quickly through the text.
        self.pattern = re.compile(r"[\s\"'(\u2018\u201c/\-](" + _trie_pattern(list(self.rules)) + r")\b")

    def rule_for(self, found: str) -> PlainWordRule | None:
        """The rule a matched phrase belongs to ("Utilised" -> the utilise row)."""
        return self.rules.get(_normalise(found))

    def matches(self, lowered: str, text: str | None = None) -> Iterator[tuple[int, int, PlainWordRule]]:
        """Yield (start, end, rule) for each phrase in already lower-cased text. ``text`` (the same
        text before lower-casing) lets the grammar tell names ("Bipolar UK") from labels."""
        padded = " " + lowered
        for m in self.pattern.finditer(padded):
            found = m.group(1)
            rule = self.rules.get(found) or self.rules.get(_normalise(found))
            if rule is None:
                continue
            start, end = m.start(1) - 1, m.end(1) - 1
            if rule.not_before or rule.only_before:
                nxt = _NEXT_WORDS_RE.match(lowered, end)
                following = (nxt.group(1), nxt.group(2) or "") if nxt else ("", "")
                if following[0] in rule.not_before:
                    continue
                if rule.only_before and not any(
                    tuple(following[: len(words)]) == words for words in rule.only_before
                ):
                    continue
            if rule.context and not context_allows(rule.context, lowered, start, end, text):
                continue
            yield start, end, rule


@lru_cache(maxsize=1)
def default_matcher() -> PhraseMatcher:
    return PhraseMatcher(plain_word_rules())
