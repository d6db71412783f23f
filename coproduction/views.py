from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import attention, keeping, mail, privacy, services, throttle
from .access import get_group_for_user, get_person_for_user, visible_groups
from .audit import record_event
from .confirm import Confirmation, confirmation_page
from .forms import MembershipForm, ProfileForm, RolesForm
from .kept_pages import Kept
from .models import AuditEvent, Membership, OutgoingEmail, Profile
from .paging import paginate
from .roles import Capability, Role, has_capability, require_capability, roles_of
from .selectors import current_memberships, people_directory


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "coproduction/welcome.html")
    return render(request, "coproduction/home.html", {
        "attention_items": attention.items_for(request.user, not_before=keeping.last_change(request.session)),
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
    profile = Profile.objects.filter(user=request.user).first() or Profile(user=request.user)  # saved on POST
    form = ProfileForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your details are saved.")
        return redirect("profile_edit")
    return render(request, "coproduction/profile_form.html", {"form": form})


@require_capability(Capability.VIEW_PEOPLE)
def person_list(request: HttpRequest) -> HttpResponse:
    def people() -> dict[str, Any]:  # drawn when not kept since the last change (coproduction.kept_pages)
        page = paginate(request, people_directory())
        return {"people": page.object_list, "page": page}

    kept = Kept(request, "people", people, reads=("page",))
    return render(request, "coproduction/person_list.html", {"kept": kept})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    return render(request, "coproduction/person_detail.html", {
        "person": person,
        "profile": getattr(person, "profile", None),
        "memberships": current_memberships(person),
        "roles": sorted(role.value for role in roles_of(person)),
        "may_change_roles": has_capability(request.user, Capability.MANAGE_ROLES) and person.pk != request.user.pk,
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
    """The latest 200 events, filtered by what happened and by who (part of a name or email address)."""
    actions = sorted(set(AuditEvent.LABELS) | set(AuditEvent.objects.values_list("action", flat=True).distinct()),
                     key=AuditEvent.label_for)
    chosen = request.GET.get("action", "")
    who = request.GET.get("who", "").strip()[:100]
    events = AuditEvent.objects.select_related("actor")
    if chosen in actions:
        events = events.filter(action=chosen)
    if who:
        events = events.filter(Q(actor__full_name__icontains=who) | Q(actor__email__icontains=who))
    return render(request, "coproduction/audit_list.html", {
        "events": events[:200], "choices": [(action, AuditEvent.label_for(action)) for action in actions],
        "chosen": chosen, "who": who, "filtered": bool(chosen in actions or who)})


@require_GET
@require_capability(Capability.CONFIGURE)
def settings_index(request: HttpRequest) -> HttpResponse:
    """Where each setting the admin looks after is changed: the portal's own pages and the admin's."""
    return render(request, "coproduction/settings_index.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    record_event("access_refused", actor=request.user, path=request.path, detail=str(exception or "")[:300])
    context: dict[str, Any] = {"reason": str(exception) if exception else ""}
    return render(request, "403.html", context, status=403)


# --- Everything the portal holds about me -------------------------------------------------------------------


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """The readable page; a POST prepares a download link that works for an hour, for this person only."""
    download_url = None
    if request.method == "POST":
        if not throttle.allow(request, "data_export"):
            return throttle.too_many(request)
        download_url = reverse("my_data_json") + "?" + urlencode({"token": privacy.download_token(request.user)})
    return render(request, "coproduction/people/my_data.html", {
        "account": privacy.account(request.user),
        "parts": privacy.READABLE_PARTS, "download_url": download_url,
        "link_minutes": privacy.DOWNLOAD_MAX_AGE // 60,
    })


@login_required
@require_GET
def my_data_part(request: HttpRequest, part: str) -> HttpResponse:
    """One part of the readable copy (the page lists them; each is read only when opened)."""
    found = privacy.readable_part(part)
    if found is None:
        raise Http404("No such part of your data.")
    return render(request, "coproduction/people/my_data_part.html", {
        "part": found, "data": found.read(request.user), "template": f"coproduction/people/my_data/{found.slug}.html",
    })


@login_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    """The download, only through a signed link made for the signed-in person less than an hour ago."""
    if not throttle.allow(request, "data_export"):
        return throttle.too_many(request)
    user_id = privacy.download_token_user_id(request.GET.get("token", ""))
    if user_id != request.user.pk:
        record_event("data_download_refused", actor=request.user, detail="expired, tampered or not theirs")
        return render(request, "coproduction/people/my_data_link_expired.html", status=404)
    data = privacy.person_data(request.user)
    record_event("data_downloaded", actor=request.user)
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# --- Memberships (the manager): start and end, never delete -------------------------------------------------


@require_capability(Capability.MANAGE_PEOPLE)
def memberships_manage(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_pk)
    form = MembershipForm(request.POST or None, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        Membership.objects.create(person=person, **form.cleaned_data)
        messages.success(request, f"{person.full_name} is added to {form.cleaned_data['group'].name}.")
        return redirect("memberships_manage", person_pk=person.pk)
    memberships = Membership.objects.filter(person=person).select_related("group").order_by("-started_on")
    return render(request, "coproduction/people/memberships.html", {
        "person": person, "form": form, "memberships": memberships, "today": timezone.localdate(),
    })


@require_capability(Capability.MANAGE_PEOPLE)  # sign-in and role first
def membership_end(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    """End a membership today. The GET asks first."""
    person = get_person_for_user(request.user, person_pk)
    membership = Membership.objects.filter(pk=pk, person=person).select_related("group").first()
    if membership is None:
        raise Http404("Not found")
    if request.method != "POST":
        return confirmation_page(request, Confirmation(
            question=f"End {person.full_name}'s membership of {membership.group.name}?",
            button="Yes, end it today", caption=person.full_name,
            back_url=reverse("memberships_manage", args=[person.pk]),
            details=[f"{person.full_name} stops being a {membership.get_role_in_group_display().lower()} of "
                     f"{membership.group.name} today, {timezone.localdate():%-d %B %Y}. They are not invited to its "
                     "meetings from now on, and do not get its papers.",
                     "The membership is kept in their record, with the day it ended."],
            warning="An ended membership cannot be started again: add a new one if they rejoin."))
    if services.membership_end(membership=membership):
        messages.success(request, f"{person.full_name}'s membership of {membership.group.name} ends today.")
    else:
        messages.error(request, "This membership has already ended, or has not started yet.")
    return redirect("memberships_manage", person_pk=person.pk)


@require_capability(Capability.MANAGE_PEOPLE)
def emails_failed(request: HttpRequest) -> HttpResponse:
    """Emails that could not be sent (reminders, notices, pack copies), with the reason and a retry button."""
    failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).select_related("recipient")
    if request.method != "POST" and request.GET.get("confirm") == "yes":
        return _emails_retry_confirm(request, failed)
    if request.method == "POST":
        count = mail.retry_many(failed.filter(pk__in=_ticked(request.POST)))
        record_event("emails_retried", actor=request.user, detail=f"{count} failed emails")
        messages.success(request, f"Trying again to send {count} {'email' if count == 1 else 'emails'}.")
        return redirect("emails_failed")
    return render(request, "coproduction/emails_failed.html", {"emails": failed.order_by("-created_at")[:200]})


def _ticked(data: Any) -> list[int]:
    return [int(value) for value in data.getlist("email") if value.isdigit()]


def _emails_retry_confirm(request: HttpRequest, failed: Any) -> HttpResponse:
    """Sending again asks first: how many emails, to whom."""
    chosen = list(failed.filter(pk__in=_ticked(request.GET)).order_by("to")[:201])
    if not chosen:
        messages.error(request, "Tick the emails to send again.")
        return redirect("emails_failed")
    names = [f"{email.recipient.full_name if email.recipient else email.to} ({email.subject})" for email in chosen[:20]]
    if len(chosen) > 20:
        names.append(f"and {len(chosen) - 20} more")
    return confirmation_page(request, Confirmation(
        question=f"Send {len(chosen)} {'email' if len(chosen) == 1 else 'emails'} again?",
        button="Yes, send them again" if len(chosen) > 1 else "Yes, send it again",
        back_url=reverse("emails_failed"), hidden={"email": [str(email.pk) for email in chosen]},
        details=[f"Each one is sent again: {'; '.join(names)}.",
                 "If the reason was a wrong address, change the person's address first."],
        warning="An email cannot be called back once it is sent."))


# --- Roles (the admin): the one way they change, recorded ------------------------------------------------------


@require_capability(Capability.MANAGE_ROLES)
def person_roles(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    form = RolesForm(request.POST or None, initial={"roles": [role.value for role in roles_of(person)]})
    if request.method == "POST" and form.is_valid():
        try:
            added, removed = services.roles_change(person=person, roles={Role(v) for v in form.cleaned_data["roles"]},
                                                   by=request.user, reason=form.cleaned_data["reason"])
        except services.RoleChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The roles are saved." if added or removed else "Nothing changed.")
            return redirect("person_detail", pk=person.pk)
    return render(request, "coproduction/people/roles.html", {"person": person, "form": form})
