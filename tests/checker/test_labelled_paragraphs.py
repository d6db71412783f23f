"""Acronym detection on hand-labelled board-paper excerpts (tests/checker/fixtures)."""

from __future__ import annotations

from plain_language import check_text
from plain_language.acronyms import acronym_key

from .fixtures.labelled_paragraphs import PARAGRAPHS

TARGET_RECALL = 0.95
TARGET_PRECISION = 0.95


def evaluate() -> dict[str, float | int | list]:
    labelled = detected = flagged = correct_flags = expected_flags = 0
    misses: list[tuple[int, str]] = []
    wrong_flags: list[tuple[int, str]] = []
    for number, item in enumerate(PARAGRAPHS):
        report = check_text(item["text"], fmt="markdown")
        found = {acronym_key(use.short) or use.short for use in report.acronyms}
        labels: dict[str, str] = item["acronyms"]
        labelled += len(labels)
        detected += len(found & labels.keys())
        misses += [(number, short) for short in labels.keys() - found]
        undefined = {f.text for f in report.findings if f.kind == "acronym-undefined"}
        expected = {short for short, status in labels.items() if status == "undefined"}
        flagged += len(undefined)
        expected_flags += len(expected)
        correct_flags += len(undefined & expected)
        wrong_flags += [(number, short) for short in undefined - expected]
    return {
        "recall": detected / labelled,
        "precision": correct_flags / flagged if flagged else 1.0,
        "undefined_recall": correct_flags / expected_flags if expected_flags else 1.0,
        "labelled": labelled,
        "flagged": flagged,
        "misses": misses,
        "wrong_flags": wrong_flags,
    }


def test_there_are_at_least_forty_labelled_paragraphs() -> None:
    assert len(PARAGRAPHS) >= 40
    assert sum(len(item["acronyms"]) for item in PARAGRAPHS) >= 60


def test_acronym_detection_recall_and_undefined_precision_meet_targets() -> None:
    result = evaluate()
    print(
        f"\nlabelled paragraphs: detection recall {result['recall']:.3f} "
        f"({result['labelled']} acronyms), 'acronym-undefined' precision "
        f"{result['precision']:.3f} ({result['flagged']} flagged), undefined recall "
        f"{result['undefined_recall']:.3f}; missed {result['misses']}, "
        f"wrongly flagged {result['wrong_flags']}"
    )
    assert result["recall"] >= TARGET_RECALL
    assert result["precision"] >= TARGET_PRECISION
