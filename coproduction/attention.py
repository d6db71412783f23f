"""What needs a person's attention, shown on their home page.

Each app registers providers (in its AppConfig.ready) that return items for a user; the home page lists
them all. A provider must run a constant number of queries whatever the data size.

The list is kept in the cache for ATTENTION_CACHE_SECONDS (settings; 30 s by default) per person and set of
roles. Whenever the person sends anything, their session notes the time (`ForgetAttentionAfterChangesMiddleware`)
and a list worked out before it is not used, in any process: their own changes show at once, other people's
within the 30 seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

from .roles import roles_of


@dataclass(frozen=True)
class AttentionItem:
    title: str
    detail: str = ""
    url: str = ""
    link_text: str = ""


Provider = Callable[[Any], list[AttentionItem]]
CHANGED_KEY = "_attention_changed_at"
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def _key(user_id: int) -> str:
    return f"attention:{user_id}"


def items_for(user: Any, *, changed_at: float = 0.0) -> list[AttentionItem]:
    """The person's items; a list kept from before `changed_at` (their last change, a unix time) is not used."""
    seconds = getattr(settings, "ATTENTION_CACHE_SECONDS", 30)
    roles = sorted(role.value for role in roles_of(user))
    kept = cache.get(_key(user.pk)) if seconds else None
    if kept is not None and kept[0] == roles and kept[1] > changed_at:
        return kept[2]
    worked_out_at = time.time()
    items: list[AttentionItem] = []
    for provider in _PROVIDERS:
        items.extend(provider(user))
    if seconds:
        cache.set(_key(user.pk), (roles, worked_out_at, items), seconds)
    return items


def note_change(session: Any) -> None:
    """The person sent something: lists worked out before now are not used again (the session is shared by
    every process, a per-process cache is not)."""
    session[CHANGED_KEY] = time.time()


def changed_at(session: Any) -> float:
    value = session.get(CHANGED_KEY, 0.0)
    return value if isinstance(value, int | float) else 0.0
