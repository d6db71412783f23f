"""Errors the checker raises for documents it cannot read."""

from __future__ import annotations


class UnreadableDocument(Exception):
    """The file cannot be checked. ``str(error)`` is a plain, kind message for the author."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
