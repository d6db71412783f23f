"""Small helpers for the words the portal writes from code: counts with the right noun, never "claim(s)"."""

from __future__ import annotations


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """1 claim, 2 claims, 0 claims; an irregular plural is given: counted(3, "activity", "activities")."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"
