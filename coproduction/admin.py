from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AuditEvent,
    GovernanceGroup,
    Locality,
    Membership,
    OutgoingEmail,
    PrimaryCareNetwork,
    Profile,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "is_active", "is_staff"]
    search_fields = ["full_name", "email"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("full_name",)}),
        ("Roles and access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    filter_horizontal = ("groups",)


class PrimaryCareNetworkInline(admin.TabularInline):
    model = PrimaryCareNetwork
    extra = 0


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    inlines = [PrimaryCareNetworkInline]


@admin.register(Profile)
class ProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "preferred_name", "locality"]
    list_select_related = ["user", "locality"]
    search_fields = ["user__full_name", "user__email"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(GovernanceGroup)
class GovernanceGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "locality", "target_size"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "group", "role_in_group", "started_on", "ended_on"]
    list_select_related = ["person", "group"]
    list_filter = ["group", "role_in_group"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor", "detail", "path"]
    list_filter = ["action"]
    list_select_related = ["actor"]
    search_fields = ["detail", "actor__email"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "template", "to", "status", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["to", "key"]
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False


# --- Recruitment, onboarding, agreement and development ------------------------------------------------------

from .models import (  # noqa: E402
    AgreementSignature,
    Application,
    ApplicationEvent,
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


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "at", "by", "note"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    """Moves along the pipeline happen in the portal (with emails); here the admin can only look."""

    list_display = ["full_name", "vacancy", "stage", "submitted_at", "stage_changed_at"]
    list_select_related = ["vacancy__role_version__role"]
    list_filter = ["stage", "heard_via"]
    search_fields = ["full_name", "email"]
    inlines = [ApplicationEventInline]
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


# --- Data protection: erasure and retention periods ---------------------------------------------------------

from django.contrib import messages  # noqa: E402

from .models import DataRetention, ErasureRequest  # noqa: E402


@admin.action(description="Erase personal data (keeps payment records)", permissions=["erase"])
def erase_personal_data(modeladmin: Any, request: Any, queryset: Any) -> None:
    """Pseudonymise each chosen person (never the admin doing it); payment records stay for their retention."""
    from .privacy import person_erase

    erased = 0
    for person in queryset.exclude(pk=request.user.pk).exclude(erasure_requests__carried_out_at__isnull=False):
        person_erase(person=person, by=request.user, note="Carried out from the admin.")
        erased += 1
    modeladmin.message_user(request, f"Erased the personal data of {erased} person(s). Payment records are kept.",
                            messages.SUCCESS)


def _can_erase(self: Any, request: Any) -> bool:
    from .roles import Capability, has_capability

    return has_capability(request.user, Capability.CONFIGURE)


UserAdmin.actions = [*UserAdmin.actions, erase_personal_data]
UserAdmin.has_erase_permission = _can_erase


@admin.register(ErasureRequest)
class ErasureRequestAdmin(SimpleHistoryAdmin):
    list_display = ["person", "requested_at", "requested_by", "carried_out_at", "carried_out_by"]
    list_select_related = ["person", "requested_by", "carried_out_by"]
    readonly_fields = ["carried_out_at", "carried_out_by"]

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(DataRetention)
class DataRetentionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "payment_records_years"]

    def has_add_permission(self, request: Any) -> bool:
        return not DataRetention.objects.exists()

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
