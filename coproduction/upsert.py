"""Create a row, or bring it to the given values, writing only what differs.

Loading the same data again (the demo, the shipped limits and mileage tables) then leaves the rows and their
history as they were: `update_or_create` saves every time, and each save adds a history row saying "changed".
"""

from __future__ import annotations

from typing import Any

from django.db import models


def upsert(manager: models.Manager, values: dict[str, Any], **lookup: Any) -> tuple[models.Model, bool]:
    """The row matching `lookup`, created with `values` or updated to them. Returns (row, created)."""
    row = manager.filter(**lookup).first()
    if row is None:
        return manager.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=changed)
    return row, False
