"""What needs a person's attention, shown on their home page.

Each app registers providers (in its AppConfig.ready) that return items for a user; the home page lists
them all. A provider must run a constant number of queries whatever the data size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


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


def items_for(user: Any) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for provider in _PROVIDERS:
        items.extend(provider(user))
    return items
