"""Writes: activities, claims and their steps, approvals, ledger entries, budgets and payment runs."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from coproduction import bounds
from coproduction.exports import csv_text
from coproduction.mail import queue_email
from coproduction.roles import Capability, has_capability
from coproduction.transitions import create_with_history, record_history, transition, transition_many
from coproduction.uploads import StorageUnavailable, UnsafeImage, pdf_or_picture, save_private

from . import crypto, limits, selectors
from .models import (
    ActivityType,
    BudgetLine,
    BudgetOverride,
    Claim,
    Expense,
    FeeLine,
    LedgerEntry,
    PayableActivity,
    PaymentDetails,
    PaymentRun,
)

ZERO = Decimal("0.00")
S = Claim.Status

# Caps for expenses that have one (pounds per claim line). Configurable with PAYMENTS_SUBSISTENCE_CAP.
RECEIPT_MAX_BYTES = 5 * 1024 * 1024


class ClaimError(Exception):
    """A claim step that cannot be done, with a plain message for the person."""


class ClaimStopped(ClaimError):
    def __init__(self, message: str, assessment: limits.CombinedAssessment) -> None:
        super().__init__(message)
        self.assessment = assessment


class BudgetExceeded(ClaimError):
    def __init__(self, message: str, over: dict[int, Decimal]) -> None:
        super().__init__(message)
        self.over = over


def subsistence_cap() -> Decimal:
    return Decimal(str(getattr(settings, "PAYMENTS_SUBSISTENCE_CAP", "10.00")))


# --- activities -------------------------------------------------------------------------------------

def _sensible_date(date: dt.date, label: str) -> None:
    """The far bounds hold for every caller (1900 and 2099 are slips); the pages keep to the tighter window."""
    try:
        bounds.check_date(date, kind="record", label=label)
    except ValidationError as error:
        raise ClaimError(error.messages[0]) from error


def activity_create(*, person: Any, activity_type: ActivityType, date: dt.date, hours: Decimal,
                    source: str = PayableActivity.Source.LEADER, attendance: Any = None, source_label: str = "",
                    description: str = "") -> PayableActivity:
    if hours <= 0 or hours > 24:
        raise ClaimError("Enter the hours, between 0.25 and 24.")
    _sensible_date(date, "The date of the activity")
    return PayableActivity.objects.create(person=person, activity_type=activity_type, date=date, hours=hours,
                                          source=source, attendance=attendance, source_label=source_label,
                                          description=description)


def activity_from_attendance(*, attendance: Any, activity_type: ActivityType, hours: Decimal) -> PayableActivity:
    """A payable activity for a meeting attendance (once per attendance)."""
    meeting = attendance.meeting
    activity, _ = PayableActivity.objects.get_or_create(attendance=attendance, defaults={
        "person_id": attendance.person_id, "activity_type": activity_type,
        "date": timezone.localtime(meeting.starts_at).date(), "hours": hours,
        "source": PayableActivity.Source.MEETING, "source_label": str(meeting.title)})
    return activity


def fee_for(activity: PayableActivity) -> tuple[Any, Decimal]:
    """The rate card in force on the activity's date and the fee it gives (hours, half days or days)."""
    rate = selectors.rate_on(activity.activity_type_id, activity.date)
    if rate is None:
        raise ClaimError(f"There is no rate for {activity.activity_type} on {activity.date:%d %B %Y}.")
    hours = Decimal(activity.hours)
    if rate.unit == rate.Unit.HOUR:
        units = hours
    elif rate.unit == rate.Unit.HALF_DAY:
        units = Decimal(math.ceil(hours / 4))
    else:
        units = Decimal(math.ceil(hours / 8))
    return rate, limits.money(units * rate.amount)


def unclaimed_activities(person: Any) -> Any:
    return (PayableActivity.objects.filter(person=person, fee_line__isnull=True)
            .select_related("activity_type").order_by("date"))


# --- claims -----------------------------------------------------------------------------------------

