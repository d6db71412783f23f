"""The real-text corpus (tests/checker/fixtures/real) is complete and labelled consistently."""

from __future__ import annotations

from .fixtures.real.corpus import DEV, TEST, label_tokens, passages, sentences, split_of


def test_the_corpus_is_large_and_from_many_public_bodies() -> None:
    items = passages()
    assert len(items) >= 60
    assert sum(p.words for p in items) >= 20_000
    assert len({p.source for p in items}) >= 30


def test_every_acronym_like_token_in_a_passage_has_exactly_one_label() -> None:
    problems = []
    for p in passages():
        groups = [set(p.defined), set(p.late), set(p.undefined), set(p.lookalike)]
        labelled = set().union(*groups)
        twice = {key for key in labelled if sum(key in group for group in groups) > 1}
        missing = label_tokens(p.text) - labelled
        unused = labelled - label_tokens(p.text)
        if missing or unused or twice:
            problems.append((p.name, sorted(missing), sorted(unused), sorted(twice)))
    assert problems == []


def test_each_long_form_labelled_is_written_in_its_passage() -> None:
    missing = [
        (p.name, short, long)
        for p in passages()
        for short, long in {**p.defined, **p.late}.items()
        if long.lower() not in " ".join(p.text.split()).lower()
    ]
    assert missing == []


def test_every_item_gives_the_address_it_was_read_from() -> None:
    urls = [p.url for p in passages()] + [s.url for s in sentences()]
    assert all(url.startswith(("http://", "https://")) for url in urls)


def test_about_a_third_of_the_sources_are_held_out_and_each_label_is_in_both_splits() -> None:
    sources = {p.source for p in passages()} | {s.source for s in sentences()}
    held_out = sum(split_of(source) == TEST for source in sources)
    assert 0.28 <= held_out / len(sources) <= 0.40
    for label in ("stigmatising", "jargon", "respectful"):
        splits = {s.split for s in sentences() if s.label == label}
        assert splits == {DEV, TEST}
