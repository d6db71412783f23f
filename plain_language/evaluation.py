"""Scoring helpers for the MED1250 abbreviation gold standard (used by the benchmark and tests)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .files import check_file
from .models import Report

DEFAULT_GOLD_RELATIVE = Path("..") / "shared" / "benchmarks" / "ab3p" / "MED1250_labeled"


@dataclass
class GoldRecord:
    pmid: str
    text: str
    pairs: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Score:
    true_positives: int
    predicted: int
    gold: int
    words: int
    false_positives: list[tuple[str, str, str]] = field(default_factory=list)
    false_negatives: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def find_gold_file(repo_root: Path | None = None) -> Path | None:
    """Locate MED1250_labeled: env var AB3P_GOLD first, then ../shared relative to the repo."""
    env = os.environ.get("AB3P_GOLD")
    if env:
        path = Path(env)
        return path if path.is_file() else None
    root = repo_root or Path(__file__).resolve().parents[1]
    path = (root / DEFAULT_GOLD_RELATIVE).resolve()
    return path if path.is_file() else None


def load_gold(path: Path) -> list[GoldRecord]:
    """Parse the latin-1 file: blank-line separated records of id, title, abstract, '  SF|LF' lines."""
    records: list[GoldRecord] = []
    raw = path.read_text(encoding="latin-1")
    for chunk in raw.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if len(lines) < 2:
            continue
        text_lines: list[str] = []
        pairs: list[tuple[str, str]] = []
        for line in lines[1:]:
            if line.startswith("  ") and "|" in line:
                short, _, long = line.strip().partition("|")
                pairs.append((short.strip(), long.strip()))
            else:
                text_lines.append(line.strip())
        records.append(GoldRecord(lines[0].strip(), "\n".join(text_lines), pairs))
    return records


def _first_per_short(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    firsts: dict[str, str] = {}
    for short, long in pairs:
        firsts.setdefault(short, long.strip().lower())
    return firsts


def score(records: list[GoldRecord], finder: Callable[[str], list[tuple[str, str]]]) -> Score:
    tp = predicted = gold = words = 0
    fps: list[tuple[str, str, str]] = []
    fns: list[tuple[str, str, str]] = []
    for record in records:
        words += len(record.text.split())
        expected = _first_per_short(record.pairs)
        found = _first_per_short(finder(record.text))
        gold += len(expected)
        predicted += len(found)
        for short, long in found.items():
            if expected.get(short) == long:
                tp += 1
            else:
                fps.append((record.pmid, short, long))
        for short, long in expected.items():
            if found.get(short) != long:
                fns.append((record.pmid, short, long))
    return Score(tp, predicted, gold, words, fps, fns)


def report_pairs(report: Report) -> list[tuple[str, str]]:
    """(short form, long form) for each explained abbreviation, as the report shows it to the user
    (the ``acronyms`` of ``check_paper --format json``)."""
    return [(use.short, use.long) for use in report.acronyms if use.long]


class ProductPath:
    """The whole product path as a finder: the text is written to a .txt file and checked with
    ``check_file``, as ``check_paper`` does, and the report's explained abbreviations are returned."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / "paper.txt"

    def __call__(self, text: str) -> list[tuple[str, str]]:
        self.path.write_text(text, encoding="utf-8")
        return report_pairs(check_file(self.path))
