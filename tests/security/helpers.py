"""Helpers for the security tests."""

from __future__ import annotations

from django.apps import apps
from django.db import connection


def database_contains(text: str) -> list[str]:
    """Every table.column whose stored text contains `text` (a scan of the whole database)."""
    found: list[str] = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            for field in model._meta.concrete_fields:
                if field.get_internal_type() not in {"CharField", "TextField", "JSONField", "EmailField",
                                                     "BinaryField"}:
                    continue
                column = connection.ops.quote_name(field.column)
                cursor.execute(f"SELECT {column} FROM {connection.ops.quote_name(table)}")  # noqa: S608
                for (value,) in cursor.fetchall():
                    if value is None:
                        continue
                    if isinstance(value, memoryview | bytes):
                        value = bytes(value).decode("latin-1")
                    if text in str(value):
                        found.append(f"{table}.{field.column}")
                        break
    return found
