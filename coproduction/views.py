from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import attention
from .access import get_group_for_user, get_person_for_user, visible_groups
from .audit import record_event
from .forms import ProfileForm
from .models import AuditEvent, Membership, Profile
from .roles import Capability, has_capability, require_capability, roles_of
from .selectors import current_memberships, people_directory


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "coproduction/welcome.html")
    return render(request, "coproduction/home.html", {
        "attention_items": attention.items_for(request.user),
        "memberships": current_memberships(request.user),
        "roles": sorted(role.value for role in roles_of(request.user)),
    })


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile, _ = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your details are saved.")
        return redirect("profile_edit")
    return render(request, "coproduction/profile_form.html", {"form": form})


@require_capability(Capability.VIEW_PEOPLE)
def person_list(request: HttpRequest) -> HttpResponse:
    return render(request, "coproduction/person_list.html", {"people": people_directory()})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    return render(request, "coproduction/person_detail.html", {
        "person": person,
        "profile": getattr(person, "profile", None),
        "memberships": current_memberships(person),
        "roles": sorted(role.value for role in roles_of(person)),
    })


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    return render(request, "coproduction/group_list.html", {
        "groups": visible_groups(request.user),
        "sees_all": has_capability(request.user, Capability.VIEW_ALL_GROUPS),
    })


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk)
    members = Membership.objects.current().filter(group=group).select_related("person", "person__profile")
    return render(request, "coproduction/group_detail.html", {"group": group, "members": members})


@require_capability(Capability.VIEW_AUDIT)
def audit_list(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.select_related("actor")[:200]
    return render(request, "coproduction/audit_list.html", {"events": events})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    record_event("access_refused", actor=request.user, path=request.path, detail=str(exception or "")[:300])
    context: dict[str, Any] = {"reason": str(exception) if exception else ""}
    return render(request, "403.html", context, status=403)
