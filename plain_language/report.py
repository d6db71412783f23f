"""Run every check over a paper's blocks and build the Report."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping

from .acronyms import AcronymTracker, acronym_candidates, location_of, snippet
from .data import PlainWordRule, default_allow_list, default_glossary
from .models import (
    EXCLUSIONARY,
    HARD_TO_READ,
    JARGON,
    LONG_PARAGRAPH,
    LONG_SENTENCE,
    PASSIVE,
    SEVERITY,
    STIGMATISING,
    Finding,
    GlossaryEntry,
    Location,
    ParagraphScore,
    Report,
)
from .readability import (
    flesch_reading_ease,
    normalise_punctuation,
    reading_age,
    sentence_boundaries,
    sentence_spans,
    smog_index,
    split_words,
    syllable_totals,
    word_bytes,
    word_tokens,
)
from .text import HEADING, PARAGRAPH, Block, blocks_for
from .words import default_matcher

LONG_SENTENCE_WORDS = 25
LONG_PARAGRAPH_WORDS = 100
LONG_PARAGRAPH_SENTENCES = 5
HARD_TO_READ_AGE = 14.0
HARD_TO_READ_MIN_WORDS = 20
WORST_PARAGRAPHS = 3

_IRREGULAR_PARTICIPLES = [
    "made",
    "given",
    "taken",
    "done",
    "seen",
    "known",
    "shown",
    "written",
    "held",
    "paid",
    "sent",
    "told",
    "brought",
    "built",
    "chosen",
    "drawn",
    "found",
    "kept",
    "led",
    "left",
    "lost",
    "met",
    "put",
    "read",
    "set",
    "spent",
    "understood",
    "won",
    "begun",
    "broken",
    "driven",
    "eaten",
    "fallen",
    "forgotten",
    "frozen",
    "grown",
    "hidden",
    "ridden",
    "risen",
    "shaken",
    "spoken",
    "stolen",
    "sworn",
    "thrown",
    "worn",
    "sought",
    "taught",
    "thought",
    "bought",
    "caught",
    "fought",
    "cut",
    "hit",
    "hurt",
    "let",
    "shut",
    "split",
    "spread",
    "bound",
    "fed",
    "felt",
    "heard",
    "laid",
    "lent",
    "meant",
    "said",
    "sold",
    "stood",
    "struck",
    "withdrawn",
    "undertaken",
    "overseen",
    "overtaken",
    "forgiven",
    "forbidden",
    "mistaken",
    "arisen",
    "beaten",
    "bitten",
    "blown",
    "dealt",
    "dug",
    "drunk",
    "flown",
    "hung",
    "lit",
    "proven",
    "shot",
    "shrunk",
    "slain",
    "sung",
    "sunk",
    "sworn",
    "torn",
    "woken",
    "wound",
]
# Starts with a space (the text is padded with one) so the regex engine can skip ahead quickly.
_PASSIVE_RE = re.compile(
    r"[\s(](?:a(?:m|re|ren't)|i(?:s|sn't)|w(?:as|ere|asn't|eren't)|be(?:en|ing)?)\s+"
    r"(?:(?:not|also|then|now|already|still|currently|often|always|usually|never|being|"
    r"[a-z]+ly)\s+){0,2}"
    r"(?P<participle>[a-z]+ed|" + "|".join(_IRREGULAR_PARTICIPLES) + r")\b"
)
# Blocks worth running the definition finder on: brackets or words that introduce a definition.
_DEFINITION_CUES = (
    "(",
    "[",
    "known as",
    "referred to as",
    "called",
    "termed",
    "hereafter",
    "henceforth",
    "abbreviat",
    "shortened",
    "stands for",
    "short for",
    "means",
    "acronym",
    "initialism",
)


def _positions(text: str, needles: Iterable[str]) -> Iterable[int]:
    """Every position of each needle (str.find is much faster here than one big regex)."""
    for needle in needles:
        position = text.find(needle)
        while position >= 0:
            yield position
            position = text.find(needle, position + 1)


# "-ed" words that are adjectives or not verbs at all after "be"
_NOT_PASSIVE = frozenset(
    [
        "interested",
        "concerned",
        "pleased",
        "delighted",
        "worried",
        "tired",
        "excited",
        "dedicated",
        "involved",
        "based",
        "supposed",
        "used",
        "married",
        "qualified",
        "experienced",
        "skilled",
        "limited",
        "talented",
        "determined",
        "scared",
        "bored",
        "surprised",
        "disappointed",
        "satisfied",
        "red",
        "bed",
        "shed",
        "seed",
        "need",
        "feed",
        "speed",
        "hundred",
        "sacred",
        "naked",
        "wicked",
        "ragged",
        "rugged",
        "aged",
        "committed",
        "prepared",
        "engaged",
        "exposed",
        "related",
        "connected",
        "allowed",
        "embed",
        "exceed",
        "proceed",
        "succeed",
        "indeed",
        "breed",
        "creed",
        "greed",
        "weed",
        "heed",
        "bleed",
        "led",
        "fled",
        "shred",
        "sled",
        "wed",
        "bred",
        "sped",
        "interested",
        "unprecedented",
        "advanced",
        "assured",
        "convinced",
        "ashamed",
        "confused",
        "detailed",
        "devoted",
        "distressed",
        "embarrassed",
        "frightened",
        "isolated",
        "overwhelmed",
        "relieved",
        "stressed",
        "upset",
        "unsupported",
        "unpaid",
        "unemployed",
        "underfunded",
    ]
)


def _lowered(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered


def _truncate(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


class _Totals:
    __slots__ = ("paragraphs", "polysyllables", "sentences", "syllables", "words")

    def __init__(self) -> None:
        self.words = self.sentences = self.syllables = self.polysyllables = self.paragraphs = 0


def _check_block(
    index: int,
    block: Block,
    lowered: str,
    words: bytes,
    boundaries: list[tuple[int, int]],
    passives: list[tuple[int, int, str]],
    phrases: list[tuple[int, int, PlainWordRule]],
    findings: list[tuple[tuple[int, int], Finding]],
    totals: _Totals,
    scores: list[tuple],
) -> None:
    """Readability, long sentences and paragraphs, passive voice and plain-words findings for one
    block. Passive and phrase matches come from whole-document scans (positions in the block)."""
    text = block.text
    spans = sentence_spans(text, boundaries)
    if not spans:
        return
    tokens = split_words(words)
    block_words = len(tokens)
    if not block_words:
        return
    block_syllables, block_poly = syllable_totals(tokens)
    starts = [start for start, _ in spans]
    n_sentences = len(spans)
    for start, end in spans:
        # counting spaces is a cheap upper bound; only long candidates are counted properly
        if lowered.count(" ", start, end) < LONG_SENTENCE_WORDS:
            continue
        n = len(word_tokens(lowered[start:end]))
        if n > LONG_SENTENCE_WORDS:
            sentence = text[start:end]
            findings.append(
                (
                    (index, start),
                    Finding(
                        LONG_SENTENCE,
                        _truncate(sentence),
                        location_of(block, start, min(end, start + 60)),
                        f"This sentence has {n} words. Sentences over {LONG_SENTENCE_WORDS} words are hard "
                        "to follow.",
                        "Split it into shorter sentences, one idea in each.",
                        SEVERITY[LONG_SENTENCE],
                        (index, start, end),
                    ),
                )
            )
    totals.words += block_words
    totals.sentences += n_sentences
    totals.syllables += block_syllables
    totals.polysyllables += block_poly
    totals.paragraphs += 1

    last_sentence = -1
    for start, end, participle in passives:
        if participle in _NOT_PASSIVE:
            continue
        sentence = bisect_right(starts, start)
        if sentence == last_sentence:
            continue
        last_sentence = sentence
        findings.append(
            (
                (index, start),
                Finding(
                    PASSIVE,
                    text[start:end],
                    location_of(block, start, end),
                    "This may be passive: it does not say who does the action.",
                    "Say who does what, for example 'The board agreed the plan' rather than "
                    "'The plan was agreed'.",
                    SEVERITY[PASSIVE],
                    (index, start, end),
                ),
            )
        )

    _phrase_findings(index, block, phrases, findings)

    if block.kind != PARAGRAPH:
        return
    smog = smog_index(block_poly, n_sentences)
    age = reading_age(smog)
    scores.append((smog, index, block_words, n_sentences, block_syllables))
    long_paragraph = block_words > LONG_PARAGRAPH_WORDS or n_sentences > LONG_PARAGRAPH_SENTENCES
    hard = block_words >= HARD_TO_READ_MIN_WORDS and age > HARD_TO_READ_AGE
    if not (long_paragraph or hard):
        return
    location = _paragraph_location(block)
    end_of_block = (index, len(text))
    if long_paragraph:
        findings.append(
            (
                end_of_block,
                Finding(
                    LONG_PARAGRAPH,
                    _truncate(text, 80),
                    location,
                    f"This paragraph has {block_words} words in {n_sentences} sentences. Long paragraphs "
                    "are hard to take in.",
                    f"Break it up: aim for under {LONG_PARAGRAPH_WORDS} words and "
                    f"{LONG_PARAGRAPH_SENTENCES} sentences, or use a list.",
                    SEVERITY[LONG_PARAGRAPH],
                    (index, 0, len(text)),
                ),
            )
        )
    if hard:
        findings.append(
            (
                end_of_block,
                Finding(
                    HARD_TO_READ,
                    _truncate(text, 80),
                    location,
                    f"This paragraph needs a reading age of about {age:g} (SMOG {smog:g}). Aim for 9 to "
                    f"11; over {HARD_TO_READ_AGE:g} is hard for many readers.",
                    "Use shorter sentences and everyday words with fewer syllables.",
                    SEVERITY[HARD_TO_READ],
                    (index, 0, len(text)),
                ),
            )
        )


def _phrase_findings(
    index: int,
    block: Block,
    phrases: list[tuple[int, int, PlainWordRule]],
    findings: list[tuple[tuple[int, int], Finding]],
) -> None:
    text = block.text
    for start, end, rule in phrases:
        found = text[start:end]
        if rule.kind == STIGMATISING:
            message = f"'{found}' is stigmatising language. {rule.reason}"
        elif rule.kind == EXCLUSIONARY:
            message = f"'{found}' can make people feel left out. {rule.reason}"
        else:
            message = f"'{found}' is jargon. {rule.reason}"
        kind = rule.kind if rule.kind in (STIGMATISING, EXCLUSIONARY) else JARGON
        findings.append(
            (
                (index, start),
                Finding(
                    kind,
                    found,
                    location_of(block, start, end),
                    message,
                    f"Try: {rule.suggestion}",
                    SEVERITY[kind],
                    (index, start, end),
                ),
            )
        )


def _paragraph_location(block: Block) -> Location:
    return Location(block.section, block.paragraph or None, block.page, snippet(block.text, 0, 0, 60))


def _worst_paragraphs(blocks: list[Block], scores: list[tuple]) -> list[ParagraphScore]:
    ranked = sorted(
        (s for s in scores if s[3] >= 2 or s[2] >= HARD_TO_READ_MIN_WORDS),
        key=lambda s: (-s[0], s[1]),
    )[:WORST_PARAGRAPHS]
    return [
        ParagraphScore(
            location=_paragraph_location(blocks[index]),
            words=words,
            sentences=sentences,
            flesch_reading_ease=flesch_reading_ease(words, sentences, syllables),
            smog_index=smog,
            reading_age=reading_age(smog),
        )
        for smog, index, words, sentences, syllables in ranked
    ]


_SEPARATOR = "\x00 "  # between blocks in the whole-document scans: no phrase can cross it


_NO_END = 1 << 62  # past the end of any text


def _by_block(offsets: list[int], matches, n_blocks: int) -> list[list]:
    """Group (start, end, payload) found in the joined text by block, positions made local. The
    matches come in text order, so the block is looked up only when a match passes its end."""
    grouped: list[list] = [[] for _ in range(n_blocks)]
    index, base, limit = 0, 0, -1
    for start, end, payload in matches:
        if start >= limit or start < base:
            index = bisect_right(offsets, start) - 1
            base = offsets[index]
            limit = offsets[index + 1] if index + 1 < n_blocks else _NO_END
        grouped[index].append((start - base, end - base, payload))
    return grouped



def check_blocks(
    blocks: list[Block],
    *,
    glossary: Mapping[str, GlossaryEntry] | None = None,
    allow: Iterable[str] | None = None,
) -> Report:
    glossary = default_glossary() if glossary is None else glossary
    allowed = set(default_allow_list())
    if allow is not None:
        allowed.update(allow)
    # a NUL in the text would break the block separator below; a space keeps every position
    texts = [block.text.replace("\x00", " ") if "\x00" in block.text else block.text for block in blocks]
    offsets = []
    position = 0
    for text in texts:
        offsets.append(position)
        position += len(text) + len(_SEPARATOR)
    joined = _SEPARATOR.join(texts)
    lowered = normalise_punctuation(_lowered(joined))
    n = len(blocks)
    words_of_block = word_bytes(lowered).split(b"\x00")  # one C-level pass for all blocks

    # one scan of the whole paper per pattern, grouped by block afterwards
    passives = _by_block(
        offsets,
        (
            (m.start(), m.end() - 1, m.group("participle"))  # the pattern was run on " " + text
            for m in _PASSIVE_RE.finditer(" " + lowered)
        ),
        n,
    )
    phrases = _by_block(offsets, default_matcher().matches(lowered, joined), n)
    boundaries = sentence_boundaries(joined, offsets)
    acronyms = _by_block(offsets, acronym_candidates(joined), n)
    definition_blocks = {
        bisect_right(offsets, position) - 1 for position in _positions(lowered, _DEFINITION_CUES)
    }

    tracker = AcronymTracker(glossary, allowed)
    findings: list[tuple[tuple[int, int], Finding]] = []
    totals = _Totals()
    scores: list[tuple] = []
    block_start = 0
    for index, block in enumerate(blocks):
        tracker.add_block(index, block, acronyms[index], index in definition_blocks)
        if block.kind != HEADING:
            local = lowered[block_start : block_start + len(block.text)]
            _check_block(
                index,
                block,
                local,
                words_of_block[index],
                boundaries[index],
                passives[index],
                phrases[index],
                findings,
                totals,
                scores,
            )
        else:
            # headings are not sentences, but their words still matter
            _phrase_findings(index, block, phrases[index], findings)
        block_start += len(block.text) + len(_SEPARATOR)
    acronym_findings, uses = tracker.results()
    findings.extend(acronym_findings)
    findings.sort(key=lambda item: item[0])
    smog = smog_index(totals.polysyllables, totals.sentences)
    worst = _worst_paragraphs(blocks, scores)
    return Report(
        words=totals.words,
        sentences=totals.sentences,
        paragraphs=totals.paragraphs,
        flesch_reading_ease=flesch_reading_ease(totals.words, totals.sentences, totals.syllables),
        smog_index=smog,
        reading_age=reading_age(smog),
        findings=[finding for _, finding in findings],
        acronyms=uses,
        worst_paragraphs=worst,
    )


def check_text(
    text: str,
    *,
    glossary: Mapping[str, GlossaryEntry] | None = None,
    allow: Iterable[str] | None = None,
    fmt: str = "text",
) -> Report:
    """Check a paper given as plain text, Markdown or (untrusted) HTML."""
    return check_blocks(blocks_for(text, fmt), glossary=glossary, allow=allow)