def claim_start(*, person: Any) -> Claim:
    """The person's draft claim (kept between steps), or a new one."""
    draft = Claim.objects.filter(person=person, status__in=[S.DRAFT]).order_by("-created_at").first()
    return draft if draft is not None else claim_create(person=person)


def claim_create(*, person: Any) -> Claim:
    """A new draft claim; its creation is the first step of its history."""
    return create_with_history(Claim(person=person), by=person)


def _editable(claim: Claim) -> None:
    if claim.status not in (S.DRAFT, S.RETURNED):
        raise ClaimError("This claim has been sent and can no longer be changed.")


@transaction.atomic
def claim_set_activities(*, claim: Claim, activity_ids: Iterable[int]) -> None:
    _editable(claim)
    wanted = set(activity_ids)
    claim.fee_lines.exclude(activity_id__in=wanted).delete()
    have = set(claim.fee_lines.values_list("activity_id", flat=True))
    activities = PayableActivity.objects.filter(person=claim.person, pk__in=wanted - have,
                                                fee_line__isnull=True).select_related("activity_type")
    for activity in activities:
        rate, amount = fee_for(activity)
        FeeLine.objects.create(claim=claim, activity=activity, rate=rate, amount_due=amount, amount_claimed=amount)
    if claim.limit_option:  # the choice made for the old activities no longer applies
        claim.limit_option = ""
        claim.save(update_fields=["limit_option"])


def validate_receipt(upload: UploadedFile) -> tuple[str, str]:
    if upload.size > RECEIPT_MAX_BYTES:
        raise ClaimError("The receipt must be smaller than 5 MB.")
    try:
        kind = pdf_or_picture(upload)
    except UnsafeImage as error:
        raise ClaimError(str(error)) from error
    if kind is None:
        raise ClaimError("The receipt must be a photo (JPEG or PNG) or a PDF.")
    return kind


@transaction.atomic
def expense_add(*, claim: Claim, kind: str, date: dt.date, amount: Decimal | None = None,
                miles: Decimal | None = None, vehicle: str = "", description: str = "",
                receipt: UploadedFile | None = None) -> Expense:
    _editable(claim)
    _sensible_date(date, "The date of the expense")
    hmrc_amount = None
    if kind == Expense.Kind.MILEAGE:
        if not miles or miles <= 0 or not vehicle:
            raise ClaimError("Enter the miles and the vehicle.")
        tax_year = limits.tax_year_of(date)
        before = (Expense.objects.filter(claim__person=claim.person, kind=Expense.Kind.MILEAGE, vehicle=vehicle,
                                         date__range=(tax_year.start, date))
                  .exclude(claim__status__in=[S.REJECTED]).aggregate(m=Sum("miles"))["m"] or Decimal(0))
        hmrc_amount = limits.hmrc_mileage(miles=miles, vehicle=vehicle, on=date, miles_before_in_tax_year=before,
                                          rates=selectors.mileage_rates())
        amount = hmrc_amount if amount is None else limits.money(amount)
    elif amount is None or amount <= 0:
        raise ClaimError("Enter the amount you paid.")
    amount = limits.money(amount)
    if kind == Expense.Kind.SUBSISTENCE and amount > subsistence_cap():
        raise ClaimError(f"Food and drink can be claimed up to £{subsistence_cap()} a day.")
    if kind == Expense.Kind.OTHER and receipt is None:
        raise ClaimError("Add a photo or PDF of the receipt.")
    expense = Expense(claim=claim, kind=kind, date=date, amount=amount, miles=miles, vehicle=vehicle,
                      description=description)
    if receipt is not None:
        mimetype, ext = validate_receipt(receipt)
        try:
            name = save_private(f"receipts/{uuid.uuid4().hex}.{ext}", receipt)
        except StorageUnavailable as error:
            raise ClaimError(error.messages[0]) from error
        expense.receipt_name, expense.receipt_type = name, mimetype
        expense.receipt_filename = f"receipt-{date:%Y-%m-%d}.{ext}"
    # A cost with no receipt counts as earnings until an approver confirms it was genuinely incurred
    # (payments.benefits.expense_confirm_genuine); a flat-rate allowance always counts.
    expense.earnings_amount = limits.expense_treatment(kind=kind, amount=amount, receipted=expense.has_receipt,
                                                       hmrc_amount=hmrc_amount).counted
    expense.save()
    return expense


