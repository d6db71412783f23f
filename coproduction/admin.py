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
