"""What needs a person's attention, shown on their home page.

Each app registers providers (in its AppConfig.ready) that return items for a user; the home page lists
them all. A provider must run a constant number of queries whatever the data size.

The list is kept in the cache for ATTENTION_CACHE_SECONDS (settings; 30 s by default) per person and set of
roles, never from before the person's own last change (`coproduction.keeping`): their own changes show at once,
other people's within the 30 seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from . import keeping
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


def cache_key(user_id: int, roles: list[str]) -> str:
    return f"attention:{user_id}:{','.join(roles)}"


def items_for(user: Any, *, not_before: float = 0.0) -> list[AttentionItem]:
    """The person's items; a list kept from before `not_before` (their last change, a unix time) is not used."""
    roles = sorted(role.name.lower() for role in roles_of(user))  # no spaces: a key every cache accepts

    def work_out() -> list[AttentionItem]:
        return [item for provider in _PROVIDERS for item in provider(user)]

    return keeping.kept(cache_key(user.pk, roles), work_out, not_before=not_before,
                        seconds=getattr(settings, "ATTENTION_CACHE_SECONDS", 30)).value
