"""The statement for the Jobcentre or an adviser: per person and period, fees and expenses kept apart, by each
benefit's own week or assessment period, the service-user provisions named, declined fees not counted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from payments import benefits, limits, services, statement
from payments.models import Claim, PaymentRun
from plain_language import check_text
from tests.payments.factories import activity, add_benefit, bank

pytestmark = pytest.mark.django_db
D = Decimal
JUNE = {"start": "1/6/2025", "end": "30/6/2025"}


@pytest.fixture(autouse=True)
def _tuesday_10_june_2025():
    with time_machine.travel(dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _paid(leader, manager, finance, *, decline: bool = False, voucher: str | None = None) -> Claim:
    claim = services.claim_start(person=leader)
    services.claim_set_activities(claim=claim, activity_ids=[activity(leader, "2025-06-02", "2").pk])   # £40
    services.expense_add(claim=claim, kind="parking", date=dt.date(2025, 6, 2), amount=D("3.50"),
                         receipt=SimpleUploadedFile("r.pdf", b"%PDF-1.4 r", content_type="application/pdf"))
    services.expense_add(claim=claim, kind="mileage", date=dt.date(2025, 6, 2), miles=D("10"), vehicle="car",
                         amount=D("6.00"))   # £4.50 at the HMRC rate: £1.50 above it counts
    if voucher:
        benefits.other_income_add(claim=claim, kind="voucher", received_on=dt.date(2025, 6, 2), value=D(voucher),
                                  by=leader)
    if decline:
        services.claim_choose_option(claim=claim, option=Claim.LimitOption.DECLINE_FEE)
    services.claim_submit(claim=claim, by=leader)
    services.claim_approve(claim_id=claim.pk, by=manager)
    services.claim_authorise(claim_id=claim.pk, by=finance)
    run, _ = services.run_build(by=finance, method=PaymentRun.Method.BANK_FILE, payment_date=dt.date(2025, 6, 13))
    services.run_mark_paid(run=run, by=finance)
    claim.refresh_from_db()
    return claim


def test_fees_expenses_and_vouchers_are_kept_apart_and_only_fees_and_income_count(leader, manager, finance, rates):
    bank(leader)
    add_benefit(leader, "carers", week_starts_on=2)       # Wednesday weeks
    add_benefit(leader, "uc", uc_start_day=17, work_allowance="none")
    _paid(leader, manager, finance, voucher="10.00")
    figures = statement.for_person(leader, dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    totals = figures.totals
    assert (totals.fees, totals.expenses, totals.expenses_counted, totals.other_income, totals.earnings) == (
        D("40.00"), D("9.50"), D("1.50"), D("10.00"), D("51.50"))
    carers, uc = figures.rules
    # Carer's Allowance by the person's own Wednesday week; UC by the assessment period from the 17th
    assert [p.period.start for p in carers.periods] == [dt.date(2025, 5, 28), dt.date(2025, 6, 11)]
    assert [p.period.start for p in uc.periods] == [dt.date(2025, 5, 17)]
    # the provisions of these two benefits: Carer's Allowance (SI 2015/784) and UC (reg 55(3)(b), 60(4)(b))
    provisions = " ".join(c.title for c in statement.provisions(figures))
    assert "SI 2015/784" in provisions and "reg 55(3)(b)" in provisions and "SI 2009/2655" not in provisions


@pytest.mark.parametrize(("recorded", "named"), [
    (["esa"], ["SI 2009/2655", "SI 2014/591"]),
    (["is", "hb"], ["SI 2009/2655", "SI 2014/591", "Schedule 5"]),
    (["pc"], ["SI 2009/2655", "Pension Credit (reg 5)"]),
    ([], ["SI 2009/2655", "SI 2014/591", "SI 2015/784", "reg 55(3)(b)"]),   # none recorded: all of them
])
def test_the_service_user_provisions_named_are_those_of_the_persons_benefits(leader, recorded, named):
    for rule in recorded:
        add_benefit(leader, rule)
    figures = statement.for_person(leader, dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    provisions = " ".join(c.title for c in statement.provisions(figures))
    for words in named:
        assert words in provisions


def test_a_declined_fee_is_shown_with_its_date_and_not_treated_as_paid(leader, manager, finance, rates, client_for):
    bank(leader)
    add_benefit(leader, "esa", week_starts_on=0, permitted_work="lower")
    _paid(leader, manager, finance, decline=True)
    figures = statement.for_person(leader, dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    assert (figures.totals.fees, figures.totals.foregone, figures.totals.earnings) == (D("0.00"), D("40.00"),
                                                                                      D("1.50"))
    page = " ".join(client_for(leader).get(reverse("payments:benefit_statement", args=[leader.pk]), JUNE)
                    .content.decode().split())
    assert "Declining or reducing a fee is not treated as if it had been paid: only the amount paid counts." in page
    assert "fee offered £40.00, declined by choice on 10 Jun 2025" in page
    assert "Fees declined or reduced by choice (not paid, not counted)</dt><dd class=\"govuk-summary-list__value\">" \
           "£40.00" in page
    assert "Employment and Support Allowance (new style or contribution-based): permitted work: by benefit week" \
           in page
    assert "Benefit weeks start on Monday." in page


def test_the_page_and_the_pdf_for_the_leader_and_staff_only(leader, other_leader, manager, finance, board_member,
                                                            rates, client_for):
    bank(leader)
    add_benefit(leader, "carers")    # week start not known
    _paid(leader, manager, finance)
    url = reverse("payments:benefit_statement", args=[leader.pk])
    page = " ".join(client_for(leader).get(url, JUNE).content.decode().split())
    assert "<h1 class=\"govuk-heading-l\">Statement for the Jobcentre or an adviser</h1>" in page
    assert "The benefit week start day is not recorded: weeks are shown Monday to Sunday." in page
    assert "Involvement fees paid (earnings)</dt><dd class=\"govuk-summary-list__value\">£40.00" in page
    assert "Expenses paid back</dt><dd class=\"govuk-summary-list__value\">£9.50 (£1.50 of it counts" in page
    pdf = client_for(manager).get(reverse("payments:benefit_statement_pdf", args=[leader.pk]), JUNE)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"] == 'attachment; filename="benefits-statement-2025-06-01-to-2025-06-30.pdf"'
    assert client_for(finance).get(url, JUNE).status_code == 200
    for stranger in (other_leader, board_member):
        assert client_for(stranger).get(url, JUNE).status_code == 404


def test_a_period_the_wrong_way_round_is_refused_plainly(leader, rates, client_for):
    response = client_for(leader).get(reverse("payments:benefit_statement", args=[leader.pk]),
                                      {"start": "30/6/2025", "end": "1/6/2025"})
    page = response.content.decode()
    assert "<title>Error:" in page and "The end date must be the same as or after the start date." in page


@pytest.mark.parametrize(("start_day", "paid", "period_start"), [
    # UC Regulations 2013 reg 21(2)(b): a period starting on the 29th or 30th starts on 27 February (28th in a
    # leap year); (a): one starting on the 31st starts on the last day of the month.
    (30, "2026-02-27", "2026-02-27"),
    (30, "2026-02-26", "2026-01-30"),
    (31, "2026-02-28", "2026-02-28"),
    (29, "2028-02-28", "2028-02-28"),
])
def test_the_statement_groups_universal_credit_by_the_february_rule(leader, start_day, paid, period_start):
    add_benefit(leader, "uc", uc_start_day=start_day)
    day = dt.date.fromisoformat(paid)
    line = limits.StatementLine(kind="fee", amount=D("10.00"), worked_on=day, paid_on=day)
    figures = limits.statement_figures([line], benefits=[b.terms() for b in leader.benefits.all()], start=day,
                                       end=day)
    assert figures.rules[0].periods[0].period.start == dt.date.fromisoformat(period_start)


def _main(html: str) -> str:
    return html[html.index('<main'):html.index('</main>')]


def test_the_statement_and_the_claim_check_pass_the_portals_own_checker(leader, manager, finance, rates,
                                                                      client_for):
    """Every word on them, including what comes from code (benefit names, notes, citations): no must-fix
    finding (unexplained acronyms, stigmatising words) from the portal's own plain-language checker."""
    bank(leader)
    add_benefit(leader, "carers")
    add_benefit(leader, "uc", uc_start_day=17)
    add_benefit(leader, "esa", week_starts_on=0, permitted_work="higher")
    add_benefit(leader, "hb")
    _paid(leader, manager, finance, voucher="10.00")
    client = client_for(leader)
    pages = [client.get(reverse("payments:benefit_statement", args=[leader.pk]), JUNE).content.decode()]
    claim = services.claim_start(person=leader)
    services.claim_set_activities(claim=claim, activity_ids=[activity(leader, "2025-06-09", "12").pk])
    services.expense_add(claim=claim, kind="public_transport", date=dt.date(2025, 6, 9), amount=D("4.20"))
    pages.append(client.get(reverse("payments:claim_check", args=[claim.pk])).content.decode())
    pages.append(client.get(reverse("payments:benefits")).content.decode())
    for page in pages:
        report = check_text(_main(page), fmt="html")
        must_fix = [(f["kind"], f.get("text")) for f in report.to_dict()["findings"] if f["severity"] == "must-fix"]
        assert not must_fix, sorted(set(must_fix))
