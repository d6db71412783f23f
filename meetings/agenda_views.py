"""The manager's agenda pages (MANAGE_MEETINGS): the agenda in order with a button to move each item up or
down (plain forms that work without JavaScript), changing an item, and removing one after a confirmation.
Adding an item is `manage_views.agenda_item_add`."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduction.roles import Capability, require_capability

from . import access, selectors, services
from .forms import AgendaItemForm

manage = require_capability(Capability.MANAGE_MEETINGS)


@manage
def agenda_manage(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    return render(request, "meetings/agenda_manage.html", {
        "meeting": meeting, "agenda": selectors.agenda_for(meeting), "pack": selectors.pack_sent(meeting)})


@manage
def agenda_item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = access.get_agenda_item_for_user(request.user, pk, item_pk)
    form = AgendaItemForm(request.POST or None, instance=item, submit="Save changes")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.agenda_item_update(item=item, by=request.user, title=data["title"], purpose=data["purpose"],
                                    lead=data["lead"], minutes_allowed=data["minutes_allowed"])
        messages.success(request, f"“{data['title']}” is changed.")
        return redirect("meetings:agenda_manage", pk=item.meeting.pk)
    return render(request, "meetings/form_page.html", {"form": form, "title": "Change an agenda item",
                                                       "meeting": item.meeting})


@manage
@require_POST
def agenda_item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = access.get_agenda_item_for_user(request.user, pk, item_pk)
    up = request.POST.get("direction") != "down"
    if services.agenda_item_move(item=item, up=up, by=request.user):
        messages.success(request, f"“{item.title}” is moved {'up' if up else 'down'}.")
    else:
        messages.info(request, f"“{item.title}” is already {'first' if up else 'last'}.")
    return redirect(reverse("meetings:agenda_manage", args=[item.meeting.pk]) + f"#item-{item.pk}")


@manage
def agenda_item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Ask first; then take the item off the agenda (its papers and decisions stay with the meeting)."""
    item = access.get_agenda_item_for_user(request.user, pk, item_pk)
    if request.method == "POST":
        services.agenda_item_remove(item=item, by=request.user)
        messages.success(request, f"“{item.title}” is taken off the agenda.")
        return redirect("meetings:agenda_manage", pk=item.meeting.pk)
    return render(request, "meetings/agenda_item_remove.html", {
        "meeting": item.meeting, "item": item, "papers": list(item.papers.order_by("title")),
        "decisions": list(item.decisions.order_by("title")), "pack": selectors.pack_sent(item.meeting)})
