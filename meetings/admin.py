from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Decision, Meeting, NoticeRule


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
