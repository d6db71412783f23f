from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AllowedAcronym, CheckOverride, Decision, GlossaryEntry, Meeting, NoticeRule


@admin.register(NoticeRule)
class NoticeRuleAdmin(SimpleHistoryAdmin):
    list_display = ["group", "days", "kind"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "group", "starts_at", "status", "late_papers"]
    list_filter = ["group", "status", "late_papers"]
    search_fields = ["title"]
    raw_id_fields = ["chair", "guests"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "decided_on", "status"]
    list_filter = ["status"]
    search_fields = ["title", "decision", "rationale"]
    raw_id_fields = ["meeting", "agenda_item", "owner"]


@admin.register(GlossaryEntry)
class GlossaryEntryAdmin(SimpleHistoryAdmin):
    """The checker suggests this wording when a paper does not explain an abbreviation."""

    list_display = ["short", "long", "source", "updated_at"]
    search_fields = ["short", "long", "explanation"]


@admin.register(AllowedAcronym)
class AllowedAcronymAdmin(SimpleHistoryAdmin):
    """Abbreviations that need no explanation for this audience."""

    list_display = ["short", "reason"]
    search_fields = ["short", "reason"]


@admin.register(CheckOverride)
class CheckOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["version", "decided_by", "decided_at"]
    raw_id_fields = ["version", "decided_by"]
    readonly_fields = ["version", "reason", "decided_by", "decided_at"]

    def has_add_permission(self, request: Any) -> bool:
        return False
