from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActivityType,
    BenefitLimit,
    BudgetLine,
    Claim,
    LedgerEntry,
    MileageRate,
    PaymentRun,
    Rate,
    StripeEvent,
)


@admin.register(ActivityType)
class ActivityTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Rate)
class RateAdmin(SimpleHistoryAdmin):
    list_display = ["activity_type", "amount", "unit", "effective_from", "effective_to", "is_example"]
    list_filter = ["activity_type", "unit", "is_example"]


@admin.register(BenefitLimit)
class BenefitLimitAdmin(SimpleHistoryAdmin):
    list_display = ["parameter", "amount", "effective_from", "effective_to", "counts_by", "verified", "source_title"]
    list_filter = ["parameter", "verified", "counts_by"]


@admin.register(MileageRate)
class MileageRateAdmin(SimpleHistoryAdmin):
    list_display = ["vehicle", "rate", "up_to_miles", "effective_from", "effective_to"]


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["name", "financial_year", "kind", "amount"]
    list_filter = ["financial_year", "kind"]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    """Read-only: claims change only through the portal's steps; "History" shows each step once, with who,
    when and why (coproduction.transitions)."""
    history_list_display = ["step"]  # each history record shows the step it records
    list_display = ["pk", "person", "status", "fees_total", "expenses_total", "submitted_at"]
    list_filter = ["status"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "entry_type", "kind", "person", "claim", "amount", "worked_on", "paid_on", "memo"]
    list_filter = ["entry_type", "kind"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(PaymentRun)
class PaymentRunAdmin(SimpleHistoryAdmin):
    history_list_display = ["step"]  # each history record shows the step it records
    list_display = ["pk", "method", "status", "payment_date", "total", "created_by"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ["event_id", "event_type", "object_id", "created", "applied", "note"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
