"""A leader's claim, step by step: fees from the rate card, expenses, the limit check and its options."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduction.transitions import steps
from payments import services
from payments.models import BenefitProfile, Claim, Expense, FeeLine, PersonBenefit, Rate
from tests.payments.factories import activity, benefit_rule, submitted_claim

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _tuesday_10_june_2025():
    with time_machine.travel(dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_the_fee_comes_from_the_rate_in_force_on_the_activity_date(leader, rates):
    Rate.objects.filter(pk=rates.pk).update(effective_to=dt.date(2025, 5, 31))
    Rate.objects.create(activity_type=rates.activity_type, unit=Rate.Unit.HOUR, amount=D("25.00"),
                        effective_from=dt.date(2025, 6, 1))
    claim = services.claim_start(person=leader)
    services.claim_set_activities(claim=claim, activity_ids=[activity(leader, "2025-05-30", "2").pk,
                                                             activity(leader, "2025-06-02", "2").pk])
    assert sorted(claim.fee_lines.values_list("amount_due", flat=True)) == [D("40.00"), D("50.00")]


def test_half_day_and_day_rates(leader, rates):
    Rate.objects.filter(pk=rates.pk).update(unit=Rate.Unit.HALF_DAY, amount=D("60.00"))
    assert services.fee_for(activity(leader, "2025-06-02", "3.5"))[1] == D("60.00")
    assert services.fee_for(activity(leader, "2025-06-03", "5"))[1] == D("120.00")


def test_mileage_is_paid_at_the_hmrc_rate_and_is_not_earnings(leader, rates):
    claim = services.claim_start(person=leader)
    expense = services.expense_add(claim=claim, kind="mileage", date=dt.date(2025, 6, 2), miles=D("23"), vehicle="car")
    assert expense.amount == D("10.35") and expense.earnings_amount == D("0.00")


def test_a_receipt_must_be_a_real_photo_or_pdf_and_not_too_big(leader, rates):
    claim = services.claim_start(person=leader)
    fake = SimpleUploadedFile("receipt.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(services.ClaimError, match="photo"):
        services.expense_add(claim=claim, kind="other", date=dt.date(2025, 6, 2), amount=D("5"), receipt=fake)
    big = SimpleUploadedFile("r.pdf", b"%PDF-" + b"0" * services.RECEIPT_MAX_BYTES, content_type="application/pdf")
    with pytest.raises(services.ClaimError, match="5 MB"):
        services.expense_add(claim=claim, kind="other", date=dt.date(2025, 6, 2), amount=D("5"), receipt=big)
    with pytest.raises(services.ClaimError, match="receipt"):
        services.expense_add(claim=claim, kind="other", date=dt.date(2025, 6, 2), amount=D("5"))


def test_subsistence_has_a_cap(leader, rates):
    claim = services.claim_start(person=leader)
    with pytest.raises(services.ClaimError, match="up to"):
        services.expense_add(claim=claim, kind="subsistence", date=dt.date(2025, 6, 2), amount=D("25"))


def test_the_whole_flow_from_a_phone_keeps_the_draft_between_steps(leader, rates, client_for):
    benefit_rule(leader, "carers")
    first = activity(leader, "2025-06-02", "3")
    client = client_for(leader)
    response = client.post(reverse("payments:claim_new"))
    claim = Claim.objects.get(person=leader)
    assert response.url == reverse("payments:claim_activities", args=[claim.pk])
    assert "Meeting attendance" in client.get(response.url).content.decode()
    response = client.post(reverse("payments:claim_activities", args=[claim.pk]), {"activities": [first.pk]})
    assert response.url == reverse("payments:claim_expenses", args=[claim.pk])
    response = client.post(reverse("payments:expense_kind", args=[claim.pk]), {"kind": "mileage"})
    assert response.url == reverse("payments:expense_add", args=[claim.pk, "mileage"])
    response = client.post(response.url, {"date": "2/6/2025", "miles": "10", "vehicle": "car"})
    assert response.status_code == 302
    # leaving and coming back: the draft is still there
    assert client.post(reverse("payments:claim_new")).url == reverse("payments:claim_activities", args=[claim.pk])
    page = client.get(reverse("payments:claim_check", args=[claim.pk])).content.decode()
    assert "this brings your paid work this week to <strong>£60.00</strong> of your <strong>£196.00</strong> limit" \
        in page.replace("This brings", "this brings")
    response = client.post(reverse("payments:claim_check", args=[claim.pk]), {"submit": "1"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    assert (claim.fees_total, claim.expenses_total) == (D("60.00"), D("4.50"))
    assert claim.limit_check["periods"][0]["after"] == "60.00"
    assert [step.to_state for step in steps(claim)] == [
        "draft", "submitted"]


def _stopped_claim(leader, client, with_expense: bool = True) -> Claim:
    benefit_rule(leader, "esa_lower")
    claim = services.claim_start(person=leader)
    services.claim_set_activities(claim=claim, activity_ids=[activity(leader, "2025-06-02", "2").pk])  # £40
    if with_expense:
        services.expense_add(claim=claim, kind="mileage", date=dt.date(2025, 6, 2), miles=D("10"), vehicle="car")
    page = client.get(reverse("payments:claim_check", args=[claim.pk])).content.decode()
    assert "This claim would go past a limit, so we have not sent it" in page
    assert "govuk-error-summary" not in page   # calm words, not an error (issue 17)
    assert "<strong>£40.00</strong> of your <strong>£20.00</strong> limit" in page
    assert "Tell the Department for Work and Pensions (DWP) before you start" in page
    assert 'name="submit"' not in page
    with pytest.raises(services.ClaimStopped):
        services.claim_submit(claim=claim, by=leader)
    return claim


def test_option_expenses_only(leader, rates, client_for):
    client = client_for(leader)
    claim = _stopped_claim(leader, client)
    client.post(reverse("payments:claim_check", args=[claim.pk]), {"choose": "1", "option": "expenses_only"})
    assert not claim.fee_lines.exists()
    client.post(reverse("payments:claim_check", args=[claim.pk]), {"submit": "1"})
    claim.refresh_from_db()
    assert (claim.status, claim.fees_total, claim.expenses_total, claim.limit_option) == (
        "submitted", D("0.00"), D("4.50"), "expenses_only")
    assert services.unclaimed_activities(leader).count() == 1   # can be claimed later


def test_option_part_of_the_fee(leader, rates, client_for):
    client = client_for(leader)
    claim = _stopped_claim(leader, client)
    client.post(reverse("payments:claim_check", args=[claim.pk]), {"choose": "1", "option": "part_fee"})
    line = FeeLine.objects.get(claim=claim)
    assert (line.amount_due, line.amount_claimed) == (D("40.00"), D("20.00"))
    client.post(reverse("payments:claim_check", args=[claim.pk]), {"submit": "1"})
    claim.refresh_from_db()
    assert (claim.status, claim.fees_total) == ("submitted", D("20.00"))


def test_option_decline_the_fee(leader, rates, client_for):
    client = client_for(leader)
    claim = _stopped_claim(leader, client, with_expense=False)
    client.post(reverse("payments:claim_check", args=[claim.pk]), {"choose": "1", "option": "decline_fee"})
    client.post(reverse("payments:claim_check", args=[claim.pk]), {"submit": "1"})
    claim.refresh_from_db()
    assert (claim.status, claim.fees_total, claim.limit_option) == ("submitted", D("0.00"), "decline_fee")
    assert services.unclaimed_activities(leader).count() == 0


def test_option_talk_to_an_adviser_prints_a_summary_and_keeps_the_draft(leader, rates, client_for):
    client = client_for(leader)
    claim = _stopped_claim(leader, client)
    response = client.post(reverse("payments:claim_check", args=[claim.pk]), {"choose": "1", "option": "adviser"})
    assert response.url == reverse("payments:claim_adviser", args=[claim.pk])
    page = client.get(response.url).content.decode()
    assert "Summary for a benefits adviser" in page and "£40.00" in page
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_uc_shows_the_estimated_reduction_and_is_not_stopped(leader, rates, client_for):
    benefit_rule(leader, "uc_wa_housing", start_day=17)
    Rate.objects.filter(pk=rates.pk).update(amount=D("150.00"))
    claim = services.claim_start(person=leader)
    services.claim_set_activities(claim=claim, activity_ids=[activity(leader, "2025-06-02", "3").pk])  # £450
    page = client_for(leader).get(reverse("payments:claim_check", args=[claim.pk])).content.decode()
    # paid on 24 June (14 days after 10 June): the assessment period 17 June to 16 July
    assert "Tuesday 17 June 2025 to Wednesday 16 July 2025" in page
    assert "Estimated fall in your benefit because of this claim: <strong>£21.45</strong>" in page
    assert 'name="submit"' in page


def test_uc_personal_cap_stops_the_claim(leader, rates):
    benefit_rule(leader, "uc_wa_housing", start_day=17, cap="50")
    claim = services.claim_start(person=leader)
    services.claim_set_activities(claim=claim, activity_ids=[activity(leader, "2025-06-02", "3").pk])  # £60
    with pytest.raises(services.ClaimStopped):
        services.claim_submit(claim=claim, by=leader)


def test_no_rule_recorded_is_fine_and_says_so(leader, rates, client_for):
    claim = services.claim_start(person=leader)
    services.claim_set_activities(claim=claim, activity_ids=[activity(leader, "2025-06-02", "3").pk])
    page = client_for(leader).get(reverse("payments:claim_check", args=[claim.pk])).content.decode()
    assert "You have not told us about any benefits" in page


def test_a_sent_claim_cannot_be_changed(leader, rates, client_for):
    claim = submitted_claim(leader, ["2025-06-02"])
    response = client_for(leader).get(reverse("payments:claim_activities", args=[claim.pk]))
    assert response.url == reverse("payments:claim_detail", args=[claim.pk])
    with pytest.raises(services.ClaimError):
        services.expense_add(claim=claim, kind="parking", date=dt.date(2025, 6, 2), amount=D("2"))


def test_expense_form_errors_are_shown_plainly(leader, rates, client_for):
    claim = services.claim_start(person=leader)
    response = client_for(leader).post(reverse("payments:expense_add", args=[claim.pk, "other"]),
                                       {"date": "31/2/2025", "amount": "abc"})
    page = response.content.decode()
    assert "<title>Error:" in page and "Enter a real date" in page
    assert not Expense.objects.exists()


def test_benefits_can_be_added_changed_and_removed(leader, rates, client_for):
    client = client_for(leader)
    response = client.post(reverse("payments:benefit_add"), {"rule": "uc", "uc_start_day": "17",
                                                             "work_allowance": "with_housing", "week_starts_on": "2"})
    assert response.url == reverse("payments:benefits")
    client.post(reverse("payments:benefit_add"), {"rule": "carers", "week_starts_on": ""})
    uc, carers = PersonBenefit.objects.filter(person=leader).order_by("pk")
    assert (uc.rule, uc.uc_start_day, uc.work_allowance, uc.week_starts_on) == ("uc", 17, "with_housing", None)
    assert (carers.rule, carers.week_starts_on) == ("carers", None)
    page = client.get(reverse("payments:benefits")).content.decode()
    assert "not known (every seven-day window is checked)" in page and "day 17 of the month" in page
    client.post(reverse("payments:benefit_change", args=[carers.pk]), {"rule": "carers", "week_starts_on": "2"})
    carers.refresh_from_db()
    assert carers.week_starts_on == 2
    response = client.post(reverse("payments:benefit_add"), {"rule": "carers"})
    assert "You have already told us about this benefit" in response.content.decode()
    client.post(reverse("payments:benefits"), {"save_cap": "1", "personal_cap": "300"})
    assert BenefitProfile.objects.get(person=leader).personal_cap == D("300.00")
    client.post(reverse("payments:benefits"), {"remove": str(uc.pk)})
    assert list(PersonBenefit.objects.filter(person=leader)) == [carers]
    client.post(reverse("payments:benefits"), {"remove_all": "1"})
    assert not PersonBenefit.objects.filter(person=leader).exists()
    assert not BenefitProfile.objects.filter(person=leader).exists()


def test_a_leader_adds_a_listening_event_they_took_part_in(leader, rates, client_for):
    from payments.models import PayableActivity

    response = client_for(leader).post(reverse("payments:activity_add"), {
        "activity_type": rates.activity_type.pk, "date": "4/6/2025", "hours": "2", "source": "listening",
        "source_label": "Listening event: Frome library drop-in"})
    assert response.status_code == 302
    added = PayableActivity.objects.get(person=leader)
    assert (added.source, added.source_label, added.hours) == ("listening", "Listening event: Frome library drop-in",
                                                               D("2.00"))
