"""AnyOf: `column = ANY(array)`, one parameter for a list of ids (PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db.models import F

from coproduction.lookups import AnyOf
from coproduction.models import User
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_finds_rows_whatever_the_size_of_their_ids() -> None:
    ids = [7, 40_000, 3_000_000_000]  # smallint, integer and bigint ranges
    for pk in ids:
        UserFactory(id=pk)
    UserFactory(id=8)

    found = User.objects.filter(AnyOf(F("pk"), ids)).values_list("pk", flat=True)

    assert sorted(found) == ids


def test_an_empty_list_finds_nothing() -> None:
    UserFactory()

    assert not User.objects.filter(AnyOf(F("pk"), [])).exists()


def test_compares_in_the_columns_own_type() -> None:
    sql = str(User.objects.filter(AnyOf(F("pk"), [1, 2])).query)

    assert "::bigint[]" in sql
