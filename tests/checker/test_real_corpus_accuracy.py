"""The checker on real published text (the dev two thirds of tests/checker/fixtures/real) meets the
goals; bench/checker_accuracy.py reports the held-out test third as well."""

from __future__ import annotations

import pytest

from .fixtures.real.scoring import GOALS, Scores, evaluate


@pytest.fixture(scope="module")
def dev() -> Scores:
    return evaluate("dev")


def test_undefined_acronym_flags_are_right(dev: Scores) -> None:
    assert dev.figures["undefined_precision"] >= GOALS["undefined_precision"], dev.wrong_flags


def test_undefined_acronyms_are_flagged(dev: Scores) -> None:
    assert dev.figures["undefined_recall"] >= GOALS["undefined_recall"], dev.missed_flags


def test_look_alikes_are_rarely_reported_as_acronyms(dev: Scores) -> None:
    assert dev.figures["lookalike_rate"] <= GOALS["lookalike_rate"], dev.lookalikes_seen


def test_stigmatising_sentences_are_caught_as_must_fix(dev: Scores) -> None:
    assert dev.figures["stigma_caught"] >= GOALS["stigma_caught"], dev.sentence_misses


def test_service_jargon_is_caught(dev: Scores) -> None:
    assert dev.figures["jargon_caught"] >= GOALS["jargon_caught"], dev.sentence_misses


def test_respectful_sentences_are_not_flagged(dev: Scores) -> None:
    assert dev.figures["respectful_flagged"] <= GOALS["respectful_flagged"], dev.sentence_misses
