"""Running the whole demo again adds nothing anywhere: no row in any table, history included."""

from __future__ import annotations

import pytest
from django.apps import apps

from tests.factories import load_demo

pytestmark = pytest.mark.django_db


def rows_in_every_table() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count()
            for model in apps.get_models(include_auto_created=True) if not model._meta.proxy}


def test_running_the_demo_again_adds_nothing_to_any_table():
    load_demo()
    before = rows_in_every_table()
    assert before["payments.Claim"] and before["engagement.FeedbackItem"] and before["meetings.Meeting"]
    assert before["recruitment.Application"] and before["coproduction.Membership"]

    load_demo()

    after = rows_in_every_table()
    grown = [f"{label}: {before[label]} -> {after[label]}" for label in before if after[label] != before[label]]
    assert not grown, "\n".join(grown)
