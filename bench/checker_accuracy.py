"""Accuracy of the plain-language checker on real published text (tests/checker/fixtures/real).

Run from the repository root:  python bench/checker_accuracy.py [--show]
Prints every figure for the dev two thirds and the test third of the corpus (split by source).
``--show`` lists the dev set's mistakes; the test set's are never listed, so that it stays a fair
test. Exits 1 if the test third misses a goal.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.checker.fixtures.real.scoring import AT_MOST, GOALS, Scores, evaluate  # noqa: E402

LABELS = {
    "undefined_precision": "undefined-acronym flags that are right (precision)",
    "undefined_recall": "undefined acronyms flagged (recall)",
    "lookalike_rate": "look-alikes reported as acronyms",
    "stigma_caught": "stigmatising sentences caught as must-fix",
    "jargon_caught": "service jargon caught",
    "respectful_flagged": "respectful sentences flagged (stigmatising or exclusionary)",
}


def _counts(scores: Scores, name: str) -> str:
    return {
        "undefined_precision": f"{scores.flagged_right} of {scores.flagged}",
        "undefined_recall": f"{scores.flagged_right} of {scores.expected}",
        "lookalike_rate": f"{scores.lookalikes_reported} of {scores.lookalikes}",
        "stigma_caught": f"{scores.stigma_caught} of {scores.stigma}",
        "jargon_caught": f"{scores.jargon_caught} of {scores.jargon}",
        "respectful_flagged": f"{scores.respectful_flagged} of {scores.respectful}",
    }[name]


def print_scores(scores: Scores) -> None:
    print(f"\n{scores.split}: {scores.passages} passages, {scores.words:,} words")
    for name, value in scores.figures.items():
        sign = "<=" if name in AT_MOST else ">="
        mark = "  BELOW GOAL" if name in scores.below_goals() else ""
        print(f"  {LABELS[name]:<62} {value:6.3f}  ({_counts(scores, name)}; goal {sign} {GOALS[name]}){mark}")
    print(f"  {'explained acronyms recognised (long form found)':<62} "
          f"{scores.defined_recognised / max(scores.defined, 1):6.3f}  ({scores.defined_recognised} of {scores.defined})")


def show_mistakes(scores: Scores) -> None:
    print(f"\n{scores.split} mistakes")
    for name, key, label in scores.wrong_flags:
        print(f"  flagged but not undefined: {name}: {key} (labelled {label})")
    for name, key in scores.missed_flags:
        print(f"  undefined, not flagged:    {name}: {key}")
    for name, key in scores.lookalikes_seen:
        print(f"  look-alike reported:       {name}: {key}")
    for name, key in scores.definitions_missed:
        print(f"  explanation not found:     {name}: {key}")
    for name, label, text in scores.sentence_misses:
        print(f"  {label} miss:  {name}: {text}")


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    dev, test = evaluate("dev"), evaluate("test")
    print_scores(dev)
    print_scores(test)
    print(f"\n(both splits checked in {time.perf_counter() - started:.2f} s)")
    if "--show" in argv:
        show_mistakes(dev)
    failed = test.below_goals()
    if failed:
        print(f"FAIL on the test third: {', '.join(failed)}")
        return 1
    print("OK: the test third meets every goal")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
