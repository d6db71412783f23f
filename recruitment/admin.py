from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgreementSignature,
    Application,
    Certificate,
    DevelopmentGoal,
    GroupAgreementVersion,
    OnboardingChecklist,
    RecruitmentSettings,
    RoleDescription,
    RoleDescriptionVersion,
    RoleHolding,
    TrainingRecord,
    Vacancy,
)


class _PublishedVersionAdmin(admin.ModelAdmin):
    """Published versions are read-only here: a change is a new version, made in the portal."""

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class RoleDescriptionVersionInline(admin.StackedInline):
    model = RoleDescriptionVersion
    extra = 0
    can_delete = False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(RoleDescription)
class RoleDescriptionAdmin(admin.ModelAdmin):
    list_display = ["title", "created_at"]
    inlines = [RoleDescriptionVersionInline]


@admin.register(RoleDescriptionVersion)
class RoleDescriptionVersionAdmin(_PublishedVersionAdmin):
    list_display = ["role", "number", "published_at"]
    list_select_related = ["role"]


@admin.register(Vacancy)
class VacancyAdmin(SimpleHistoryAdmin):
    list_display = ["role_version", "group", "status", "closing_on", "places"]
    list_select_related = ["role_version__role", "group"]
    list_filter = ["status"]


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    """Moves along the pipeline happen in the portal (with emails); here the admin can only look. "History"
    shows each move once, with who, when and the note (coproduction.transitions)."""
    history_list_display = ["step"]  # each history record shows the step it records
    list_display = ["full_name", "vacancy", "stage", "submitted_at", "stage_changed_at"]
    list_select_related = ["vacancy__role_version__role"]
    list_filter = ["stage", "heard_via"]
    search_fields = ["full_name", "email"]
    exclude = ["token_hash"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(RoleHolding)
class RoleHoldingAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role_version", "accepted_at", "ended_on"]
    list_select_related = ["person", "role_version__role"]


@admin.register(RecruitmentSettings)
class RecruitmentSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "retention_months"]

    def has_add_permission(self, request: Any) -> bool:
        return not RecruitmentSettings.objects.exists()

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(OnboardingChecklist)
class OnboardingChecklistAdmin(SimpleHistoryAdmin):
    list_display = ["person", "started_at", "payment_done_at", "benefits_done_at", "induction_done_at",
                    "first_meeting_done_at"]
    list_select_related = ["person"]


@admin.register(GroupAgreementVersion)
class GroupAgreementVersionAdmin(_PublishedVersionAdmin):
    list_display = ["number", "published_at", "published_by"]


@admin.register(AgreementSignature)
class AgreementSignatureAdmin(admin.ModelAdmin):
    list_display = ["person", "version", "typed_name", "signed_on"]
    list_select_related = ["person", "version"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(TrainingRecord)
class TrainingRecordAdmin(SimpleHistoryAdmin):
    list_display = ["person", "title", "offered_on", "completed_on"]
    list_select_related = ["person"]


@admin.register(DevelopmentGoal)
class DevelopmentGoalAdmin(SimpleHistoryAdmin):
    list_display = ["person", "goal", "added_on", "achieved_on"]
    list_select_related = ["person"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "mimetype", "size", "uploaded_at"]
    list_select_related = ["person"]
    readonly_fields = ["storage_name", "filename", "mimetype", "size"]
