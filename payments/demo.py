"""Demo data for payments: example rate card, the limits table, a year of activities and claims across
leaders with different benefit situations (some stopped by a limit, with the option they chose), budgets
part spent, monthly bank-file payment runs and one Stripe Connect run answered from recorded responses.

Idempotent: reference data is keyed naturally; the year of claims is made only once (when the demo
leaders have no payable activities yet).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import stripe
from django.db import transaction
from django.utils import timezone

from coproduction.models import User
from coproduction.upsert import upsert

from . import limits, services, stripe_connect
from .loading import load_benefit_limits
from .models import (
    ActivityType,
    BenefitProfile,
    BudgetLine,
    Claim,
    PayableActivity,
    PaymentDetails,
    PaymentRun,
    PersonBenefit,
    Rate,
)

D = Decimal
WEEK_STARTS = {"rosie.tanner": 2, "jo.bennett": 0}   # Wednesday; Monday
DOMAIN = "demo.example.org"
RATE_START = dt.date(2024, 4, 1)

# (code, name, unit, amount): example values for the demo, not a recommendation.
RATES = [
    ("meeting", "Meeting attendance", Rate.Unit.HOUR, "20.00"),
    ("preparation", "Preparation and reading time", Rate.Unit.HOUR, "15.00"),
    ("co-chairing", "Co-chairing", Rate.Unit.HALF_DAY, "100.00"),
    ("engagement", "Community engagement session", Rate.Unit.HALF_DAY, "80.00"),
    ("training", "Training delivered", Rate.Unit.HALF_DAY, "120.00"),
    ("interview", "Interview panel", Rate.Unit.HALF_DAY, "100.00"),
]

# leader -> (old benefit rule codes joined by "+" (several benefits) or "" for not recorded, UC start day, own cap,
# payment preference); WEEK_STARTS gives a benefit week start day where the leader told us one.
SITUATIONS: dict[str, tuple[str, int | None, str | None, str]] = {
    "jo.bennett": ("esa_higher", None, None, "bank"),
    "kwame.mensah": ("uc_wa_housing", 17, "300.00", "bank"),
    "rosie.tanner": ("carers+uc_no_allowance", 9, None, "bank"),
    "dev.patel": ("none", None, None, "bank"),
    "morgan.lee": ("legacy_20", None, None, "bank"),
    "aisha.rahman": ("esa_lower", None, None, "bank"),
    "tom.hughes": ("uc_no_allowance", 3, "150.00", "bank"),
    "niamh.oconnor": ("", None, None, "expenses_only"),
    "gary.fletcher": ("uc_wa_no_housing", 1, None, "stripe"),
    "lena.kowalski": ("none", None, None, "stripe"),
}
OPTIONS = [Claim.LimitOption.PART_FEE, Claim.LimitOption.EXPENSES_ONLY, Claim.LimitOption.DECLINE_FEE]


class _RecordedStripe(stripe.HTTPClient):
    """Answers transfer requests with recorded-shape JSON, without any network (demo only)."""

    name = "demo-recorded"

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def request(self, method: str, url: str, headers: Any, post_data: Any = None, *, _usage: Any = None):
        self.count += 1
        sent = parse_qs(post_data.decode() if isinstance(post_data, bytes) else (post_data or ""))
        body = {"id": f"tr_demo_{sent.get('metadata[claim]', ['0'])[0]}", "object": "transfer",
                "amount": int(sent.get("amount", ["0"])[0]), "currency": "gbp",
                "destination": sent.get("destination", [""])[0], "reversed": False, "livemode": False,
                "metadata": {"claim": sent.get("metadata[claim]", [""])[0]}, "created": 0}
        return json.dumps(body), 200, {"Request-Id": f"req_demo_{self.count}"}

    def close(self) -> None:
        pass


def load(*, stdout: Any) -> None:
    load_benefit_limits()
    types = _rate_card()
    today = timezone.localdate()
    this_year = limits.financial_year_of(today)
    for year in (this_year - 1, this_year):
        for name, kind, amount in (("Expert by Experience involvement payments", BudgetLine.Kind.FEES, "18000.00"),
                                   ("Expenses", BudgetLine.Kind.EXPENSES, "2500.00"),
                                   ("Facilitation and engagement", BudgetLine.Kind.OTHER, "6000.00"),
                                   ("Training", BudgetLine.Kind.OTHER, "3000.00")):
            BudgetLine.objects.get_or_create(financial_year=year, name=name,
                                             defaults={"kind": kind, "amount": D(amount)})
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DOMAIN}")}
    leaders = {key: people[key] for key in SITUATIONS if key in people}
    manager, finance = people.get("sam.carter"), people.get("priya.shah")
    if not leaders or manager is None or finance is None:
        stdout.write("Payments demo: demo people not found; loaded the rate card and limits only.")
        return
    for key, person in leaders.items():
        rule, start_day, cap, preference = SITUATIONS[key]
        for code in filter(None, rule.split("+")):
            terms = limits.benefit_from_rule(code, uc_start_day=start_day, week_starts_on=WEEK_STARTS.get(key))
            upsert(PersonBenefit.objects, person=person, rule=terms.rule, values={
                "week_starts_on": terms.week_starts_on if terms.rule is not limits.BenefitRule.UC else None,
                "uc_start_day": terms.uc_start_day if terms.rule is limits.BenefitRule.UC else None,
                "permitted_work": terms.permitted_work or "", "work_allowance": terms.work_allowance or "",
                "disregard": terms.disregard or ""})
        if cap:
            upsert(BenefitProfile.objects, {"personal_cap": D(cap)}, person=person)
        _, created = PaymentDetails.objects.get_or_create(person=person)
        if created:
            number = f"{10000000 + person.pk * 7919 % 89999999:08d}"
            services.payment_details_save(person=person, preference=preference, account_name=person.full_name,
                                          sort_code="309950" if person.pk % 2 else "401276", account_number=number)
            if preference == "stripe":
                PaymentDetails.objects.filter(person=person).update(
                    stripe_account_id=f"acct_demo_{person.pk}", stripe_ready=True)
    if PayableActivity.objects.filter(person__in=leaders.values()).exists():
        stdout.write("Payments demo: already loaded.")
        return
    stripe_logger = logging.getLogger("stripe")
    level = stripe_logger.level
    stripe_logger.setLevel(logging.WARNING)  # the recorded Stripe calls would fill the console
    try:
        with transaction.atomic():
            counts = _year_of_claims(leaders, types, manager, finance, today)
    finally:
        stripe_logger.setLevel(level)
    stdout.write(f"Payments demo: {counts['claims']} claims ({counts['stopped']} stopped by a limit), "
                 f"{counts['runs']} payment runs.")


def _rate_card() -> dict[str, ActivityType]:
    types = {}
    for code, name, unit, amount in RATES:
        activity_type, _ = ActivityType.objects.get_or_create(code=code, defaults={"name": name})
        Rate.objects.get_or_create(activity_type=activity_type, effective_from=RATE_START,
                                   defaults={"unit": unit, "amount": D(amount), "is_example": True})
        types[code] = activity_type
    return types


def _weekday_in(month_start: dt.date, week: int, weekday: int) -> dt.date:
    first = month_start + dt.timedelta(days=(weekday - month_start.weekday()) % 7)
    return first + dt.timedelta(weeks=week)


def _year_of_claims(leaders: dict[str, User], types: dict[str, ActivityType], manager: User, finance: User,
                    today: dt.date) -> dict[str, int]:
    rng = random.Random(2026)
    counts = {"claims": 0, "stopped": 0, "runs": 0}
    month = dt.date(today.year - 1, today.month, 1)
    months = []
    while month < dt.date(today.year, today.month, 1):
        months.append(month)
        month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    option_turn = 0
    for index, month_start in enumerate(months):
        latest = index == len(months) - 1
        claim_day = min(today, _weekday_in(month_start, 3, 4) + dt.timedelta(days=7))
        for key, person in leaders.items():
            activities = [
                (types["meeting"], _weekday_in(month_start, 0, 1), D("2")),
                (types["preparation"], _weekday_in(month_start, 0, 0), D("1.5")),
                (types["meeting"], _weekday_in(month_start, 2, 3), D("2.5")),
            ]
            if key == "jo.bennett" and index % 4 == 1:     # a busy week: over the ESA higher limit
                activities += [(types["co-chairing"], _weekday_in(month_start, 0, 2), D("3")),
                               (types["interview"], _weekday_in(month_start, 0, 3), D("3"))]
            if key in ("dev.patel", "lena.kowalski") and rng.random() < 0.5:
                activities.append((types["engagement"], _weekday_in(month_start, 1, 2), D("3")))
            made = [services.activity_create(person=person, activity_type=t, date=d, hours=h,
                                             source=PayableActivity.Source.MEETING if t.code == "meeting"
                                             else PayableActivity.Source.LEADER,
                                             source_label="Operational Group" if t.code == "meeting" else "")
                    for t, d, h in activities if d < today]
            if not made:
                continue
            claim = services.claim_create(person=person)
            if SITUATIONS[key][3] != "expenses_only":
                services.claim_set_activities(claim=claim, activity_ids=[a.pk for a in made])
            services.expense_add(claim=claim, kind="mileage", date=made[0].date, miles=D(rng.choice([8, 12, 18, 26])),
                                 vehicle="car", description="To the meeting and back")
            if rng.random() < 0.3:
                services.expense_add(claim=claim, kind="public_transport", date=made[-1].date,
                                     amount=D(rng.choice(["4.60", "6.20", "9.80"])), description="Bus fare")
            counts["claims"] += 1
            assessment = services.claim_check(claim=claim, on=claim_day)
            if assessment.stopped:
                counts["stopped"] += 1
                if latest and key == "aisha.rahman":
                    services.claim_choose_option(claim=claim, option=Claim.LimitOption.ADVISER, on=claim_day)
                    continue  # kept as a draft: she is talking to an adviser
                services.claim_choose_option(claim=claim, option=OPTIONS[option_turn % 3], on=claim_day)
                option_turn += 1
            try:
                services.claim_submit(claim=claim, by=person, on=claim_day)
            except services.ClaimStopped:
                services.claim_choose_option(claim=claim, option=Claim.LimitOption.DECLINE_FEE, on=claim_day)
                services.claim_submit(claim=claim, by=person, on=claim_day)
            if latest and counts["claims"] % 3 == 0:
                continue  # waiting for the manager
            try:
                services.claim_approve(claim_id=claim.pk, by=manager)
            except services.ClaimError:
                services.claim_send_back(claim_id=claim.pk, by=manager, reason="Over a limit now: please check.")
                continue
            if latest and counts["claims"] % 3 == 1:
                continue  # waiting for finance
            services.claim_authorise(claim_id=claim.pk, by=finance)
        if not latest:
            pay_day = claim_day + dt.timedelta(days=7)
            run, _ = services.run_build(by=finance, method=PaymentRun.Method.BANK_FILE, payment_date=pay_day)
            services.run_bank_file(run=run)
            services.run_mark_paid(run=run, by=finance)
            if index < len(months) - 3:
                services.run_reconcile(run=run, by=finance)
            counts["runs"] += 1
    # One Stripe Connect run, answered from recorded responses, confirmed by the same event handling as webhooks.
    pay_day = min(today, months[-1] + dt.timedelta(days=27))
    run, _ = services.run_build(by=finance, method=PaymentRun.Method.STRIPE, payment_date=pay_day)
    client = stripe.StripeClient("sk_test_demo_recorded", http_client=_RecordedStripe(), max_network_retries=0)
    stripe_connect.run_send(run=run, client=client)
    created = int(dt.datetime.combine(pay_day, dt.time(12), tzinfo=dt.UTC).timestamp())
    for claim in run.claims.all():
        stripe_connect.handle_event({"id": f"evt_demo_{claim.pk}", "type": "transfer.created", "created": created,
                                     "data": {"object": {"id": claim.stripe_transfer_id, "object": "transfer",
                                                         "metadata": {"claim": str(claim.pk)}, "reversed": False,
                                                         "created": created}}}, actor=finance)
    counts["runs"] += 1
    return counts
