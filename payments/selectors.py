"""Reads shared by views and services: limits, earnings by aggregate, access helpers, budgets, statements."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import limits
from .models import (
    BenefitLimit,
    BenefitProfile,
    BudgetLine,
    Claim,
    Expense,
    FeeLine,
    LedgerEntry,
    MileageRate,
    OtherIncome,
    PersonBenefit,
    Rate,
)

ZERO = Decimal("0.00")
GIVEN = "given"  # the key of vouchers, gift cards and thank-you payments: given on their own day, not paid later
# Claims whose earnings already count against a person's limits.
COUNTED = [Claim.Status.SUBMITTED, Claim.Status.APPROVED, Claim.Status.AUTHORISED, Claim.Status.IN_RUN,
           Claim.Status.PAID, Claim.Status.RECONCILED]


# --- rates and limits -------------------------------------------------------------------------------

def _tidy(amount: Decimal) -> Decimal:
    """Limits are stored with 4 places (for rates like 0.55); money figures are shown with 2."""
    pennies = amount.quantize(Decimal("0.01"))
    return pennies if pennies == amount else amount.normalize()


def limit_values() -> list[limits.LimitValue]:
    return [limits.LimitValue(parameter=row.parameter, amount=_tidy(row.amount), effective_from=row.effective_from,
                              effective_to=row.effective_to, counts_by=row.counts_by, verified=row.verified)
            for row in BenefitLimit.objects.all()]


def mileage_rates() -> list[limits.MileageRate]:
    return [limits.MileageRate(r.vehicle, r.rate, r.up_to_miles, r.effective_from, r.effective_to)
            for r in MileageRate.objects.all()]


def rate_on(activity_type_id: int, day: dt.date) -> Rate | None:
    return (Rate.objects.filter(activity_type_id=activity_type_id, effective_from__lte=day)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
            .order_by("-effective_from").first())


def expected_payment_date(today: dt.date | None = None) -> dt.date:
    """When a claim sent today is expected to be paid (used for rules that count the period received)."""
    today = today or timezone.localdate()
    return today + dt.timedelta(days=int(getattr(settings, "PAYMENTS_DAYS_TO_PAY", 14)))


def pays_through_payroll() -> bool:
    return bool(getattr(settings, "PAYMENTS_PAY_THROUGH_PAYROLL", False))


# --- earnings by aggregate --------------------------------------------------------------------------

_RECEIVED = Coalesce("claim__paid_on", "claim__expected_payment_on", "activity__date")


def _hours(value: Any) -> Decimal:
    # SQLite sums decimals as floats: bring them back to two places.
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def _earnings(fee_rows: Iterable[dict[str, Any]], expense_rows: Iterable[dict[str, Any]],
              key: str, given_rows: Iterable[dict[str, Any]] = ()) -> dict[Any, list[limits.Earning]]:
    result: dict[Any, list[limits.Earning]] = defaultdict(list)
    for row in fee_rows:
        result[row[key]].append(limits.Earning(amount=limits.money(row["money"] or ZERO), worked_on=row["worked"],
                                               received_on=row["received"], hours=_hours(row["hrs"]),
                                               is_fee=True, key=str(row.get("pk", ""))))
    for row in expense_rows:
        result[row[key]].append(limits.Earning(amount=limits.money(row["money"] or ZERO), worked_on=row["worked"],
                                               received_on=row["received"], is_fee=False,
                                               kind=row.get("kind") or limits.EarningKind.OTHER.value))
    for row in given_rows:  # vouchers, gift cards, thank-you payments: counted on the day they were given
        result[row[key]].append(limits.Earning(amount=limits.money(row["money"] or ZERO), worked_on=row["worked"],
                                               received_on=row["worked"], is_fee=False, kind=row["kind"],
                                               key=GIVEN))
    return result


def existing_earnings(person_ids: Iterable[int], exclude_claim_ids: Iterable[int]) -> dict[int, list[limits.Earning]]:
    """Earnings already counted (other claims), summed by person, date worked and date received: 3 queries."""
    person_ids, exclude = list(person_ids), list(exclude_claim_ids)
    counted_hours = Sum(Case(When(amount_claimed__gt=0, then=F("activity__hours")), default=Value(ZERO),
                             output_field=DecimalField()))
    fees = (FeeLine.objects.filter(claim__person_id__in=person_ids, claim__status__in=COUNTED)
            .exclude(claim_id__in=exclude).exclude(amount_claimed=0)
            .values(person=F("claim__person_id"), worked=F("activity__date"), received=_RECEIVED)
            .annotate(money=Sum("amount_claimed"), hrs=counted_hours).order_by())
    expenses = (Expense.objects.filter(claim__person_id__in=person_ids, claim__status__in=COUNTED,
                                       earnings_amount__gt=0).exclude(claim_id__in=exclude)
                .values(person=F("claim__person_id"), worked=F("date"),
                        received=Coalesce("claim__paid_on", "claim__expected_payment_on", "date"))
                .annotate(money=Sum("earnings_amount")).order_by())
    given = (OtherIncome.objects.filter(claim__person_id__in=person_ids, claim__status__in=COUNTED)
             .exclude(claim_id__in=exclude).values("kind", person=F("claim__person_id"), worked=F("received_on"))
             .annotate(money=Sum("value")).order_by())
    return _earnings(fees, expenses, "person", given)


def proposed_earnings(claim_ids: Iterable[int]) -> dict[int, list[limits.Earning]]:
    """The earnings in the given claims, line by line (fee lines keyed by their id): 3 queries."""
    claim_ids = list(claim_ids)
    fees = (FeeLine.objects.filter(claim_id__in=claim_ids)
            .values("pk", cid=F("claim_id"), worked=F("activity__date"), received=_RECEIVED,
                    money=F("amount_claimed"), hrs=F("activity__hours")).order_by())
    expenses = (Expense.objects.filter(claim_id__in=claim_ids, earnings_amount__gt=0)
                .values("kind", cid=F("claim_id"), worked=F("date"),
                        received=Coalesce("claim__paid_on", "claim__expected_payment_on", "date"),
                        money=F("earnings_amount")).order_by())
    given = (OtherIncome.objects.filter(claim_id__in=claim_ids)
             .values("kind", cid=F("claim_id"), worked=F("received_on"), money=F("value")).order_by())
    return _earnings(fees, expenses, "cid", given)


def benefits_of(people: Iterable[int]) -> dict[int, list[limits.Benefit]]:
    """Each person's benefits as the rules see them (their own limit under each one): 2 queries."""
    people = list(people)
    profiles = {p.person_id: p for p in BenefitProfile.objects.filter(person_id__in=people)}
    records: dict[int, list[PersonBenefit]] = defaultdict(list)
    for record in PersonBenefit.objects.filter(person_id__in=people):
        records[record.person_id].append(record)
    result = {}
    for person_id in people:
        cap = profiles[person_id].personal_cap if person_id in profiles else None
        terms = [record.terms(cap) for record in records[person_id]]
        if not terms and cap is not None:   # their own limit alone: checked by calendar month
            terms = [limits.Benefit(rule=limits.BenefitRule.NONE, personal_cap=cap)]
        result[person_id] = terms
    return result


