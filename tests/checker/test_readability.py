"""Sentences, syllables, readability scores and the findings that come from them."""

from __future__ import annotations

import pytest

from plain_language import check_text
from plain_language.readability import (
    count_syllables,
    flesch_reading_ease,
    reading_age,
    sentence_spans,
    smog_index,
)


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("prioritise", 4),
        ("organisation", 5),
        ("behaviour", 3),
        ("colour", 2),
        ("centre", 2),
        ("programme", 2),
        ("paediatric", 4),
        ("recognised", 3),
        ("neighbourhood", 3),
        ("the", 1),
        ("meeting", 2),
        ("wellbeing", 3),
        ("co-production", 4),
    ],
)
def test_syllables_including_british_spellings(word: str, expected: int) -> None:
    assert count_syllables(word) == expected


def test_unknown_words_use_the_vowel_rule() -> None:
    assert count_syllables("zorbleton") == 3
    assert count_syllables("flimped") == 1


def test_sentences_do_not_break_at_abbreviations_decimals_or_times() -> None:
    text = "Dr. Shah met Mr. Jones at 10.30am. They agreed £1.5m, e.g. for housing. See No. 5 below."
    assert sentences(text) == [
        "Dr. Shah met Mr. Jones at 10.30am.",
        "They agreed £1.5m, e.g. for housing.",
        "See No. 5 below.",
    ]


def test_sentences_end_at_question_and_exclamation_marks_and_keep_closing_quotes() -> None:
    assert sentences('Is it ready? "Yes." J. Smith agreed!') == ["Is it ready?", '"Yes."', "J. Smith agreed!"]


def test_bullets_are_sentences_and_headings_are_not() -> None:
    report = check_text(
        "# Plan\n\n- First thing\n- Second thing\n\nWe will do both. Then stop.", fmt="markdown"
    )
    assert report.sentences == 4
    assert report.words == 10


def test_flesch_and_smog_formulas() -> None:
    assert flesch_reading_ease(words=100, sentences=5, syllables=150) == pytest.approx(59.6, abs=0.1)
    assert smog_index(polysyllables=30, sentences=30) == pytest.approx(8.8, abs=0.1)
    assert reading_age(8.8) == 13.8


def test_plain_text_scores_better_than_dense_text() -> None:
    plain = check_text("We met on Monday. We agreed the plan. It starts in May. Staff are ready.")
    dense = check_text(
        "Organisational transformation necessitates comprehensive multidisciplinary "
        "collaboration. Implementation requires considerable operational reconfiguration."
    )
    assert plain.flesch_reading_ease > 80 > 20 > dense.flesch_reading_ease
    assert plain.reading_age < dense.reading_age


def test_long_sentence_over_twenty_five_words() -> None:
    short = "We " + "really " * 20 + "agree."
    long = "We " + "really " * 25 + "agree."
    assert [f.kind for f in check_text(short).findings] == []
    [finding] = check_text(long).findings
    assert finding.kind == "long-sentence"
    assert "27 words" in finding.message


def test_long_paragraph_by_words_or_sentences() -> None:
    many_sentences = " ".join(["We met."] * 6)
    many_words = "We " + "met and " * 60 + "left."
    assert "long-paragraph" in [f.kind for f in check_text(many_sentences).findings]
    assert "long-paragraph" in [f.kind for f in check_text(many_words).findings]
    assert "long-paragraph" not in [f.kind for f in check_text("We met. We left.").findings]


def test_passive_voice_including_irregular_verbs_but_not_adjectives() -> None:
    text = (
        "The plan was approved by the board. The money was spent. "
        "We are interested in your views. The team was pleased."
    )
    assert [f.text for f in check_text(text).findings if f.kind == "passive"] == ["was approved", "was spent"]


def test_hard_to_read_paragraph_and_worst_paragraphs() -> None:
    dense = (
        "Organisational transformation necessitates comprehensive multidisciplinary "
        "collaboration across integrated commissioning arrangements. Implementation "
        "requires considerable operational reconfiguration, additional infrastructure "
        "investment and sophisticated performance monitoring capabilities."
    )
    text = "\n\n".join(["We met on Monday. We agreed the plan.", dense, "It starts in May. We are ready."])
    report = check_text(text)
    [hard] = [f for f in report.findings if f.kind == "hard-to-read"]
    assert hard.location.paragraph == 2
    assert report.worst_paragraphs[0].location.paragraph == 2
    assert report.worst_paragraphs[0].reading_age > 14
