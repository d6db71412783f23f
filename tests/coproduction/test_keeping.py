"""Figures kept for many readers are worked out once, and never shown from before the reader's own last change."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from coproduction import keeping


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def test_figures_are_worked_out_once_for_many_readers():
    work_out = Counter()

    first = keeping.kept("figures", work_out, seconds=60)
    second = keeping.kept("figures", work_out, seconds=60)

    assert (first.value, second.value, work_out.calls) == (1, 1, 1)


def test_figures_from_before_the_readers_last_change_are_worked_out_again():
    work_out = Counter()
    keeping.kept("figures", work_out, seconds=60)

    again = keeping.kept("figures", work_out, seconds=60, not_before=time.time() + 1)

    assert again.value == 2


def test_figures_worked_out_after_the_readers_last_change_are_kept():
    work_out = Counter()
    changed = time.time() - 1
    keeping.kept("figures", work_out, seconds=60, not_before=changed)

    assert keeping.kept("figures", work_out, seconds=60, not_before=changed).value == 1


def test_no_keeping_time_works_figures_out_every_time():
    work_out = Counter()
    keeping.kept("figures", work_out, seconds=0)

    assert keeping.kept("figures", work_out, seconds=0).value == 2
    assert cache.get("figures") is None


def test_the_time_kept_is_when_working_out_began():
    """A change saved while the figures were being worked out may be missing from them: they must count as
    older than that change."""
    before = time.time()

    found = keeping.kept("figures", lambda: time.sleep(0.05) or 1, seconds=60)

    assert before <= found.worked_out_at < before + 0.05


def test_a_session_remembers_the_persons_last_change():
    session: dict = {}
    assert keeping.last_change(session) == 0.0

    keeping.note_change(session)

    assert abs(keeping.last_change(session) - time.time()) < 5


def test_a_session_value_that_is_not_a_time_counts_as_no_change():
    assert keeping.last_change({keeping.CHANGED_KEY: "yesterday"}) == 0.0
    assert keeping.last_change({keeping.CHANGED_KEY: True}) == 0.0
