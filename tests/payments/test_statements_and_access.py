"""Statements equal the ledger; nobody sees another leader's claims, receipts or benefit rule."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Sum
from django.urls import reverse

from payments import selectors, services
from payments.models import Claim, Expense, LedgerEntry, PaymentRun
from tests.payments.factories import activity, bank, benefit_rule, paid_claim, submitted_claim

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _june_2025():
    with time_machine.travel(dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_statements_by_month_and_tax_year_equal_the_ledger(leader, other_leader, manager, finance, rates,
                                                          client_for):
    bank(leader)
    bank(other_leader)
    paid_claim(leader, manager, finance, ["2025-05-28", "2025-06-02"], parking="3.50")
    paid_claim(other_leader, manager, finance, ["2025-06-03"])
    run, _ = services.run_build(by=finance, method=PaymentRun.Method.BANK_FILE, payment_date=dt.date(2025, 6, 13))
    services.run_mark_paid(run=run, by=finance)

    client = client_for(leader)
    month = _rows(client.get(reverse("payments:statement_month", args=[2025, 6])))
    year = _rows(client.get(reverse("payments:statement_tax_year", args=[2025])))
    ledger = LedgerEntry.objects.filter(person=leader, entry_type="paid")
    for rows in (month, year):
        body, total = rows[:-1], rows[-1]
        assert [r["Date worked"] for r in body] == ["2025-05-28", "2025-05-28", "2025-06-02"]
        assert {r["Date paid"] for r in body} == {"2025-06-13"}
        assert D(total["Involvement fee"]) == ledger.filter(kind="fee").aggregate(t=Sum("amount"))["t"] == D("80.00")
        assert D(total["Expense"]) == ledger.filter(kind="expense").aggregate(t=Sum("amount"))["t"] == D("3.50")
        assert sum(D(r["Involvement fee"] or 0) for r in body) == D("80.00")
        assert all(not (r["Involvement fee"] and r["Expense"]) for r in body)   # kept apart
    # May (worked, not paid): nothing paid in May
    assert _rows(client.get(reverse("payments:statement_month", args=[2025, 5])))[-1]["Involvement fee"] == "0.00"
    # the PDF says the same
    from pypdf import PdfReader

    pdf = client.get(reverse("payments:statement_tax_year_pdf", args=[2025]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Jo Bennett" in text and "£80.00" in text and "£3.50" in text
    # finance: the year's totals per person
    totals = _rows(client_for(finance).get(reverse("payments:year_totals", args=[2025])))
    assert {(r["Name"], r["Involvement fees"], r["Expenses"]) for r in totals} == {
        ("Jo Bennett", "80.00", "3.50"), ("Kwame Mensah", "40.00", "0.00")}
    assert client_for(leader).get(reverse("payments:year_totals", args=[2025])).status_code == 403


def test_no_leader_sees_another_leaders_claim_receipt_or_benefit_rule(leader, other_leader, rates, client_for):
    benefit_rule(other_leader, "esa_higher")
    claim = submitted_claim(other_leader, ["2025-06-02"], parking="2.00")
    expense = Expense.objects.get(claim=claim)
    client = client_for(leader)
    for url in (reverse("payments:claim_detail", args=[claim.pk]), reverse("payments:receipt", args=[expense.pk]),
                reverse("payments:claim_adviser", args=[claim.pk]),
                reverse("payments:claim_check", args=[claim.pk]),
                reverse("payments:claim_activities", args=[claim.pk])):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "permitted work" not in response.content.decode()
    page = client.get(reverse("payments:index")).content.decode()
    assert claim.reference not in page


def test_the_manager_and_finance_see_the_benefit_rule_on_the_claim(other_leader, manager, rates, client_for):
    benefit_rule(other_leader, "esa_higher")
    claim = submitted_claim(other_leader, ["2025-06-02"])
    page = client_for(manager).get(reverse("payments:claim_detail", args=[claim.pk])).content.decode()
    assert "Employment and Support Allowance" in page and "Permitted work higher limit" in page


def test_receipts_download_only_with_permission_as_attachments(leader, manager, board_member, rates, client_for):
    claim = submitted_claim(leader, ["2025-06-02"], parking="2.00")
    expense = Expense.objects.get(claim=claim)
    response = client_for(leader).get(reverse("payments:receipt", args=[expense.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client_for(manager).get(reverse("payments:receipt", args=[expense.pk])).status_code == 200
    assert client_for(board_member).get(reverse("payments:receipt", args=[expense.pk])).status_code == 404


def test_staff_pages_refuse_leaders_with_an_html_403(leader, rates, client_for):
    client = client_for(leader)
    for name in ("payments:review_list", "payments:budgets", "payments:runs"):
        response = client.get(reverse(name))
        assert response.status_code == 403 and "<html" in response.content.decode(), name


def test_the_limit_check_runs_in_a_constant_number_of_queries(leader, rates, django_assert_num_queries):
    benefit_rule(leader, "legacy_20")
    for day in range(2, 30):
        submitted_claim(leader, [f"2025-05-{day:02d}"])
    claim = services.claim_start(person=leader)
    services.claim_set_activities(claim=claim, activity_ids=[activity(leader, f"2025-06-0{d}").pk for d in range(2, 7)])
    claim = Claim.objects.get(pk=claim.pk)
    # limits table, own limit, benefits; existing fees, expenses, vouchers; this claim's fees, expenses, vouchers
    with django_assert_num_queries(9):
        small = selectors.assess_claim(claim)
    for day in range(2, 30):
        submitted_claim(leader, [f"2025-04-{day:02d}"])
    with django_assert_num_queries(9):
        large = selectors.assess_claim(claim)
    assert small.strictest.periods[0].after == large.strictest.periods[0].after == D("200.00")
