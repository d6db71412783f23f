from __future__ import annotations

import pytest

from coproduction.models import Membership
from tests.factories import GroupFactory
from tests.meetings.factories import MeetingFactory, NoticeRuleFactory, add_member, london


@pytest.fixture
def group(db):
    group = GroupFactory(name="Working group: crisis support")
    NoticeRuleFactory(group=group, days=7, kind="calendar")
    return group


@pytest.fixture
def meeting(group, leader, manager):
    """A meeting far enough ahead that the pack is on time; the leader is a member, the manager chairs."""
    add_member(group, leader)
    add_member(group, manager, role_in_group=Membership.RoleInGroup.STAFF)
    return MeetingFactory(group=group, title="Crisis support working group", chair=manager,
                          starts_at=london(2027, 3, 16, 10), ends_at=london(2027, 3, 16, 12))