def assess_claims(claims: list[Claim], *, limit_rows: list[limits.LimitValue] | None = None,
                  one_by_one: bool = False, paid_on: dict[int, dt.date] | None = None,
                  pay_day: dt.date | None = None) -> dict[int, limits.CombinedAssessment]:
    """Check several claims against each person's benefits, all at once, with a constant number of queries.

    By default the claims of one person are checked together (each against everything else already
    counted). With `one_by_one` (payment runs) they are taken in order and each is checked against the ones
    admitted before it, so a claim that would pass a limit is held back without holding back the others;
    with `pay_day` too, every amount they pay is taken as paid that day, and each claim is checked against the
    week (or assessment period) its money is paid in and, for weekly rules, the week it was earned
    (`limits.recheck_run`); vouchers and thank-you payments keep the day they were given. `paid_on` gives the
    date a claim not yet paid is expected to be paid, where it differs from the one saved (a draft being
    checked: nothing is written to see what it would do).
    """
    if not claims:
        return {}
    limit_rows = limit_rows if limit_rows is not None else limit_values()       # 1 query
    people = {claim.person_id for claim in claims}
    terms = benefits_of(people)                                                     # 2 queries
    claim_ids = [claim.pk for claim in claims]
    existing = existing_earnings(people, claim_ids)                                # 3 queries
    proposed = proposed_earnings(claim_ids)                                         # 3 queries
    for claim_id, day in (paid_on or {}).items():
        proposed[claim_id] = [earning if earning.key == GIVEN else replace(earning, received_on=None, paid_on=day)
                              for earning in proposed.get(claim_id, [])]
    by_person: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_person[claim.person_id].append(claim)
    results: dict[int, limits.CombinedAssessment] = {}
    for person_id, person_claims in by_person.items():
        counted = list(existing.get(person_id, []))
        if one_by_one:
            ordered = [(str(c.pk), proposed.get(c.pk, [])) for c in sorted(person_claims, key=lambda c: c.pk)]
            for decision in limits.recheck_run(ordered, benefits=terms[person_id], limits=limit_rows,
                                               existing=counted, pay_day=pay_day,
                                               keeps_its_date=lambda earning: earning.key == GIVEN):
                results[int(decision.key)] = decision.assessment
            continue
        own = [earning for claim in person_claims for earning in proposed.get(claim.pk, [])]
        assessment = limits.assess_benefits(terms[person_id], limits=limit_rows, existing=counted, proposed=own)
        for claim in person_claims:
            results[claim.pk] = assessment
    return results


