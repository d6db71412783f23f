"""What the manager's home page says about listening."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import FeedbackFactory

pytestmark = pytest.mark.django_db


def test_the_manager_sees_feedback_waiting_too_long_and_leaders_see_the_listening_link(client_for, manager, leader):
    FeedbackFactory(heard_on=timezone.localdate() - dt.timedelta(weeks=20))
    FeedbackFactory(heard_on=timezone.localdate() - dt.timedelta(weeks=2))
    page = client_for(manager).get(reverse("home")).content.decode()
    assert "1 feedback item has waited more than 12 weeks" in page
    assert 'href="/listening/trail/"' in page

    leader_page = client_for(leader).get(reverse("home")).content.decode()
    assert "waited more than 12 weeks" not in leader_page
    assert 'href="/listening/"' in leader_page and 'href="/listening/trail/"' not in leader_page
