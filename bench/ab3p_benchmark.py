"""Score the definition finder on the MED1250 gold standard (Ab3P project, public domain), on its own
and through the whole product path (the text as a .txt file -> check_file, as check_paper does -> the
report's explained abbreviations, which is what a user sees).

Run from the repository root:  python bench/ab3p_benchmark.py [path/to/MED1250_labeled] [--show-errors]
The file is found via the AB3P_GOLD environment variable or ../shared/benchmarks/ab3p/ next to
the repository. Exits 1 below the targets (precision 0.96, recall 0.85) or if the product path falls
more than half a point behind the finder, 2 if the file is missing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from plain_language import find_definitions  # noqa: E402
from plain_language.evaluation import ProductPath, Score, find_gold_file, load_gold, score  # noqa: E402

TARGET_PRECISION = 0.96
TARGET_RECALL = 0.85
MAX_GAP = 0.005  # the product path may trail the finder by at most this much, on each figure


def _line(name: str, result: Score, seconds: float) -> str:
    return (
        f"{name:<13} precision {result.precision:.4f}  recall {result.recall:.4f}  F1 {result.f1:.4f}  "
        f"(correct {result.true_positives}, found {result.predicted}, gold {result.gold}; "
        f"{result.words / seconds:,.0f} words/s)"
    )


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
        finder = score(records, find_definitions)
        best = min(best, time.perf_counter() - started)
    with tempfile.TemporaryDirectory(prefix="med1250-") as folder:
        started = time.perf_counter()
        product = score(records, ProductPath(Path(folder)))
        product_seconds = time.perf_counter() - started
    print(f"gold standard: {path} ({len(records)} abstracts, {finder.words:,} words)")
    print(_line("finder alone", finder, best))
    print(_line("product path", product, product_seconds))
    print("for comparison: Schwartz-Hearst via the 'abbreviations' package 0.941 / 0.749")
    if "--show-errors" in argv:
        for name, result in (("finder", finder), ("product", product)):
            for pmid, short, long in result.false_positives:
                print(f"  {name} FP {pmid} {short} | {long}")
            for pmid, short, long in result.false_negatives:
                print(f"  {name} FN {pmid} {short} | {long}")
    status = 0
    for name, result in (("finder", finder), ("product path", product)):
        if result.precision < TARGET_PRECISION or result.recall < TARGET_RECALL:
            print(f"FAIL: {name}: targets are precision >= {TARGET_PRECISION} and recall >= {TARGET_RECALL}")
            status = 1
    if finder.precision - product.precision > MAX_GAP or finder.recall - product.recall > MAX_GAP:
        print(f"FAIL: the product path loses more than {MAX_GAP} of what the finder can do")
        status = 1
    if status == 0:
        print("OK")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