def expense_remove(*, claim: Claim, expense_id: int) -> None:
    _editable(claim)
    expense = claim.expenses.filter(pk=expense_id).first()
    if expense is not None:
        if expense.receipt_name:
            default_storage.delete(expense.receipt_name)
        expense.delete()


def claim_check(*, claim: Claim, on: dt.date | None = None) -> limits.CombinedAssessment:
    """What the claim does to the person's position, if it is sent on `on` (today unless given, e.g. by the
    demo data) and paid when claims sent that day are expected to be paid. Writes nothing."""
    if claim.status in (S.DRAFT, S.RETURNED):
        return selectors.assess_claim(claim, paid_on=selectors.expected_payment_date(on))
    return selectors.assess_claim(claim)


@transaction.atomic
def claim_choose_option(*, claim: Claim, option: str, on: dt.date | None = None) -> None:
    """Apply one of the plain options offered when a claim would pass a limit."""
    _editable(claim)
    Option = Claim.LimitOption
    today = on or timezone.localdate()
    if option == Option.EXPENSES_ONLY:
        claim.fee_lines.all().delete()   # the activities can be claimed later
    elif option == Option.DECLINE_FEE:   # the leader's choice, with its date (payments.limits.fee_counted)
        claim.fee_lines.update(amount_claimed=ZERO, choice="declined", choice_on=today)
        record_history(claim.fee_lines.all(), by=claim.person, note="The fee was declined")
    elif option == Option.PART_FEE:
        assessment = claim_check(claim=claim, on=on)
        proposed = selectors.proposed_earnings([claim.pk]).get(claim.pk, [])
        amounts = limits.part_fee_amounts(assessment, proposed)
        for key, amount in amounts.items():
            line = claim.fee_lines.get(pk=int(key))
            choice = "" if amount == line.amount_due else "declined" if amount == 0 else "reduced"
            claim.fee_lines.filter(pk=line.pk).update(amount_claimed=amount, choice=choice,
                                                      choice_on=today if choice else None)
        record_history(claim.fee_lines.filter(pk__in=[int(key) for key in amounts]), by=claim.person,
                       note="Part of the fee, up to the limit")
    elif option != Option.ADVISER:
        raise ClaimError("Choose one of the options.")
    claim.limit_option = option
    claim.save(update_fields=["limit_option"])


def _default_line(kind: str, on: dt.date) -> BudgetLine | None:
    return BudgetLine.objects.filter(financial_year=limits.financial_year_of(on), kind=kind).order_by("pk").first()


@transaction.atomic
def claim_submit(*, claim: Claim, by: Any, on: dt.date | None = None) -> Claim:
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    _editable(claim)
    if claim.person_id != by.pk:
        raise ClaimError("Only the leader can send their own claim.")
    if claim.limit_option == Claim.LimitOption.ADVISER:
        raise ClaimError("You chose to talk to an adviser first. Choose another option when you are ready.")
    fees = limits.money(claim.fee_lines.aggregate(t=Sum("amount_claimed"))["t"] or ZERO)
    expenses = limits.money(claim.expenses.aggregate(t=Sum("amount"))["t"] or ZERO)
    if fees + expenses <= 0 and not claim.fee_lines.exists():
        raise ClaimError("Add an activity or an expense before sending the claim.")
    assessment = claim_check(claim=claim, on=on)
    if assessment.stopped:
        raise ClaimStopped("This claim would take you over a limit. Choose one of the options.", assessment)
    today = on or timezone.localdate()
    transition(claim, to=S.SUBMITTED, allowed_from=[S.DRAFT, S.RETURNED], by=by,
               fees_total=fees, expenses_total=expenses,
               fees_line=claim.fees_line or _default_line(BudgetLine.Kind.FEES, today),
               expenses_line=claim.expenses_line or _default_line(BudgetLine.Kind.EXPENSES, today),
               limit_check=selectors.assessment_snapshot(assessment), submitted_at=timezone.now(), reason="",
               expected_payment_on=selectors.expected_payment_date(on))
    return claim


