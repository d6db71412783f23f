"""The definition finder on the public MED1250 gold standard (Ab3P project, public domain)."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from plain_language import find_definitions
from plain_language.evaluation import ProductPath, Score, find_gold_file, load_gold, score

TARGET_PRECISION = 0.96
TARGET_RECALL = 0.85
MAX_GAP = 0.005  # what a user gets may trail what the finder can do by at most this, on each figure

GOLD = find_gold_file()
needs_gold = pytest.mark.skipif(
    GOLD is None,
    reason="MED1250_labeled not found: set AB3P_GOLD or place it at ../shared/benchmarks/ab3p/",
)


@pytest.fixture(scope="module")
def finder_score() -> Score:
    return score(load_gold(GOLD), find_definitions)


@pytest.fixture(scope="module")
def product_score() -> Iterator[Score]:
    """The abstracts checked the way check_paper checks a file: what a user is shown. The 1,252
    files go to a RAM disk when there is one (writing them is most of the time on a slow disk)."""
    ram = Path("/dev/shm")
    with tempfile.TemporaryDirectory(prefix="med1250-", dir=ram if ram.is_dir() else None) as folder:
        yield score(load_gold(GOLD), ProductPath(Path(folder)))


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


@needs_gold
def test_what_a_user_is_shown_meets_the_same_targets(product_score: Score) -> None:
    print(f"\nMED1250 through check_file: precision {product_score.precision:.3f}, recall {product_score.recall:.3f}")
    assert product_score.precision >= TARGET_PRECISION
    assert product_score.recall >= TARGET_RECALL


@needs_gold
def test_the_report_keeps_what_the_definition_finder_found(finder_score: Score, product_score: Score) -> None:
    assert finder_score.precision - product_score.precision <= MAX_GAP
    assert finder_score.recall - product_score.recall <= MAX_GAP


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