def assess_claim(claim: Claim, *, paid_on: dt.date | None = None) -> limits.CombinedAssessment:
    return assess_claims([claim], paid_on={claim.pk: paid_on} if paid_on else None)[claim.pk]


def _period_name(result: limits.Assessment) -> str:
    kind = limits.RULES[result.rule].period if isinstance(result.rule, limits.BenefitRule) else None
    return {limits.PeriodKind.WEEK: "benefit week", limits.PeriodKind.ASSESSMENT_PERIOD: "assessment period"}.get(
        kind, "month")  # type: ignore[arg-type]


def stop_reasons(assessment: limits.CombinedAssessment) -> list[str]:
    """Plain sentences naming each benefit and period a claim would pass, and whether that is the period the
    money is paid in or the one the work was done in."""
    reasons = []
    for result in assessment.stopping:
        for check in result.periods:
            if not check.stops:
                continue
            when = ("the week the work was done" if not check.primary else
                    f"the {_period_name(result)} the money is paid in")
            what = []
            if check.over_limit:
                what.append(f"£{check.after:,} is over the £{check.limit:,} limit")
            if check.over_cap:
                what.append(f"£{check.after:,} is over your own limit of £{check.cap:,}")
            if check.over_hours:
                what.append(f"{check.hours_after.normalize():f} hours is not fewer than {check.hours_limit:.0f} "
                            "hours a week")
            reasons.append(f"{result.label}: in {when} ({check.period.label}), {' and '.join(what)}.")
    return list(dict.fromkeys(reasons))


def assessment_snapshot(assessment: limits.CombinedAssessment) -> dict[str, Any]:
    """What the leader saw when sending the claim: each benefit's figures and the overall verdict."""
    def periods(result: limits.Assessment) -> list[dict[str, Any]]:
        return [{"start": c.period.start.isoformat(), "end": c.period.end.isoformat(),
                 "limit": str(c.limit) if c.limit is not None else None,
                 "cap": str(c.cap) if c.cap is not None else None, "basis": c.basis, "primary": c.primary,
                 "before": str(c.before), "after": str(c.after), "hours_after": str(c.hours_after),
                 "over_limit": c.over_limit, "over_hours": c.over_hours, "over_cap": c.over_cap,
                 "reduction": str(c.reduction)} for c in result.periods]

    strictest = assessment.strictest
    return {
        "verdict": assessment.verdict.value,
        "stopped": assessment.stopped,
        "strictest": strictest.rule.value if strictest is not None and strictest.rule else "",
        "estimated_reduction": str(assessment.estimated_reduction),
        "notes": assessment.notes,
        "benefits": [{"rule": r.rule.value if r.rule else "", "label": r.label, "stopped": r.stopped,
                      "start_known": r.week_start_known and r.period_start_known,
                      "alignments_checked": r.alignments_checked, "periods": periods(r)}
                     for r in assessment.results],
        "periods": periods(strictest) if strictest is not None else [],
    }


