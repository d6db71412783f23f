"""A claim's history is one record per step, with who and why, and the portal and the admin show the same."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from coproduction.transitions import steps
from payments import services
from payments.models import Claim, PaymentRun
from tests.factories import UserFactory
from tests.payments.factories import bank, paid_claim

pytestmark = pytest.mark.django_db

PATH = ["draft", "submitted", "approved", "authorised", "in_run", "paid"]


@pytest.fixture
def paid(leader, manager, finance, rates) -> Claim:
    bank(leader)
    claim = paid_claim(leader, manager, finance, ["2025-06-02"], parking="3.50")
    run, _ = services.run_build(by=finance, method=PaymentRun.Method.BANK_FILE, payment_date=dt.date(2025, 6, 20))
    services.run_mark_paid(run=run, by=finance)
    return claim


def test_every_step_is_recorded_once_with_who_did_it(paid, leader, manager, finance):
    recorded = [(step.to_state, step.by) for step in steps(paid)]

    assert recorded == [("draft", leader), ("submitted", leader), ("approved", manager), ("authorised", finance),
                        ("in_run", finance), ("paid", finance)]


def test_the_portal_shows_every_step_once(paid, client_for, leader):
    page = client_for(leader).get(reverse("payments:claim_detail", args=[paid.pk])).content.decode()

    for label in [Claim.Status(state).label for state in PATH]:
        assert len(re.findall(rf"<li>{re.escape(label)} ·", page)) == 1, label


def test_the_admin_history_shows_the_same_steps_once(paid, client_for):
    # Claims are out of the Admin role's reach in the Django admin (least privilege); a superuser account sees them.
    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True, totp=True)
    page = client_for(root).get(reverse("admin:payments_claim_history", args=[paid.pk])).content.decode()

    shown = [Claim.Status(state).label for state in PATH]
    for label in shown:
        assert page.count(f">{label}<") == 1, label
    assert "Payment run" in page  # the reason kept with the step into the run
