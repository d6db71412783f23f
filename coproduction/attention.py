"""What needs a person's attention, shown on their home page.

Each app registers providers (in its AppConfig.ready) that return items for a user; the home page lists
them all. A provider must run a constant number of queries whatever the data size.

The list is kept in the cache for ATTENTION_CACHE_SECONDS (settings; a minute by default) per person and set of
roles, and forgotten as soon as that person changes anything (`ForgetAttentionAfterChangesMiddleware`): their
own changes show at once, other people's within the minute.
"""

from __future__ import annotations

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
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def _key(user_id: int) -> str:
    return f"attention:{user_id}"


def items_for(user: Any) -> list[AttentionItem]:
    seconds = getattr(settings, "ATTENTION_CACHE_SECONDS", 60)
    roles = sorted(role.value for role in roles_of(user))
    kept = cache.get(_key(user.pk)) if seconds else None
    if kept is not None and kept[0] == roles:
        return kept[1]
    items: list[AttentionItem] = []
    for provider in _PROVIDERS:
        items.extend(provider(user))
    if seconds:
        cache.set(_key(user.pk), (roles, items), seconds)
    return items


def forget(user_id: int) -> None:
    """Work the person's list out again on their next visit."""
    cache.delete(_key(user_id))