def _ledger_for_claim(claim: Claim, entry_type: str, sign: int, *, by: Any, run: PaymentRun | None = None,
                      paid_on: dt.date | None = None, memo: str = "") -> list[LedgerEntry]:
    entries = []
    for line in claim.fee_lines.select_related("activity__activity_type"):
        if line.amount_claimed:
            entries.append(LedgerEntry(entry_type=entry_type, kind=LedgerEntry.Kind.FEE, person_id=claim.person_id,
                                       claim=claim, fee_line=line, description=str(line.activity.activity_type)[:200], budget_line_id=claim.fees_line_id, run=run,
                                       amount=sign * line.amount_claimed, worked_on=line.activity.date,
                                       paid_on=paid_on, memo=memo, created_by=by))
    for expense in claim.expenses.all():
        entries.append(LedgerEntry(entry_type=entry_type, kind=LedgerEntry.Kind.EXPENSE, person_id=claim.person_id,
                                   claim=claim, expense=expense, description=expense.get_kind_display()[:200], budget_line_id=claim.expenses_line_id, run=run,
                                   amount=sign * expense.amount, worked_on=expense.date, paid_on=paid_on,
                                   memo=memo, created_by=by))
    return LedgerEntry.objects.bulk_create(entries)


def _recheck(claim: Claim) -> None:
    assessment = selectors.assess_claim(claim)
    if assessment.stopped:
        raise ClaimStopped("Other claims since this one was sent mean it would now take the leader over a limit. "
                           "Return it to them with the figures.", assessment)


def claim_approve(*, claim_id: int, by: Any) -> Claim:
    """First approval (co-production manager): never their own claim; re-checks the limits."""
    with transaction.atomic():
        claim = Claim.objects.get(pk=claim_id)
        refusal = claim.approval_refusal(by)
        if refusal:
            raise ClaimError(refusal)
        if claim.status != S.SUBMITTED:
            raise ClaimError("This claim is not waiting for approval.")
        _recheck(claim)
        if not transition(claim, to=S.APPROVED, allowed_from=[S.SUBMITTED], by=by, approved_by=by,
                          **_budget_lines(claim)):
            raise ClaimError("Someone else has already dealt with this claim.")
        _ledger_for_claim(claim, LedgerEntry.EntryType.COMMITTED, 1, by=by, memo="approved")
    return claim


def _budget_lines(claim: Claim) -> dict[str, int | None]:
    """Every claim draws on a budget line: fees on a fees line, expenses on an expenses line."""
    today = timezone.localdate()
    fees_line = claim.fees_line_id or getattr(_default_line(BudgetLine.Kind.FEES, today), "pk", None)
    expenses_line = claim.expenses_line_id or getattr(_default_line(BudgetLine.Kind.EXPENSES, today), "pk", None)
    if (claim.fees_total and not fees_line) or (claim.expenses_total and not expenses_line):
        raise ClaimError("There is no budget line for this financial year yet: an administrator must add one.")
    return {"fees_line_id": fees_line, "expenses_line_id": expenses_line}


def claim_authorise(*, claim_id: int, by: Any) -> Claim:
    """Second approval (finance): never the claimant, never the person who gave the first approval."""
    with transaction.atomic():
        claim = Claim.objects.get(pk=claim_id)
        refusal = claim.authorisation_refusal(by)
        if refusal:
            raise ClaimError(refusal)
        if claim.status != S.APPROVED:
            raise ClaimError("This claim is not waiting to be authorised.")
        _recheck(claim)
        if not transition(claim, to=S.AUTHORISED, allowed_from=[S.APPROVED], by=by, authorised_by=by):
            raise ClaimError("Someone else has already dealt with this claim.")
    return claim


