"""Factories and helpers for payments tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from payments import limits, services
from payments.models import (
    ActivityType,
    BenefitProfile,
    BudgetLine,
    Claim,
    PayableActivity,
    PaymentDetails,
    PersonBenefit,
    Rate,
)


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityType
        django_get_or_create = ("code",)

    name = "Meeting attendance"
    code = "meeting"


class RateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rate

    activity_type = factory.SubFactory(ActivityTypeFactory)
    unit = Rate.Unit.HOUR
    amount = Decimal("20.00")
    effective_from = dt.date(2024, 4, 1)


def budget(year: int = 2025, fees: str = "10000.00", expenses: str = "2000.00") -> tuple[BudgetLine, BudgetLine]:
    fee_line, _ = BudgetLine.objects.get_or_create(financial_year=year, name="Involvement payments",
                                                   defaults={"kind": BudgetLine.Kind.FEES, "amount": Decimal(fees)})
    expense_line, _ = BudgetLine.objects.get_or_create(financial_year=year, name="Expenses", defaults={
        "kind": BudgetLine.Kind.EXPENSES, "amount": Decimal(expenses)})
    return fee_line, expense_line


def benefit_rule(person: Any, rule: str, *, start_day: int | None = None, cap: str | None = None,
                 week_starts_on: int | None = 0) -> BenefitProfile:
    """Record one benefit by its old single-choice code (`payments.limits.Rule`), replacing any others.

    The week starts on Monday unless told (the old rules' week); pass `week_starts_on=None` for "not known".
    """
    terms = limits.benefit_from_rule(rule)
    PersonBenefit.objects.filter(person=person).delete()
    add_benefit(person, terms.rule, week_starts_on=week_starts_on, uc_start_day=start_day,
                permitted_work=terms.permitted_work or "", work_allowance=terms.work_allowance or "",
                disregard=terms.disregard or "")
    profile, _ = BenefitProfile.objects.update_or_create(person=person, defaults={
        "personal_cap": Decimal(cap) if cap else None})
    return profile


def add_benefit(person: Any, rule: str, *, week_starts_on: int | None = None, uc_start_day: int | None = None,
                **details: str) -> PersonBenefit:
    """One more benefit for a person (several may apply at once)."""
    period = limits.RULES[limits.BenefitRule(rule)].period
    return PersonBenefit.objects.create(
        person=person, rule=rule, week_starts_on=week_starts_on if period == limits.PeriodKind.WEEK else None,
        uc_start_day=uc_start_day if period == limits.PeriodKind.ASSESSMENT_PERIOD else None, **details)


def bank(person: Any, sort_code: str = "309950", account: str = "12345678", name: str = "Jo Bennett") -> PaymentDetails:
    return services.payment_details_save(person=person, preference=PaymentDetails.Preference.BANK,
                                         account_name=name, sort_code=sort_code, account_number=account)


def activity(person: Any, day: str, hours: str = "2", activity_type: ActivityType | None = None) -> PayableActivity:
    activity_type = activity_type or ActivityType.objects.get(code="meeting")
    return services.activity_create(person=person, activity_type=activity_type, date=dt.date.fromisoformat(day),
                                    hours=Decimal(hours))


def submitted_claim(person: Any, days: list[str], hours: str = "2", parking: str | None = None) -> Claim:
    claim = services.claim_start(person=person)
    services.claim_set_activities(claim=claim, activity_ids=[activity(person, d, hours).pk for d in days])
    if parking:
        from django.core.files.uploadedfile import SimpleUploadedFile

        services.expense_add(claim=claim, kind="parking", date=dt.date.fromisoformat(days[0]),
                             amount=Decimal(parking),
                             receipt=SimpleUploadedFile("r.pdf", b"%PDF-1.4 receipt", content_type="application/pdf"))
    return services.claim_submit(claim=claim, by=person)


def paid_claim(person: Any, manager: Any, finance: Any, days: list[str], **kwargs: Any) -> Claim:
    claim = submitted_claim(person, days, **kwargs)
    services.claim_approve(claim_id=claim.pk, by=manager)
    services.claim_authorise(claim_id=claim.pk, by=finance)
    return claim
