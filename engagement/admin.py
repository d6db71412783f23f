from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Audience,
    BoardPaperExport,
    EventLeader,
    FeedbackDecisionLink,
    FeedbackImport,
    FeedbackItem,
    ListeningEvent,
    Theme,
    Update,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "order"]
    list_editable = ["active", "order"]
    search_fields = ["name"]


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "order"]
    list_editable = ["active", "order"]


class EventLeaderInline(admin.TabularInline):
    model = EventLeader
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(ListeningEvent)
class ListeningEventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "held_on", "locality", "format", "run_by", "participants"]
    list_filter = ["format", "run_by", "locality"]
    date_hierarchy = "held_on"
    inlines = [EventLeaderInline]
    search_fields = ["title"]


@admin.register(FeedbackItem)
class FeedbackItemAdmin(SimpleHistoryAdmin):
    history_list_display = ["step"]  # each history record shows the step it records
    list_display = ["pk", "heard_on", "locality", "consent", "status"]
    list_filter = ["status", "consent", "locality", "themes"]
    date_hierarchy = "heard_on"
    raw_id_fields = ["event"]
    readonly_fields = ["status", "informed_on", "told_back_on", "days_to_decision", "days_to_told_back"]


@admin.register(FeedbackDecisionLink)
class FeedbackDecisionLinkAdmin(SimpleHistoryAdmin):
    list_display = ["item", "decision", "linked_by", "linked_at"]
    raw_id_fields = ["item", "decision"]


@admin.register(Update)
class UpdateAdmin(SimpleHistoryAdmin):
    list_display = ["title", "locality", "theme", "status", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "published_at", "published_by"]


@admin.register(FeedbackImport)
class FeedbackImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "uploaded_by", "uploaded_at", "status", "created_count"]
    readonly_fields = ["rows", "errors"]


@admin.register(BoardPaperExport)
class BoardPaperExportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "created_by", "created_at", "meeting"]
