"""Figures kept in the shared cache for a while, but never from before the reader's own last change.

Many people reading the same figures (the notice report, a home page's attention list) should cost one
working-out, yet a person who has just changed something must see the change at once. Whenever a signed-in
person sends anything, their session notes the time (`note_change`, called by
`ForgetKeptFiguresAfterChangesMiddleware` before the view runs); figures worked out before that time are worked
out again. The session is shared by every server process, so this holds whichever process kept the figures.
Other people's changes show once the kept figures expire.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

CHANGED_KEY = "_attention_changed_at"  # the name sessions already hold


@dataclass(frozen=True)
class Kept[T]:
    value: T
    worked_out_at: float  # a unix time


def note_change(session: Any) -> None:
    """The person sent something: figures worked out before now are not shown to them again."""
    session[CHANGED_KEY] = time.time()


def last_change(session: Any) -> float:
    """When the person last sent anything (a unix time; 0 if never in this session)."""
    value = session.get(CHANGED_KEY, 0.0)
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def kept[T](key: str, work_out: Callable[[], T], *, seconds: int, not_before: float = 0.0) -> Kept[T]:
    """The figures kept under `key` if they were worked out after `not_before`; otherwise `work_out()`, kept
    for `seconds` (0: never kept, always worked out)."""
    if seconds:
        found = cache.get(key)
        if isinstance(found, Kept) and found.worked_out_at > not_before:
            return found
    started = time.time()  # a change saved while working out must not be hidden by these figures
    fresh = Kept(work_out(), started)
    if seconds:
        cache.set(key, fresh, seconds)
    return fresh
