"""Queries compiled to SQL once per process, for hot reads whose ORM building cost more than running them.

The queryset is built with marker values standing for what changes between calls (an id, a page's ids);
`compile_with_markers` finds where each marker went among the SQL's parameters, and `params_for` puts the
real values there. Used by the person-with-roles query (`coproduction/backends.py`), a payment run's counts
(`payments.stripe_connect.run_counts`) and the recruitment overview's vacancies (`recruitment.selectors`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet

MARKER = -7_654_321  # markers are MARKER, MARKER - 1, ...: no id of a row is negative


def markers(count: int) -> list[int]:
    return [MARKER - n for n in range(count)]


@dataclass(frozen=True)
class CompiledQuery:
    sql: str
    params: tuple[Any, ...]
    places: tuple[int, ...]  # where each marker's value goes among the parameters
    names: tuple[str, ...]   # the columns of a values() queryset, in the order they come back

    def params_for(self, values: Sequence[Any]) -> list[Any]:
        filled = list(self.params)
        for place, value in zip(self.places, values, strict=True):
            filled[place] = value
        return filled

    def rows(self, alias: str, values: Sequence[Any]) -> list[dict[str, Any]]:
        """The query run with these values in the markers' places, each row as {column name: value}."""
        with connections[alias].cursor() as cursor:
            cursor.execute(self.sql, self.params_for(values))
            return [dict(zip(self.names, row, strict=True)) for row in cursor.fetchall()]


def compile_with_markers(queryset: QuerySet[Any], used: Sequence[int]) -> CompiledQuery:
    """`queryset` (built with the `used` markers) as SQL, with where each marker went."""
    query = queryset.query
    sql, params = query.get_compiler(queryset.db).as_sql()
    places = tuple(list(params).index(marker) for marker in used)
    names = tuple([*query.extra_select, *query.values_select, *query.annotation_select])
    return CompiledQuery(sql, tuple(params), places, names)
