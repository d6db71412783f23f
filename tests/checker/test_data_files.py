"""The shipped data files: plain words, glossary, allow list and their sources."""

from __future__ import annotations

import csv

from plain_language import default_allow_list, default_glossary
from plain_language.data import DATA_DIR, plain_word_rules

REQUIRED = [
    "ICB",
    "ICS",
    "PCN",
    "CMHT",
    "SMI",
    "VCSE",
    "EbE",
    "S117",
    "A&E",
    "GP",
    "CAMHS",
    "IAPT",
    "AMHP",
    "CPA",
    "CQC",
    "JSNA",
    "HWB",
    "LA",
    "ASC",
    "DToC",
    "KPI",
    "QOF",
    "ARRS",
    "MDT",
    "CCG",
    "STP",
    "NICE",
    "OT",
    "CPN",
    "RMN",
    "HCA",
    "PALS",
]


def test_plain_words_has_over_eighty_rows_each_with_kind_suggestion_reason_and_source() -> None:
    rules = plain_word_rules()
    assert len(rules) >= 80
    for rule in rules:
        assert rule.kind in ("jargon", "exclusionary", "stigmatising")
        assert rule.variants and rule.suggestion and rule.reason and rule.source


def test_plain_words_cover_the_stigmatising_terms() -> None:
    variants = {v for rule in plain_word_rules() if rule.kind == "stigmatising" for v in rule.variants}
    for term in (
        "suffers from",
        "the mentally ill",
        "committed suicide",
        "schizophrenic",
        "psycho",
        "nutter",
        "mental patient",
        "lunatic",
        "crazy",
        "insane",
        "attention seeking",
        "addict",
        "alcoholic",
        "the homeless",
        "victim of",
        "maniac",
    ):
        assert term in variants, term


def test_glossary_has_over_three_hundred_entries_with_plain_explanations() -> None:
    glossary = default_glossary()
    assert len(glossary) >= 300
    for short in REQUIRED:
        assert short in glossary, short
    for entry in glossary.values():
        assert entry.long and entry.explanation and entry.source
        assert entry.explanation.endswith(".")


def test_glossary_file_has_the_agreed_columns() -> None:
    with (DATA_DIR / "glossary.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["short", "long", "explanation", "source"]


def test_allow_list_is_small_and_holds_the_everyday_ones() -> None:
    allowed = default_allow_list()
    assert {"NHS", "GP", "UK"} <= allowed
    assert len(allowed) <= 12


def test_sources_are_documented() -> None:
    sources = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "Open Government Licence" in sources
    assert "written for this project" in sources
