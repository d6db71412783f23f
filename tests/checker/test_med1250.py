"""The definition finder on the public MED1250 gold standard (Ab3P project, public domain)."""

from __future__ import annotations

import time

import pytest

from plain_language import find_definitions
from plain_language.evaluation import find_gold_file, load_gold, score

TARGET_PRECISION = 0.96
TARGET_RECALL = 0.85

GOLD = find_gold_file()


@pytest.mark.skipif(
    GOLD is None,
    reason="MED1250_labeled not found: set AB3P_GOLD or place it at ../shared/benchmarks/ab3p/",
)
def test_definition_finder_beats_schwartz_hearst_on_med1250() -> None:
    records = load_gold(GOLD)
    assert len(records) > 1000 and sum(len(r.pairs) for r in records) > 1000

    started = time.perf_counter()
    result = score(records, find_definitions)
    elapsed = time.perf_counter() - started

    print(
        f"\nMED1250: precision {result.precision:.3f}, recall {result.recall:.3f}, "
        f"F1 {result.f1:.3f} ({result.true_positives} correct of {result.predicted} found, "
        f"{result.gold} gold), {result.words / elapsed:,.0f} words/s"
    )
    assert result.precision >= TARGET_PRECISION
    assert result.recall >= TARGET_RECALL


def test_scoring_counts_a_pair_only_when_short_and_long_form_both_match(tmp_path) -> None:
    gold = tmp_path / "gold"
    gold.write_text(
        "1\nTitle one.\nThe heart rate (HR) rose.\n  HR|heart rate\n\n"
        "2\nTitle two.\nWe used computed tomography (CT) and magnetic resonance (MR).\n"
        "  CT|computed tomography\n  MR|magnetic resonance imaging\n",
        encoding="latin-1",
    )
    records = load_gold(gold)
    result = score(records, find_definitions)
    assert (result.true_positives, result.predicted, result.gold) == (2, 3, 3)
    assert [fp[1] for fp in result.false_positives] == ["MR"]
