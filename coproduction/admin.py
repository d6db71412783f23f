from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AuditEvent,
    DataRetention,
    ErasureRequest,
    GovernanceGroup,
    Locality,
    Membership,
    OutgoingEmail,
    PrimaryCareNetwork,
    Profile,
    User,
)
from .privacy import person_erase
from .roles import Capability, has_capability


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
    # Roles (groups) and admin access change only on the portal's Roles page, which records who, when and why.
    readonly_fields = ["is_staff", "is_superuser", "groups", "last_login", "date_joined"]


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


# --- Data protection: erasure and retention periods ---------------------------------------------------------



@admin.action(description="Erase personal data (keeps payment records)", permissions=["erase"])
def erase_personal_data(modeladmin: Any, request: Any, queryset: Any) -> TemplateResponse | None:
    """Pseudonymise each chosen person (never the admin doing it); payment records stay for their retention.
    It cannot be undone, so a page first lists who would be erased and asks (Django's delete pattern)."""
    people = queryset.exclude(pk=request.user.pk).exclude(erasure_requests__carried_out_at__isnull=False)
    if request.POST.get("post") != "yes":
        context = {**modeladmin.admin_site.each_context(request), "title": "Erase these people's personal data?",
                   "people": list(people), "skipped": queryset.count() - people.count(),
                   "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME), "opts": modeladmin.model._meta,
                   "action": "erase_personal_data"}
        return TemplateResponse(request, "admin/coproduction/erase_confirm.html", context)
    erased = 0
    for person in people:
        person_erase(person=person, by=request.user, note="Carried out from the admin.")
        erased += 1
    noun = "person" if erased == 1 else "people"
    modeladmin.message_user(request, f"Erased the personal data of {erased} {noun}. Payment records are kept.",
                            messages.SUCCESS)
    return None


def _can_erase(self: Any, request: Any) -> bool:
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
