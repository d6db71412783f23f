"""The demo: a year of meetings with papers, late packs with reasons, attendance and decisions, checked papers."""

from __future__ import annotations

import pytest

from meetings.models import (
    Attendance,
    CheckOverride,
    Decision,
    LatePaperRequest,
    Meeting,
    NoticeRule,
    PackDispatch,
    PaperFinding,
    PaperVersion,
)

# The demo is loaded once for the module (tests/conftest.py); running it again adds nothing anywhere
# (tests/coproduction/test_demo_again.py).
pytestmark = pytest.mark.django_db
DEMO_APPS = ["recruitment", "meetings"]


def test_demo_meetings_are_rich(demo):
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



def test_the_demo_checks_its_papers_with_acknowledgements_and_an_override(demo):
    assert not PaperVersion.objects.filter(checked_at__isnull=True).exists()
    assert PaperFinding.objects.filter(acknowledged_at__isnull=False).exclude(acknowledge_reason="").exists()
    assert CheckOverride.objects.exclude(reason="").filter(decided_by__isnull=False).exists()
    # every pack already sent agrees with the rule
    sent = PaperVersion.objects.filter(dispatches__kind="pack").distinct()
    for version in sent:
        open_must_fix = version.findings.filter(severity="must-fix", acknowledged_at__isnull=True).exists()
        assert not open_must_fix or CheckOverride.objects.filter(version=version).exists()
