"""Two managers change one agenda at the same moment (PostgreSQL, real concurrent transactions): each change
waits for the other (the meeting's row is locked first), so positions stay 1, 2, 3 ... with none lost or
doubled. Run with DATABASE_URL=postgres://... ; skipped on SQLite."""

from __future__ import annotations

import threading
from functools import partial

import pytest
from django.db import connection

from meetings import services
from meetings.models import AgendaItem
from tests.meetings.factories import MeetingFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _at_once(*actions) -> list[BaseException]:
    """Run each action in its own thread (its own connection and transaction), started together."""
    start, errors = threading.Barrier(len(actions)), []

    def run(action):
        try:
            start.wait()
            action()
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


def test_a_removal_and_a_move_at_the_same_moment_keep_the_positions_whole(manager):
    for _round in range(5):
        meeting = MeetingFactory()
        items = [services.agenda_item_add(meeting=meeting, title=f"Item {n}") for n in range(1, 6)]
        errors = _at_once(partial(services.agenda_item_remove, item=items[0], by=manager),
                          partial(services.agenda_item_move, item=items[4], up=True, by=manager),
                          partial(services.agenda_item_add, meeting=meeting, title="Late addition"))
        assert errors == []
        orders = list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("order", "title"))
        assert [order for order, _title in orders] == [1, 2, 3, 4, 5], orders
        titles = [title for _order, title in orders]
        assert titles.index("Item 5") == titles.index("Item 4") - 1  # the move happened, once
        assert "Item 1" not in titles and "Late addition" in titles
