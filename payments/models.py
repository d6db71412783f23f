"""Involvement payments and expenses: rate card, limits table, benefit profiles, claims, budgets, runs, ledger.

Fees and expenses are kept apart everywhere: a claim has fee lines and expense lines, totals for each,
and ledger entries of kind "fee" or "expense". Money is Decimal(13, 2) in pounds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connections, models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from coproduction.roles import Capability, has_capability
from coproduction.transitions import HistoryStep

from .limits import WEEKDAYS, BenefitRule, Disregard, PermittedWork, WorkAllowance
from .limits import Benefit as BenefitTerms

MONEY = {"max_digits": 13, "decimal_places": 2}


class ActivityType(models.Model):
    name = models.CharField(max_length=100, unique=True)
    code = models.SlugField(max_length=50, unique=True)
    description = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Rate(models.Model):
    """A rate for an activity type, per hour, half day or day, in force between two dates."""

    class Unit(models.TextChoices):
        HOUR = "hour", "per hour"
        HALF_DAY = "half_day", "per half day (up to 4 hours)"
        DAY = "day", "per day"

    activity_type = models.ForeignKey(ActivityType, on_delete=models.PROTECT, related_name="rates")
    unit = models.CharField(max_length=10, choices=Unit.choices)
    amount = models.DecimalField(**MONEY)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    is_example = models.BooleanField(default=False, help_text="Shown as an example value (demo data).")
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity_type__name", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["activity_type", "effective_from"],
                                               name="one_rate_per_type_and_start")]

    def __str__(self) -> str:
        return f"{self.activity_type}: £{self.amount} {self.get_unit_display()} from {self.effective_from}"


class BenefitLimit(models.Model):
    """One row of the limits table (loaded from payments/data/benefit_limits.csv, editable in the admin)."""

    class CountsBy(models.TextChoices):
        WORKED = "worked", "Period the work was done"
        RECEIVED = "received", "Period the money is received"

    parameter = models.CharField(max_length=60, db_index=True)
    amount = models.DecimalField(max_digits=13, decimal_places=4)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    counts_by = models.CharField(max_length=10, choices=CountsBy.choices)
    verified = models.BooleanField(default=True, help_text="Untick for a figure still to be verified.")
    source_title = models.CharField(max_length=300)
    source_url = models.URLField(max_length=300)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["parameter", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["parameter", "effective_from"], name="one_limit_per_start")]

    def __str__(self) -> str:
        return f"{self.parameter} {self.amount} from {self.effective_from}"


class MileageRate(models.Model):
    vehicle = models.CharField(max_length=20)
    rate = models.DecimalField(max_digits=6, decimal_places=2)
    up_to_miles = models.PositiveIntegerField(null=True, blank=True, help_text="Per tax year; empty: no limit.")
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    source_title = models.CharField(max_length=300)
    source_url = models.URLField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["vehicle", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["vehicle", "rate", "effective_from"],
                                               name="one_mileage_rate_per_band")]

    def __str__(self) -> str:
        return f"{self.vehicle} {self.rate}/mile from {self.effective_from}"


class BenefitProfile(models.Model):
    """A leader's own limit, if they set one (their benefits are `PersonBenefit` rows). Optional; seen only by
    them, the co-production manager and finance."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="benefit_profile")
    personal_cap = models.DecimalField("your own limit", null=True, blank=True, **MONEY)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Benefit settings of {self.person}"


class PersonBenefit(models.Model):
    """One benefit a leader chose to tell us they receive; several may apply at once (each checked with its
    own rule). Empty details are "not known" and take the safe side (see `payments.limits.Benefit`): an
    unknown benefit week start day means every seven-day window containing a payment is checked."""

    WEEKDAY_CHOICES = list(enumerate(WEEKDAYS))

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="benefits")
    rule = models.CharField("benefit", max_length=20, choices=BenefitRule.choices())
    week_starts_on = models.PositiveSmallIntegerField("the day your benefit week starts", null=True, blank=True,
                                                      choices=WEEKDAY_CHOICES)
    uc_start_day = models.PositiveSmallIntegerField("the day your assessment period starts", null=True, blank=True)
    permitted_work = models.CharField(max_length=12, blank=True, choices=PermittedWork.choices())
    work_allowance = models.CharField(max_length=16, blank=True, choices=WorkAllowance.choices())
    disregard = models.CharField(max_length=10, blank=True, choices=Disregard.choices())
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "pk"]
        constraints = [models.UniqueConstraint(fields=["person", "rule"], name="one_record_per_benefit")]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} ({self.person})"

    def terms(self, personal_cap: Decimal | None = None) -> BenefitTerms:
        """The pure description the rules need (`payments.limits.Benefit`)."""
        return BenefitTerms(rule=BenefitRule(self.rule), week_starts_on=self.week_starts_on,
                            uc_start_day=self.uc_start_day, personal_cap=personal_cap,
                            permitted_work=self.permitted_work or None, work_allowance=self.work_allowance or None,
                            disregard=self.disregard or None)


