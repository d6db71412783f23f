"""The demo: two years of listening across the four localities, 2,000+ items."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Max, Min
from django.utils import timezone

from engagement.models import FeedbackDecisionLink, FeedbackItem, ListeningEvent, Update
from engagement.pii import find_personal_details

# The demo is loaded once for the module (tests/conftest.py); running it again adds nothing anywhere
# (tests/coproduction/test_demo_again.py).
pytestmark = pytest.mark.django_db
DEMO_APPS = ["recruitment", "meetings", "engagement"]


def test_the_demo_tells_a_two_year_story(demo):
    counts = (ListeningEvent.objects.count(), FeedbackItem.objects.count(), FeedbackDecisionLink.objects.count(),
              Update.objects.count())
    assert counts[1] >= 2000
    assert ListeningEvent.objects.exclude(locality=None).values("locality").distinct().count() == 4
    span = ListeningEvent.objects.aggregate(first=Min("held_on"), last=Max("held_on"))
    assert span["last"] - span["first"] > dt.timedelta(days=600)
    assert span["last"] <= timezone.localdate()
    statuses = dict(FeedbackItem.objects.values_list("status").annotate(n=Count("id")))
    assert all(statuses.get(s, 0) > 50 for s in FeedbackItem.Status.values)
    assert counts[2] > 100
    assert Update.objects.filter(status=Update.Status.PUBLISHED).count() >= 3
    assert FeedbackItem.objects.filter(themes__isnull=True).count() == 0
    assert not [t for t in FeedbackItem.objects.values_list("text", flat=True).distinct() if find_personal_details(t)]

