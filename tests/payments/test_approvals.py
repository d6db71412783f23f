"""Four eyes: the manager approves, finance authorises; never the claimant, never one person for both."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections
from django.urls import reverse

from coproduction import transitions
from coproduction.roles import Role
from payments import services
from payments.models import Claim, LedgerEntry
from tests.factories import UserFactory, png_bytes
from tests.payments.factories import activity, benefit_rule, submitted_claim

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _june_2025():
    with time_machine.travel(dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_manager_approves_then_finance_authorises_and_every_step_is_recorded(leader, manager, finance, rates,
                                                                            client_for):
    claim = submitted_claim(leader, ["2025-06-02"], parking="3.50")
    url = reverse("payments:claim_detail", args=[claim.pk])
    asked = client_for(manager).post(url, {"decision": "approve"}).content.decode()  # asks first
    assert f"Approve claim {claim.reference} from Jo Bennett?" in asked
    assert "£43.50 (fees £40.00, expenses £3.50)" in asked and "No, go back" in asked
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    response = client_for(manager).post(url, {"decision": "approve", "confirmed": "yes"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED and claim.approved_by == manager
    committed = LedgerEntry.objects.filter(claim=claim, entry_type="committed")
    assert sorted((e.kind, e.amount) for e in committed) == [("expense", D("3.50")), ("fee", D("40.00"))]
    asked = client_for(finance).post(url, {"decision": "approve"}).content.decode()
    assert "£43.50 (fees £40.00, expenses £3.50) is paid to Jo Bennett in the next payment run." in asked
    client_for(finance).post(url, {"decision": "approve", "confirmed": "yes"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.AUTHORISED and claim.authorised_by == finance
    steps = [(step.to_state, step.by.pk) for step in transitions.steps(claim)]
    assert steps == [("draft", leader.pk), ("submitted", leader.pk), ("approved", manager.pk),
                     ("authorised", finance.pk)]
    page = client_for(leader).get(reverse("payments:claim_detail", args=[claim.pk])).content.decode()
    assert "Sam Carter" in page and "Priya Shah" in page


def test_nobody_approves_their_own_claim(rates):
    both = UserFactory(roles=[Role.LEADER, Role.MANAGER, Role.FINANCE], totp=True)
    claim = submitted_claim(both, ["2025-06-02"])
    with pytest.raises(services.ClaimError, match="own claim"):
        services.claim_approve(claim_id=claim.pk, by=both)


def test_one_person_cannot_give_both_approvals(leader, rates):
    both = UserFactory(roles=[Role.MANAGER, Role.FINANCE], totp=True)
    claim = submitted_claim(leader, ["2025-06-02"])
    services.claim_approve(claim_id=claim.pk, by=both)
    with pytest.raises(services.ClaimError, match="four eyes"):
        services.claim_authorise(claim_id=claim.pk, by=both)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED


def test_finance_cannot_give_the_first_approval_and_the_manager_cannot_authorise(leader, manager, finance, rates,
                                                                              client_for):
    claim = submitted_claim(leader, ["2025-06-02"])
    client_for(finance).post(reverse("payments:claim_detail", args=[claim.pk]), {"decision": "approve"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    services.claim_approve(claim_id=claim.pk, by=manager)
    client_for(manager).post(reverse("payments:claim_detail", args=[claim.pk]), {"decision": "approve"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED


def test_returned_with_a_reason_the_leader_sees_and_is_emailed(leader, manager, finance, rates, client_for,
                                                               django_capture_on_commit_callbacks):
    claim = submitted_claim(leader, ["2025-06-02"])
    services.claim_approve(claim_id=claim.pk, by=manager)
    response = client_for(finance).post(reverse("payments:claim_detail", args=[claim.pk]),
                                        {"decision": "return", "reason": ""})
    assert "Say why" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(finance).post(reverse("payments:claim_detail", args=[claim.pk]),
                                 {"decision": "return", "reason": "Please add the date of the bus fare."})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RETURNED
    page = client_for(leader).get(reverse("payments:claim_detail", args=[claim.pk])).content.decode()
    assert "Please add the date of the bus fare." in page
    assert mail.outbox[-1].to == [leader.email] and "needs a change" in mail.outbox[-1].subject
    # the commitment made at approval is released by a reversal, not a deletion
    assert sum(e.amount for e in LedgerEntry.objects.filter(claim=claim, entry_type="committed")) == 0
    assert LedgerEntry.objects.filter(claim=claim).count() == 2
    # the leader can change and send it again
    services.claim_submit(claim=claim, by=leader)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED


def test_rejected_claims_say_why(leader, manager, rates):
    claim = submitted_claim(leader, ["2025-06-02"])
    services.claim_send_back(claim_id=claim.pk, by=manager, reason="This was claimed last month.", reject=True)
    claim.refresh_from_db()
    assert (claim.status, claim.reason) == ("rejected", "This was claimed last month.")


def test_approval_checks_the_limits_again(leader, manager, rates):
    benefit_rule(leader, "carers")
    first = submitted_claim(leader, ["2025-06-02"], hours="5")       # £100
    # the leader's limit changes their picture: another claim for the same week got in first
    second = submitted_claim(leader, ["2025-06-03"], hours="4")      # £80, total £180: fine
    services.claim_approve(claim_id=second.pk, by=manager)
    benefit_rule(leader, "carers", cap="150")                        # they then set their own cap
    with pytest.raises(services.ClaimStopped):
        services.claim_approve(claim_id=first.pk, by=manager)
    first.refresh_from_db()
    assert first.status == Claim.Status.SUBMITTED
    assert not LedgerEntry.objects.filter(claim=first).exists()


def test_the_ledger_refuses_changes_and_deletions(leader, manager, rates):
    claim = submitted_claim(leader, ["2025-06-02"])
    services.claim_approve(claim_id=claim.pk, by=manager)
    entry = LedgerEntry.objects.get(claim=claim)
    entry.amount = D("1.00")
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    with pytest.raises(ValueError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=D("1"))
    with pytest.raises(ValueError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    reversal = services.ledger_reverse(entry=entry, by=manager, memo="entered twice")
    assert reversal.amount == D("-40.00") and reversal.reverses == entry
    with pytest.raises(services.ClaimError):
        services.ledger_reverse(entry=entry, by=manager, memo="again")


@pytest.mark.postgres
def test_the_database_refuses_ledger_changes_on_postgresql(leader, manager, rates):
    from django.db import DatabaseError, transaction

    claim = submitted_claim(leader, ["2025-06-02"])
    services.claim_approve(claim_id=claim.pk, by=manager)
    pk = LedgerEntry.objects.get(claim=claim).pk
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE payments_ledgerentry SET amount = 1 WHERE id = %s", [pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM payments_ledgerentry WHERE id = %s", [pk])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_managers_approving_at_once_make_exactly_one_ledger_entry(rates):
    leader = UserFactory(roles=[Role.LEADER])
    managers = [UserFactory(roles=[Role.MANAGER]) for _ in range(20)]
    claim = submitted_claim(leader, ["2025-06-02"])
    barrier = threading.Barrier(20)
    outcomes: list[str] = []

    def approve(manager) -> None:
        try:
            barrier.wait()
            services.claim_approve(claim_id=claim.pk, by=manager)
            outcomes.append("approved")
        except services.ClaimError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(m,)) for m in managers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("approved") == 1 and outcomes.count("refused") == 19
    assert LedgerEntry.objects.filter(claim=claim).count() == 1
    assert [step.to_state for step in transitions.steps(claim)].count("approved") == 1


def test_activity_from_a_meeting_attendance_is_made_once(leader, rates):
    from coproduction.models import GovernanceGroup
    from meetings.models import Attendance, Meeting

    group = GovernanceGroup.objects.create(name="Operational Group", kind="operational")
    start = dt.datetime(2025, 6, 4, 10, 0, tzinfo=dt.UTC)
    meeting = Meeting.objects.create(group=group, title="June meeting", starts_at=start,
                                     ends_at=start + dt.timedelta(hours=2))
    attendance = Attendance.objects.create(meeting=meeting, person=leader)
    # recording the attendance made the activity already (2 hours, from the meeting's length)
    assert attendance.payable_activity.hours == D("2.00")
    first = services.activity_from_attendance(attendance=attendance, activity_type=rates.activity_type, hours=D("2"))
    again = services.activity_from_attendance(attendance=attendance, activity_type=rates.activity_type, hours=D("2"))
    assert first.pk == again.pk and first.source == "meeting" and first.source_label == "June meeting"
    assert first.date == dt.date(2025, 6, 4)
    assert activity  # the helper is shared with the other tests


def test_a_claim_cannot_be_approved_without_a_budget_line_to_draw_on(leader, manager, rates):
    from payments.models import BudgetLine

    claim = submitted_claim(leader, ["2025-06-02"])
    Claim.objects.filter(pk=claim.pk).update(fees_line=None)
    BudgetLine.objects.filter(kind="fees").delete()
    with pytest.raises(services.ClaimError, match="budget line"):
        services.claim_approve(claim_id=claim.pk, by=manager)


def test_the_home_page_lists_claims_waiting_and_claims_returned(leader, manager, rates, client_for):
    claim = submitted_claim(leader, ["2025-06-02"])
    assert "1 claim waiting for your decision" in client_for(manager).get("/").content.decode()
    services.claim_send_back(claim_id=claim.pk, by=manager, reason="Add the bus fare date.")
    assert "1 claim returned to you for changes" in client_for(leader).get("/").content.decode()


def test_a_claim_returned_after_approval_can_be_edited_and_the_ledger_keeps_its_history(leader, manager, finance,
                                                                                      rates):
    claim = submitted_claim(leader, ["2025-06-02"], parking="2.00")
    services.claim_approve(claim_id=claim.pk, by=manager)
    services.claim_send_back(claim_id=claim.pk, by=finance, reason="Please split the parking.")
    claim.refresh_from_db()
    expense = claim.expenses.get()
    services.expense_remove(claim=claim, expense_id=expense.pk)
    services.claim_set_activities(claim=claim, activity_ids=[])
    services.expense_add(claim=claim, kind="parking", date=dt.date(2025, 6, 2), amount=D("1.00"),
                         receipt=__import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
                             "r.png", png_bytes(), content_type="image/png"))
    services.claim_submit(claim=claim, by=leader)
    services.claim_approve(claim_id=claim.pk, by=manager)
    entries = LedgerEntry.objects.filter(claim=claim).order_by("pk")
    assert [(e.description, e.amount) for e in entries] == [
        ("Meeting attendance", D("40.00")), ("Parking", D("2.00")),
        ("Meeting attendance", D("-40.00")), ("Parking", D("-2.00")), ("Parking", D("1.00"))]