class PaymentDetails(models.Model):
    """How a leader wants to be paid. Bank details are encrypted at rest (see payments.crypto)."""

    class Preference(models.TextChoices):
        BANK = "bank", "Bank transfer"
        STRIPE = "stripe", "Stripe (paid to an account you set up with Stripe)"
        EXPENSES_ONLY = "expenses_only", "I do not want to be paid: expenses only"

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="payment_details")
    preference = models.CharField(max_length=20, choices=Preference.choices, default=Preference.BANK)
    account_name = models.TextField(blank=True)        # encrypted
    sort_code = models.TextField(blank=True)           # encrypted
    account_number = models.TextField(blank=True)      # encrypted
    stripe_account_id = models.CharField(max_length=100, blank=True)
    stripe_ready = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["account_name", "sort_code", "account_number"])

    def __str__(self) -> str:
        return f"Payment details of {self.person}"


class PayableActivity(models.Model):
    """Something a leader did that may be paid: from a meeting attendance, a listening event, or entered."""

    class Source(models.TextChoices):
        MEETING = "meeting", "Meeting attendance"
        LISTENING = "listening", "Listening event"
        LEADER = "leader", "Something else"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="activities")
    activity_type = models.ForeignKey(ActivityType, on_delete=models.PROTECT, related_name="activities")
    date = models.DateField(db_index=True)
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LEADER)
    attendance = models.OneToOneField("meetings.Attendance", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="payable_activity")
    source_label = models.CharField("meeting or event", max_length=200, blank=True)
    description = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name_plural = "payable activities"

    def __str__(self) -> str:
        return f"{self.activity_type} on {self.date:%d %b %Y}"

    @property
    def hours_text(self) -> str:
        """"20 hours", "1 hour", "2.5 hours": never an exponent (Decimal("20").normalize() is 2E+1)."""
        number = f"{self.hours:f}".rstrip("0").rstrip(".") if "." in f"{self.hours:f}" else f"{self.hours:f}"
        return f"{number} hour" if number == "1" else f"{number} hours"


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        FEES = "fees", "Involvement fees"
        EXPENSES = "expenses", "Expenses"
        OTHER = "other", "Other"

    financial_year = models.PositiveSmallIntegerField(help_text="The year the financial year starts (April).")
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OTHER)
    amount = models.DecimalField(**MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-financial_year", "name"]
        constraints = [models.UniqueConstraint(fields=["financial_year", "name"], name="one_line_name_per_year")]

    def __str__(self) -> str:
        return f"{self.name} {self.financial_year}/{str(self.financial_year + 1)[2:]}"


class Claim(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Not sent yet"
        SUBMITTED = "submitted", "Waiting for approval"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved, waiting for finance"
        AUTHORISED = "authorised", "Authorised for payment"
        IN_RUN = "in_run", "In a payment run"
        PAID = "paid", "Paid"
        FAILED = "failed", "Payment failed"
        RECONCILED = "reconciled", "Paid and checked"
        REJECTED = "rejected", "Not approved"

    class LimitOption(models.TextChoices):
        NONE = "", "No limit reached"
        EXPENSES_ONLY = "expenses_only", "Claim expenses only"
        PART_FEE = "part_fee", "Claim part of the fee, up to the limit"
        DECLINE_FEE = "decline_fee", "Decline the fee"
        ADVISER = "adviser", "Talk to an adviser first"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    fees_total = models.DecimalField(default=Decimal("0.00"), **MONEY)
    expenses_total = models.DecimalField(default=Decimal("0.00"), **MONEY)
    fees_line = models.ForeignKey(BudgetLine, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    expenses_line = models.ForeignKey(BudgetLine, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    limit_option = models.CharField(max_length=20, choices=LimitOption.choices, blank=True, default="")
    limit_check = models.JSONField(default=dict, blank=True)  # what the leader saw when submitting
    reason = models.TextField(blank=True, help_text="Why it was returned or not approved (the leader sees it).")
    expected_payment_on = models.DateField(null=True, blank=True)
    payment_run = models.ForeignKey("PaymentRun", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="claims")
    payment_method = models.CharField(max_length=10, blank=True)
    stripe_transfer_id = models.CharField(max_length=100, blank=True)
    # Each try at a Stripe transfer has its own idempotency key, `claim-<pk>-transfer-<attempt>`; a new
    # attempt only after Stripe refused or reversed the last one (never after a timeout: that one may be paid).
    transfer_attempt = models.PositiveSmallIntegerField(default=1)
    transfer_error = models.CharField(max_length=300, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(bases=[HistoryStep])

    class Meta:
        ordering = ["-created_at"]
        # the claims to check are read oldest sent first, by status: a page reads only its own rows
        indexes = [models.Index(fields=["status", "submitted_at", "id"], name="payments_claim_queue"),
                   # a run's page counts its claims by status and Stripe progress from this index alone
                   models.Index(fields=["payment_run", "status", "stripe_transfer_id", "transfer_error"],
                                name="payments_claim_run_progress")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(approved_by=models.F("authorised_by"))
                                   | models.Q(approved_by__isnull=True) | models.Q(authorised_by__isnull=True),
                                   name="claim_four_eyes"),
        ]

    def __str__(self) -> str:
        return f"Claim {self.pk} by {self.person}"

    @property
    def total(self) -> Decimal:
        return self.fees_total + self.expenses_total

    @property
    def reference(self) -> str:
        return f"EBE{self.pk:06d}"

    def approval_refusal(self, user: Any) -> str | None:
        """Why `user` may not give this claim its first approval, or None if they may: the co-production
        manager, never for their own claim."""
        if self.person_id == user.pk:
            return "You cannot approve your own claim."
        if not has_capability(user, Capability.APPROVE_CLAIMS):
            return "Your role does not let you approve claims."
        return None

    def authorisation_refusal(self, user: Any) -> str | None:
        """Why `user` may not authorise this claim for payment, or None if they may: finance, never the
        claimant and never the person who gave the first approval (four eyes)."""
        if user.pk in (self.person_id, self.approved_by_id):
            return "A different person must authorise this claim (four eyes)."
        if not has_capability(user, Capability.AUTHORISE_PAYMENTS):
            return "Your role does not let you authorise payments."
        return None


class FeeLine(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="fee_lines")
    activity = models.OneToOneField(PayableActivity, on_delete=models.PROTECT, related_name="fee_line")
    rate = models.ForeignKey(Rate, on_delete=models.PROTECT, related_name="+")
    amount_due = models.DecimalField(help_text="The fee at the rate card.", **MONEY)
    amount_claimed = models.DecimalField(help_text="What the leader claims (less if they chose so).", **MONEY)
    choice = models.CharField("the leader's choice", max_length=10, blank=True, choices=[
        ("declined", "Declined the fee"), ("reduced", "Asked for a lower fee")])
    choice_on = models.DateField("date of the leader's choice", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity__date", "pk"]

    def __str__(self) -> str:
        return f"Fee £{self.amount_claimed} for {self.activity}"


class Expense(models.Model):
    class Kind(models.TextChoices):
        MILEAGE = "mileage", "Mileage (your own car, motorbike or bicycle)"
        PUBLIC_TRANSPORT = "public_transport", "Bus, train or taxi fares"
        PARKING = "parking", "Parking"
        CARE = "care", "Replacement care or childcare"
        SUBSISTENCE = "subsistence", "Food and drink while away"
        OTHER = "other", "Something else (with a receipt)"
        FLAT_ALLOWANCE = "flat_allowance", "A flat-rate allowance (a set amount, whatever it cost)"

    class Vehicle(models.TextChoices):
        CAR = "car", "Car or van"
        MOTORCYCLE = "motorcycle", "Motorbike"
        BICYCLE = "bicycle", "Bicycle"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    description = models.CharField(max_length=300, blank=True)
    miles = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    vehicle = models.CharField(max_length=12, choices=Vehicle.choices, blank=True)
    amount = models.DecimalField(**MONEY)
    earnings_amount = models.DecimalField(default=Decimal("0.00"),
                                          help_text="The part that counts as earnings (normally none).", **MONEY)
    receipt_name = models.CharField(max_length=200, blank=True)
    receipt_type = models.CharField(max_length=50, blank=True)
    receipt_filename = models.CharField(max_length=200, blank=True)
    confirmed_genuine_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                             on_delete=models.SET_NULL, related_name="+")
    confirmed_genuine_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} £{self.amount} on {self.date:%d %b %Y}"

    @property
    def has_receipt(self) -> bool:
        return bool(self.receipt_name)

    @property
    def confirmed_genuine(self) -> bool:
        return self.confirmed_genuine_at is not None

    @property
    def needs_receipt_or_confirmation(self) -> bool:
        """A cost with neither a receipt nor an approver's confirmation: it counts as earnings for now."""
        return (self.kind not in (self.Kind.MILEAGE, self.Kind.FLAT_ALLOWANCE) and not self.has_receipt
                and not self.confirmed_genuine)


class OtherIncome(models.Model):
    """A voucher, gift card or thank-you payment given for involvement: recorded on a claim so that it counts
    against benefit limits at its face value (it is not paid by a payment run)."""

    class Kind(models.TextChoices):
        VOUCHER = "voucher", "Voucher"
        GIFT_CARD = "gift_card", "Gift card"
        THANK_YOU = "thank_you", "Thank-you payment"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="other_income")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    received_on = models.DateField("date you were given it")
    value = models.DecimalField("value", **MONEY)
    description = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name_plural = "other income"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} £{self.value} on {self.received_on:%d %b %Y}"


class PaymentRun(models.Model):
    class Method(models.TextChoices):
        BANK_FILE = "bank_file", "Bank bulk-payment file"
        STRIPE = "stripe", "Stripe Connect"

    class Status(models.TextChoices):
        OPEN = "open", "Built, not sent"
        SENDING = "sending", "Sending payments"
        SENT = "sent", "File made / payments sent"
        COMPLETED = "completed", "Completed"

    method = models.CharField(max_length=10, choices=Method.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    payment_date = models.DateField()
    total = models.DecimalField(default=Decimal("0.00"), **MONEY)
    notes = models.TextField(blank=True)
    # A worker sending the transfers holds the run until `lease_until` (coproduction.background).
    lease_until = models.DateTimeField(null=True, blank=True)
    enqueue_error = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords(bases=[HistoryStep], excluded_fields=["lease_until", "enqueue_error"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Payment run {self.pk} ({self.get_method_display()}, {self.payment_date:%d %b %Y})"


class BudgetOverride(models.Model):
    """A recorded decision to let a payment run go beyond what is left on a budget line."""

    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="overrides")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="overrides")
    amount_over = models.DecimalField(**MONEY)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Override of {self.line} by £{self.amount_over}"


class LedgerQuerySet(models.QuerySet["LedgerEntry"]):
    def update(self, **kwargs: object) -> int:
        raise ValueError("Ledger entries cannot be changed: add a reversal entry.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("Ledger entries cannot be deleted: add a reversal entry.")

    def purge_for_retention(self, queryset: models.QuerySet[LedgerEntry]) -> int:
        """The one way to delete ledger entries: those of an erased person past the retention period.

        Only `payments.tasks.purge_expired_payment_records` calls it. On PostgreSQL the append-only trigger
        lets a DELETE through only inside a transaction that set `portal.retention_purge` on (SET LOCAL).
        """
        using = queryset.db
        with transaction.atomic(using=using):
            connection = connections[using]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL portal.retention_purge = 'on'")
            deleted = queryset.order_by()._raw_delete(using)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL portal.retention_purge = 'off'")
        return deleted


class LedgerEntry(models.Model):
    """Append-only record of every money movement (and commitment). Corrections are reversal entries.

    COMMITTED: approved and not yet paid (positive on approval, negative when paid or withdrawn).
    PAID: money paid to the person (negative for a reversal of a failed or returned payment).
    """

    class EntryType(models.TextChoices):
        COMMITTED = "committed", "Committed"
        PAID = "paid", "Paid"

    class Kind(models.TextChoices):
        FEE = "fee", "Involvement fee"
        EXPENSE = "expense", "Expense"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    entry_type = models.CharField(max_length=10, choices=EntryType.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ledger_entries")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="ledger_entries")
    # The line an entry came from. No database constraint: a claim returned for changes may lose a line,
    # while the ledger keeps its entries (and their reversals) for ever; `description` keeps what it was.
    fee_line = models.ForeignKey(FeeLine, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
                                 related_name="+")
    expense = models.ForeignKey(Expense, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
                                related_name="+")
    description = models.CharField(max_length=200, blank=True)
    budget_line = models.ForeignKey(BudgetLine, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(PaymentRun, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(**MONEY)
    worked_on = models.DateField()
    paid_on = models.DateField(null=True, blank=True)
    reverses = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals")
    memo = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = "ledger entries"

    def __str__(self) -> str:
        return f"{self.entry_type} {self.kind} £{self.amount} (claim {self.claim_id})"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Ledger entries cannot be changed: add a reversal entry.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Ledger entries cannot be deleted: add a reversal entry.")


class StripeEvent(models.Model):
    """Webhook events received, by Stripe's id: each is applied once."""

    event_id = models.CharField(max_length=100, unique=True)
    event_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    applied = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"
