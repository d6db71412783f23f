"""The main navigation: each link shows only to roles whose capability allows it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse

from .roles import Capability, has_capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: Capability
    # Shown also to anyone with one of these (a link that would open an empty page for others is left out).
    or_capabilities: tuple[Capability, ...] = ()

    def shown_to(self, user: Any) -> bool:
        return any(has_capability(user, capability) for capability in (self.capability, *self.or_capabilities))


NAV_ITEMS: list[NavItem] = [
    NavItem("Home", "home", Capability.VIEW_OWN),
    NavItem("My groups", "group_list", Capability.VIEW_OWN),
    NavItem("People", "person_list", Capability.VIEW_PEOPLE),
    NavItem("Audit trail", "audit_list", Capability.VIEW_AUDIT),
    NavItem("Settings", "settings_index", Capability.CONFIGURE),
    NavItem("My profile", "profile_edit", Capability.VIEW_OWN),
]


def register(item: NavItem, *, before: str | None = None) -> None:
    """Apps add their links here (in AppConfig.ready)."""
    if item in NAV_ITEMS:
        return
    labels = [existing.label for existing in NAV_ITEMS]
    index = labels.index(before) if before in labels else len(NAV_ITEMS)
    NAV_ITEMS.insert(index, item)


@lru_cache(maxsize=256)
def _path(url_name: str, prefix: str, urlconf: str | None) -> str:
    return reverse(url_name, urlconf=urlconf)


def path_of(url_name: str) -> str:
    """reverse() of a URL name without arguments, worked out once per process (the menu is on every page)."""
    return _path(url_name, get_script_prefix(), get_urlconf())


def items_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    visible = []
    for item in NAV_ITEMS:
        if item.shown_to(user):
            url = path_of(item.url_name)
            active = current_path == url if url == "/" else current_path.startswith(url)
            visible.append({"label": item.label, "url": url, "active": active})
    return visible
