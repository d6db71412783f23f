"""What a leader reads about hours and money, and the bounds every payments form keeps."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from payments import services
from tests.payments.factories import activity

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("hours", "shown"), [("20", "20 hours"), ("20.00", "20 hours"), ("1", "1 hour"),
                                              ("2.50", "2.5 hours"), ("0.75", "0.75 hours"), ("12", "12 hours")])
def test_hours_read_as_plain_numbers(leader, rates, hours, shown):
    assert activity(leader, "2025-06-02", hours).hours_text == shown


def test_a_twenty_hour_activity_is_not_2e1_hours(leader, rates, client_for):
    long_day = activity(leader, "2025-06-02", "20")
    long_day.hours = Decimal("20.00")
    long_day.save()
    claim = services.claim_start(person=leader)
    page = client_for(leader).get(reverse("payments:claim_activities", args=[claim.pk])).content.decode()
    assert "20 hours" in page and "E+" not in page
