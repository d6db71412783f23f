"""A database lookup the ORM lacks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import NotSupportedError
from django.db.models import Lookup


class AnyOf(Lookup):
    """`column = ANY(%s)`, the values sent as one array (PostgreSQL only): a list of hundreds of ids costs one
    parameter, where `__in` sends (and the driver parses) one placeholder per id. Used as an expression:
    `queryset.filter(AnyOf(F("meeting_id"), ids))`."""

    lookup_name = "any_of"
    prepare_rhs = False

    def __init__(self, lhs: Any, rhs: Iterable[Any]) -> None:
        super().__init__(lhs, list(rhs))

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [list(value)]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if connection.vendor != "postgresql":
            raise NotSupportedError("AnyOf sends a PostgreSQL array; other databases use __in.")
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        # The driver types a list of small integers as smallint[]; cast to the column's own type so the
        # comparison (and the index it uses) is the column's, whatever the values.
        element_type = self.lhs.output_field.cast_db_type(connection)
        return f"{lhs} = ANY({rhs}::{element_type}[])", [*lhs_params, *rhs_params]
