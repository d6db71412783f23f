"""The demo: a year of meetings with papers, late packs with reasons, attendance and decisions; twice is once."""

from __future__ import annotations

import pytest

from meetings.models import (
    Attendance,
    Decision,
    LatePaperRequest,
    Meeting,
    NoticeRule,
    PackDispatch,
    PaperVersion,
)
from tests.factories import load_demo

pytestmark = pytest.mark.django_db


def test_demo_meetings_are_rich_and_idempotent():
    load_demo()
    counts = [Meeting.objects.count(), PaperVersion.objects.count(), PackDispatch.objects.count(),
              Attendance.objects.count(), Decision.objects.count(), LatePaperRequest.objects.count()]
    assert Meeting.objects.count() >= 35
    assert Meeting.objects.filter(group__name="Alliance Board").exists()
    assert PackDispatch.objects.filter(on_time=False).exists()
    assert LatePaperRequest.objects.filter(status="approved").exclude(reason="").exists()
    assert Attendance.objects.exists() and Decision.objects.exists()
    assert {(r.group.name, r.days, r.kind) for r in NoticeRule.objects.select_related("group")} >= {
        ("Alliance Board", 7, "calendar"), ("Working group: crisis support", 5, "working"),
        ("Operational Group", 7, "calendar")}
    from django.utils import timezone

    assert Meeting.objects.filter(starts_at__gt=timezone.now()).exists()

    load_demo()

    assert counts == [Meeting.objects.count(), PaperVersion.objects.count(), PackDispatch.objects.count(),
                      Attendance.objects.count(), Decision.objects.count(), LatePaperRequest.objects.count()]
