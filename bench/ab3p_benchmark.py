"""Score the definition finder on the MED1250 gold standard (Ab3P project, public domain).

Run from the repository root:  python bench/ab3p_benchmark.py [path/to/MED1250_labeled]
The file is found via the AB3P_GOLD environment variable or ../shared/benchmarks/ab3p/ next to
the repository. Exits 1 below the targets (precision 0.96, recall 0.85), 2 if the file is missing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from plain_language import find_definitions  # noqa: E402
from plain_language.evaluation import find_gold_file, load_gold, score  # noqa: E402

TARGET_PRECISION = 0.96
TARGET_RECALL = 0.85


def main(argv: list[str]) -> int:
    paths = [a for a in argv[1:] if not a.startswith("--")]
    path = Path(paths[0]) if paths else find_gold_file(ROOT)
    if path is None or not path.is_file():
        print(
            "MED1250_labeled not found: pass its path, set AB3P_GOLD, or put it in ../shared/benchmarks/ab3p/"
        )
        return 2
    records = load_gold(path)
    find_definitions("Warm up (WU).")
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        result = score(records, find_definitions)
        best = min(best, time.perf_counter() - started)
    print(f"gold standard: {path} ({len(records)} abstracts, {result.words:,} words)")
    print(f"precision {result.precision:.4f}  recall {result.recall:.4f}  F1 {result.f1:.4f}")
    print(
        f"correct {result.true_positives}, found {result.predicted}, gold {result.gold}, "
        f"false positives {len(result.false_positives)}, missed {len(result.false_negatives)}"
    )
    print(f"speed: {result.words / best:,.0f} words/s (best of 3, scoring included)")
    print("for comparison: Schwartz-Hearst via the 'abbreviations' package 0.941 / 0.749")
    if "--show-errors" in argv:
        for pmid, short, long in result.false_positives:
            print(f"  FP {pmid} {short} | {long}")
        for pmid, short, long in result.false_negatives:
            print(f"  FN {pmid} {short} | {long}")
    if result.precision < TARGET_PRECISION or result.recall < TARGET_RECALL:
        print(f"FAIL: targets are precision >= {TARGET_PRECISION} and recall >= {TARGET_RECALL}")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