def claim_send_back(*, claim_id: int, by: Any, reason: str, reject: bool = False) -> Claim:
    """Return a claim for changes (or reject it) with a reason the leader sees."""
    if not reason.strip():
        raise ClaimError("Say why, so the leader knows what to do.")
    to = S.REJECTED if reject else S.RETURNED
    with transaction.atomic():
        claim = Claim.objects.get(pk=claim_id)
        if claim.person_id == by.pk:
            raise ClaimError("You cannot deal with your own claim.")
        frm = claim.status
        cleared = {} if reject else {"approved_by": None, "authorised_by": None}
        step = transition(claim, to=to, allowed_from=[S.SUBMITTED, S.APPROVED, S.AUTHORISED], by=by, note=reason,
                          reason=reason, **cleared)
        if not step:
            raise ClaimError("This claim can no longer be returned.")
        if frm in (S.APPROVED, S.AUTHORISED):  # release the commitment
            _ledger_for_claim(claim, LedgerEntry.EntryType.COMMITTED, -1, by=by, memo="withdrawn")
        queue_email(key=f"payments-claim-{claim_id}-{to}-{step.history_id}",
                    to=claim.person.email, recipient=claim.person, template="payments-claim-returned",
                    context={"claim": claim, "reason": reason, "rejected": reject})
    return claim


# --- payment details --------------------------------------------------------------------------------

def payment_details_save(*, person: Any, preference: str, account_name: str = "", sort_code: str = "",
                         account_number: str = "") -> PaymentDetails:
    details, _ = PaymentDetails.objects.get_or_create(person=person)
    details.preference = preference
    if sort_code or account_number or account_name:
        details.account_name = crypto.encrypt(account_name.strip())
        details.sort_code = crypto.encrypt(crypto.clean_sort_code(sort_code))
        details.account_number = crypto.encrypt(crypto.clean_account_number(account_number))
    details.save()
    return details


def bank_details(details: PaymentDetails | None) -> dict[str, str]:
    if details is None:
        return {"account_name": "", "sort_code": "", "account_number": ""}
    return {"account_name": crypto.decrypt(details.account_name), "sort_code": crypto.decrypt(details.sort_code),
            "account_number": crypto.decrypt(details.account_number)}


# --- payment runs -----------------------------------------------------------------------------------

def _method_of(details: PaymentDetails | None) -> str:
    if details is not None and details.preference == PaymentDetails.Preference.STRIPE and details.stripe_ready:
        return PaymentRun.Method.STRIPE
    return PaymentRun.Method.BANK_FILE