LEDGER_TOTALS_SECONDS = 24 * 60 * 60  # a key goes stale as soon as an entry is added; this only frees memory


# --- budgets ----------------------------------------------------------------------------------------

def ledger_totals_by_line(line_ids: list[int]) -> dict[tuple[int, str], Decimal]:
    """{(budget line, entry type): total} for these lines. The ledger is append-only (entries are never changed
    or removed: a reversal is a new entry), so its newest entry (id and time) tells whether anything was added: the sums are
    kept in the cache under it and worked out again only after a new entry (one small query otherwise)."""
    newest = LedgerEntry.objects.order_by("-pk").values_list("pk", "at").first() or (0, None)
    stamp = newest[1].timestamp() if newest[1] else 0  # no spaces: a key every cache backend accepts
    key = f"ledger-totals:{newest[0]}:{stamp}:{','.join(map(str, sorted(line_ids)))}"
    totals = cache.get(key)
    if totals is None:
        sums = (LedgerEntry.objects.filter(budget_line_id__in=line_ids).values("budget_line_id", "entry_type")
                .annotate(total=Sum("amount")).order_by())
        totals = {(r["budget_line_id"], r["entry_type"]): limits.money(r["total"] or 0) for r in sums}
        cache.set(key, totals, LEDGER_TOTALS_SECONDS)
    return totals


def budget_lines_with_totals(financial_year: int, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Each line with spent, committed, left and a forecast for the year at the current rate: 2 queries."""
    today = today or timezone.localdate()
    lines = list(BudgetLine.objects.filter(financial_year=financial_year))
    totals = ledger_totals_by_line([line.pk for line in lines])
    start, end = dt.date(financial_year, 4, 1), dt.date(financial_year + 1, 3, 31)
    days_in_year = (end - start).days + 1
    elapsed = min(max((today - start).days + 1, 0), days_in_year)
    result = []
    for line in lines:
        spent = totals.get((line.pk, LedgerEntry.EntryType.PAID), ZERO)
        committed = totals.get((line.pk, LedgerEntry.EntryType.COMMITTED), ZERO)
        forecast = limits.money(spent / elapsed * days_in_year) if elapsed else ZERO
        result.append({"line": line, "amount": line.amount, "spent": spent, "committed": committed,
                       "left": line.amount - spent - committed, "forecast": forecast,
                       "forecast_over": forecast > line.amount})
    return result


def paid_by_line(line_ids: Iterable[int]) -> dict[int, Decimal]:
    rows = (LedgerEntry.objects.filter(budget_line_id__in=list(line_ids), entry_type=LedgerEntry.EntryType.PAID)
            .values("budget_line_id").annotate(total=Sum("amount")).order_by())
    return {row["budget_line_id"]: limits.money(row["total"] or 0) for row in rows}


# --- statements -------------------------------------------------------------------------------------

def statement_entries(person_id: int | None, start: dt.date, end: dt.date) -> QuerySet[LedgerEntry]:
    """Paid entries (and their reversals) with a payment date in [start, end]."""
    entries = LedgerEntry.objects.filter(entry_type=LedgerEntry.EntryType.PAID, paid_on__range=(start, end))
    if person_id is not None:
        entries = entries.filter(person_id=person_id)
    return entries.select_related("claim").order_by(
        "paid_on", "worked_on", "pk")


def statement_totals(person_id: int, start: dt.date, end: dt.date) -> dict[str, Decimal]:
    rows = (LedgerEntry.objects.filter(person_id=person_id, entry_type=LedgerEntry.EntryType.PAID,
                                       paid_on__range=(start, end))
            .values("kind").annotate(total=Sum("amount")).order_by())
    totals = {"fee": ZERO, "expense": ZERO}
    totals.update({row["kind"]: limits.money(row["total"] or 0) for row in rows})
    return totals
