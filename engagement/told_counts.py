"""The board's trail: how many people were told what changed, and the gap between feedback heard and people
told, per theme and locality (one query). Small counts are hidden as everywhere on the trail
(`engagement.consent`): a count from 1 to 4 is "fewer than 5", and when the told count or the gap is small
both are hidden, so neither can be worked out from the other and the number heard."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from .consent import SMALL_COUNT, count_label
from .selectors import TrailFilters, filtered_feedback

NOT_SHOWN = "not shown"


@dataclass(frozen=True)
class ToldRow:
    theme: str
    locality: str
    heard: int
    told: int

    @property
    def gap(self) -> int:
        return self.heard - self.told

    @property
    def _hidden(self) -> bool:
        return self.heard < SMALL_COUNT or 0 < self.told < SMALL_COUNT or 0 < self.gap < SMALL_COUNT

    @property
    def heard_label(self) -> str:
        return count_label(self.heard)

    @property
    def told_label(self) -> str:
        if not self._hidden:
            return count_label(self.told)
        return count_label(self.told) if 0 < self.told < SMALL_COUNT else NOT_SHOWN

    @property
    def gap_label(self) -> str:
        if not self._hidden:
            return count_label(self.gap)
        return count_label(self.gap) if 0 < self.gap < SMALL_COUNT else NOT_SHOWN


def told_counts(filters: TrailFilters) -> list[ToldRow]:
    """Feedback heard and people told (at least one message), per theme and locality, in the trail's filters."""
    items = filtered_feedback(filters)
    if filters.theme is not None:
        items = items.filter(themes=filters.theme)
    rows = (items.values("themes__name", "locality__name")
            .annotate(heard=Count("pk", distinct=True),
                      told=Count("pk", filter=Q(told__isnull=False), distinct=True))
            .order_by("themes__name", "locality__name"))
    return [ToldRow(theme=row["themes__name"] or "No theme", locality=row["locality__name"] or "County-wide",
                    heard=row["heard"], told=row["told"]) for row in rows]