def run_build(*, by: Any, method: str, payment_date: dt.date, override_reason: str = "") -> tuple[PaymentRun, dict]:
    """Gather authorised claims for this method, re-check limits and budgets, and put them in a new run.

    Returns the run and what was held back ({"limits": [claim ids], "details": [claim ids], "reasons": [plain
    sentences, also kept in the run's notes]}). Raises
    BudgetExceeded (nothing is changed) when the run would pass what is left on a line and no override
    reason is given. Runs a constant number of queries for the checks, whatever the number of claims.
    """

    if not has_capability(by, Capability.AUTHORISE_PAYMENTS):
        raise PermissionDenied("Only finance can build a payment run.")
    with transaction.atomic():
        claims = list(Claim.objects.select_for_update(of=("self",)).filter(status=S.AUTHORISED).exclude(person=by)
                      .select_related("person").order_by("pk"))
        details = {d.person_id: d for d in PaymentDetails.objects.filter(person_id__in={c.person_id for c in claims})}
        held: dict[str, list[Any]] = {"limits": [], "details": [], "reasons": []}
        candidates = []
        for claim in claims:
            d = details.get(claim.person_id)
            if _method_of(d) != method:
                continue
            if method == PaymentRun.Method.BANK_FILE:
                bank = bank_details(d)
                try:
                    crypto.clean_sort_code(bank["sort_code"])
                    crypto.clean_account_number(bank["account_number"])
                except ValueError:
                    held["details"].append(claim.pk)
                    continue
            candidates.append(claim)
        # Each claim is re-checked as paid on the payment date: the week (or assessment period) its money is
        # paid in, and for weekly rules the week the work was done; one held back does not hold back others.
        assessments = selectors.assess_claims(candidates, one_by_one=True, pay_day=payment_date)
        ready = []
        for claim in candidates:
            if assessments[claim.pk].stopped:
                held["limits"].append(claim.pk)
                held["reasons"].append(f"{claim.reference} ({claim.person.full_name}) is held back, paid on "
                                       f"{payment_date:%A} {payment_date.day} {payment_date:%B %Y}: "
                                       + " ".join(selectors.stop_reasons(assessments[claim.pk])))
            else:
                ready.append(claim)
        Claim.objects.filter(pk__in=[claim.pk for claim in ready]).update(expected_payment_on=payment_date)
        # Budgets: what this run pays from each line must not pass what is left to pay (amount - paid).
        need: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for claim in ready:
            if claim.fees_line_id:
                need[claim.fees_line_id] += claim.fees_total
            if claim.expenses_line_id:
                need[claim.expenses_line_id] += claim.expenses_total
        lines = {line.pk: line for line in BudgetLine.objects.filter(pk__in=need)}
        paid = selectors.paid_by_line(need)
        over = {pk: amount - (lines[pk].amount - paid.get(pk, ZERO)) for pk, amount in need.items()
                if amount > lines[pk].amount - paid.get(pk, ZERO)}
        if over and not override_reason.strip():
            raise BudgetExceeded("This run would spend more than is left on a budget line.", over)
        run = PaymentRun.objects.create(method=method, created_by=by, payment_date=payment_date,
                                        total=sum((c.total for c in ready), ZERO), notes="\n".join(held["reasons"]))
        for pk, amount in over.items():
            BudgetOverride.objects.create(run=run, line=lines[pk], amount_over=amount, reason=override_reason, by=by)
        transition_many(Claim.objects.filter(pk__in=[c.pk for c in ready]), to=S.IN_RUN, allowed_from=[S.AUTHORISED],
                        by=by, note=f"Payment run {run.pk}", payment_run=run, payment_method=method)
    return run, held


BANK_FILE_HEADER = ["Sort code", "Account number", "Account name", "Amount", "Reference"]


def run_bank_file(*, run: PaymentRun) -> str:
    """The bulk-payment CSV (a layout UK banks accept for bulk payments: one row per payee)."""
    claims = (Claim.objects.filter(payment_run=run).select_related("person__payment_details").order_by("pk"))
    rows: list[list[Any]] = [BANK_FILE_HEADER]
    for claim in claims:
        bank = bank_details(getattr(claim.person, "payment_details", None))
        # The bank's character set; a name never begins with "-", so no cell needs the formula apostrophe.
        name = "".join(ch for ch in bank["account_name"].upper() if ch.isalnum() or ch in " &-./").lstrip(" -")[:18]
        rows.append([crypto.clean_sort_code(bank["sort_code"]), crypto.clean_account_number(bank["account_number"]),
                     name, f"{claim.total:.2f}", claim.reference])
    return csv_text(rows)


def run_mark_sent(*, run: PaymentRun, by: Any) -> bool:
    """Finance has taken the bank file to the bank (a run is marked sent once)."""
    return bool(transition(run, to=PaymentRun.Status.SENT, allowed_from=[PaymentRun.Status.OPEN], by=by,
                           note="The bank file was downloaded"))


def _pay(claim: Claim, *, by: Any, run: PaymentRun | None, paid_on: dt.date, frm: str = S.IN_RUN) -> bool:
    """Mark one claim paid, once: ledger PAID entries and release of the commitment."""
    with transaction.atomic():
        if not transition(claim, to=S.PAID, allowed_from=[frm], by=by, paid_on=paid_on):
            return False
        _ledger_for_claim(claim, LedgerEntry.EntryType.PAID, 1, by=by, run=run, paid_on=paid_on, memo="paid")
        _ledger_for_claim(claim, LedgerEntry.EntryType.COMMITTED, -1, by=by, run=run, memo="paid")
        queue_email(key=f"payments-claim-{claim.pk}-paid", to=claim.person.email, recipient=claim.person,
                    template="payments-claim-paid", context={"claim": claim, "paid_on": paid_on})
    return True


def run_mark_paid(*, run: PaymentRun, by: Any, failed_ids: Iterable[int] = ()) -> int:
    """Finance confirms the bank paid the file: each claim paid once (failed ones marked failed)."""
    failed = set(failed_ids)
    count = 0
    for claim in Claim.objects.filter(payment_run=run, status=S.IN_RUN).select_related("person"):
        if claim.pk in failed:
            claim_fail(claim=claim, by=by, reason="The bank could not make this payment.")
        elif _pay(claim, by=by, run=run, paid_on=run.payment_date):
            count += 1
    transition(run, to=PaymentRun.Status.COMPLETED, allowed_from=[s for s in PaymentRun.Status
                                                                 if s != PaymentRun.Status.COMPLETED], by=by)
    return count


def claim_fail(*, claim: Claim, by: Any, reason: str) -> bool:
    with transaction.atomic():
        frm = Claim.objects.get(pk=claim.pk).status
        if not transition(claim, to=S.FAILED, allowed_from=[S.IN_RUN, S.PAID], by=by, note=reason, reason=reason):
            return False
        if frm == S.PAID:  # reverse the payment; the commitment stands again until it is retried or withdrawn
            paid = LedgerEntry.objects.filter(claim=claim, entry_type=LedgerEntry.EntryType.PAID,
                                              reverses__isnull=True, amount__gt=0)
            for entry in paid.exclude(pk__in=LedgerEntry.objects.filter(reverses__isnull=False).values("reverses")):
                ledger_reverse(entry=entry, by=by, memo="reversal", on=timezone.localdate())
            _ledger_for_claim(claim, LedgerEntry.EntryType.COMMITTED, 1, by=by, memo="payment failed")
    return True


def claim_retry(*, claim_id: int, by: Any) -> bool:
    """A failed payment goes back to 'authorised' to be picked up by the next run."""
    with transaction.atomic():
        claim = Claim.objects.get(pk=claim_id)
        return bool(transition(claim, to=S.AUTHORISED, allowed_from=[S.FAILED], by=by, note="Retry in the next run",
                               payment_run=None, stripe_transfer_id="", transfer_error="",
                               transfer_attempt=claim.transfer_attempt + 1))


def run_reconcile(*, run: PaymentRun, by: Any) -> int:
    return len(transition_many(Claim.objects.filter(payment_run=run), to=S.RECONCILED, allowed_from=[S.PAID], by=by))


def ledger_reverse(*, entry: LedgerEntry, by: Any, memo: str, on: dt.date | None = None) -> LedgerEntry:
    """The only way to correct the ledger: an entry of the opposite amount that points at the original (dated
    `on` when money moves back that day, or as the original)."""
    if entry.reverses_id or LedgerEntry.objects.filter(reverses=entry).exists():
        raise ClaimError("This entry is already a reversal or has been reversed.")
    return LedgerEntry.objects.create(entry_type=entry.entry_type, kind=entry.kind, person_id=entry.person_id,
                                      claim_id=entry.claim_id, fee_line_id=entry.fee_line_id,
                                      expense_id=entry.expense_id, description=entry.description,
                                      budget_line_id=entry.budget_line_id,
                                      run_id=entry.run_id, amount=-entry.amount, worked_on=entry.worked_on,
                                      paid_on=on or entry.paid_on, reverses=entry, memo=memo[:200], created_by=by)


