"""Pages for the board and the public: the feedback trail, its exports, decisions and "you said, we did"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coproduction import keeping
from coproduction.access import visible_groups
from coproduction.confirm import Confirmation, confirmation_page
from coproduction.formtools import show_errors
from coproduction.models import Locality
from coproduction.pickers import picker_context, picker_words
from coproduction.roles import Capability, has_capability, require_capability
from meetings.models import Meeting

from . import services
from .access import (
    get_board_paper_for_user,
    get_decision_trail_for_user,
    get_update_for_user,
)
from .consent import BOARD, SMALL_COUNT, TEAM, count_label, is_quote, shown_text
from .forms import DECISION_SEARCH, AddToMeetingForm, TrailFilterForm, UpdateForm
from .language_check import CheckerUnavailable, check_update_text
from .models import Theme, Update
from .reports import (
    PaperNotAdded,
    cached_html,
    cached_trail,
    paper_add_to_meeting,
    paper_create,
    paper_title,
    trail_csv,
    trail_pdf,
)
from .selectors import (
    COUNTY_WIDE,
    TrailFilters,
    links_for_decision,
    published_updates,
    update_suggestion,
)


def _default_form() -> TrailFilterForm:
    default = TrailFilters.default()
    return TrailFilterForm(initial={"date_from": default.date_from, "date_to": default.date_to})


def _filters_from(request: HttpRequest) -> tuple[TrailFilterForm | None, TrailFilters | None]:
    if not any(key in request.GET for key in ("date_from", "date_to", "locality", "theme")):
        return None, TrailFilters.default()  # the form is only built if its cached HTML is missing
    form = TrailFilterForm(request.GET)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    locality_value = data.get("locality") or ""
    return form, TrailFilters(
        date_from=data["date_from"], date_to=data["date_to"], theme=data.get("theme"),
        county_wide_only=locality_value == COUNTY_WIDE,
        locality=Locality.objects.filter(pk=locality_value).first() if locality_value.isdigit() else None,
    )


def _meetings_for(user: Any) -> Any:
    return (Meeting.objects.filter(group__in=visible_groups(user), starts_at__gte=timezone.now() - dt.timedelta(days=1))
            .exclude(status=Meeting.Status.CANCELLED).select_related("group").order_by("starts_at"))


def _meeting_picker(request: HttpRequest) -> dict[str, Any]:
    """The "add the board paper to this meeting" list, drawn at most every PICKER_CACHE_SECONDS (settings; 60 s)
    for everyone who sees the same groups, never from before the reader's own last change: the same soonest
    meetings for every filter."""
    user = request.user
    groups = ",".join(str(pk) for pk in visible_groups(user).order_by("pk").values_list("pk", flat=True))

    def draw() -> dict[str, Any]:
        form = AddToMeetingForm(meetings=_meetings_for(user))
        field = form["meeting"]
        return {"has_meetings": form.has_meetings, "label": field.label, "id": field.id_for_label,
                "select": str(field)}

    return keeping.kept(f"trail-meeting-picker:{groups}", draw, seconds=getattr(settings, "PICKER_CACHE_SECONDS", 60),
                        not_before=keeping.last_change(request.session)).value


@require_capability(Capability.VIEW_FEEDBACK_TRAIL)
def trail(request: HttpRequest) -> HttpResponse:
    form, filters = _filters_from(request)
    figures = cached_trail(filters) if filters else None
    model = figures.model if figures else None
    form_html = (cached_html(figures, f"filter-form?{request.GET.urlencode()}", lambda: render_crispy_form(form or _default_form()))
                 if figures else "")
    return render(request, "engagement/trail.html", {
        "form": form, "form_html": form_html, "model": model, "figures_html": figures.html if figures else "",
        "query": request.GET.urlencode(),
        "meeting_picker": _meeting_picker(request) if model else None,
    })


@require_capability(Capability.VIEW_FEEDBACK_TRAIL)
def trail_export_csv(request: HttpRequest) -> HttpResponse:
    _form, filters = _filters_from(request)
    if filters is None:
        return redirect(f"{reverse('engagement:trail')}?{request.GET.urlencode()}")
    response = HttpResponse(trail_csv(cached_trail(filters).model), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="feedback-trail-{filters.date_to:%Y-%m-%d}.csv"'
    return response


@require_capability(Capability.VIEW_FEEDBACK_TRAIL)
def trail_export_pdf(request: HttpRequest) -> HttpResponse:
    _form, filters = _filters_from(request)
    if filters is None:
        return redirect(f"{reverse('engagement:trail')}?{request.GET.urlencode()}")
    model = cached_trail(filters).model
    content = trail_pdf(model, title=paper_title(model), prepared_by=request.user.get_full_name())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="feedback-trail-{filters.date_to:%Y-%m-%d}.pdf"'
    return response


@require_capability(Capability.VIEW_FEEDBACK_TRAIL)
@require_POST
def trail_add_to_meeting(request: HttpRequest) -> HttpResponse:
    """One click: render the board paper for these filters and add it to the chosen meeting's papers."""
    _form, filters = _filters_from(request)
    meeting_form = AddToMeetingForm(request.POST, meetings=_meetings_for(request.user))
    if filters is None or not meeting_form.is_valid():
        messages.error(request, "Choose a meeting to add the board paper to.")
        return redirect(f"{reverse('engagement:trail')}?{request.GET.urlencode()}")
    model = cached_trail(filters).model
    meeting = meeting_form.cleaned_data["meeting"]
    try:
        with transaction.atomic():
            paper = paper_create(by=request.user, model=model)
            paper_add_to_meeting(paper=paper, meeting=meeting, by=request.user)
    except (PaperNotAdded, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(f"{reverse('engagement:trail')}?{request.GET.urlencode()}")
    messages.success(request, f"The board paper is added to {meeting.group.name}: {meeting.title}.")
    return redirect("engagement:paper_detail", paper.pk)


@require_capability(Capability.VIEW_FEEDBACK_TRAIL)
def paper_detail(request: HttpRequest, pk: int) -> HttpResponse:
    paper = get_board_paper_for_user(request.user, pk)
    return render(request, "engagement/paper_detail.html", {"paper": paper})


@require_capability(Capability.VIEW_FEEDBACK_TRAIL)
def paper_download(request: HttpRequest, pk: int) -> FileResponse:
    paper = get_board_paper_for_user(request.user, pk)
    response = FileResponse(default_storage.open(paper.storage_name, "rb"), as_attachment=True,
                            filename="feedback-trail.pdf", content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A decision and the feedback behind it (board's view of each item; counts under 5 hidden)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    decision = get_decision_trail_for_user(request.user, pk)
    links = list(links_for_decision(decision))
    audience = TEAM if has_capability(request.user, Capability.MANAGE_LISTENING) else BOARD
    themes: dict[str, int] = {}
    for link in links:
        for theme in link.item.themes.all():
            themes[theme.name] = themes.get(theme.name, 0) + 1
    told = sum(1 for link in links if link.item.status == link.item.Status.TOLD_BACK)
    return render(request, "engagement/decision_detail.html", {
        "decision": decision, "manages": has_capability(request.user, Capability.MANAGE_LISTENING),
        # The board does not see a list of fewer than 5 items (it would show a small count, and could
        # point to the people who gave them); the manager does.
        "links": [{"link": link, "text": shown_text(link.item, audience), "quote": is_quote(link.item, audience)}
                  for link in links] if audience == TEAM or len(links) >= SMALL_COUNT else [],
        "hidden_small": audience == BOARD and 0 < len(links) < SMALL_COUNT,
        "item_count": count_label(len(links)), "told_count": count_label(told),
        "themes": sorted(((name, count_label(n)) for name, n in themes.items()), key=lambda x: x[0]),
        "updates": decision.listening_updates.filter(status=Update.Status.PUBLISHED),
    })


# --- "you said, we did" updates ---------------------------------------------------------------------

@require_capability(Capability.MANAGE_LISTENING)
def update_list(request: HttpRequest) -> HttpResponse:
    updates = Update.objects.select_related("locality", "theme").annotate(n_decisions=Count("decisions"))
    return render(request, "engagement/update_list.html", {"updates": updates})


@require_capability(Capability.MANAGE_LISTENING)
def update_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    update = get_update_for_user(request.user, pk) if pk else None
    if update is not None and update.status == Update.Status.PUBLISHED:
        messages.info(request, "This update is published. Withdraw it to change it.")
        return redirect("engagement:update_detail", update.pk)
    initial: dict[str, Any] = {}
    if update is not None:
        initial = {"title": update.title, "you_said": update.you_said, "we_did": update.we_did,
                   "locality": update.locality, "theme": update.theme, "decisions": list(update.decisions.all())}
    form = UpdateForm(request.POST or None, initial=initial, search=picker_words(request, DECISION_SEARCH))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update = services.update_save(by=request.user, update=update, title=data["title"],
                                          you_said=data["you_said"], we_did=data["we_did"], locality=data["locality"],
                                          theme=data["theme"], decisions=data["decisions"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The draft is saved. Check it, then publish it.")
            return redirect("engagement:update_detail", update.pk)
    locality = form.data.get("locality") if form.is_bound else None
    theme = form.data.get("theme") if form.is_bound else request.GET.get("theme")
    suggestion = update_suggestion(
        locality=Locality.objects.filter(pk=locality).first() if locality and str(locality).isdigit() else None,
        theme=Theme.objects.filter(pk=theme).first() if theme and str(theme).isdigit() else None,
    )
    return render(request, "engagement/update_form.html", {
        "form": form, "update": update, "suggestion": suggestion,
        **picker_context(request, DECISION_SEARCH, form, "decisions")})


@require_capability(Capability.LOG_LISTENING)
def update_detail(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_update_for_user(request.user, pk)
    check, unavailable = None, ""
    try:
        check = check_update_text(update.full_text)
    except CheckerUnavailable as error:
        unavailable = str(error)
    return render(request, "engagement/update_detail.html", {
        "update": update, "check": check, "unavailable": unavailable, "decisions": update.decisions.all(),
        "history": update.history.select_related("history_user").order_by("-history_date")[:20],
    })


@require_capability(Capability.MANAGE_LISTENING)
def update_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish on the public page; the people whose feedback led to it are told. The GET asks first."""
    update = get_update_for_user(request.user, pk)
    if request.method != "POST":
        return confirmation_page(request, Confirmation(
            question=f"Publish “{update.title}”?", button="Yes, publish it", caption="You said, we did",
            back_url=reverse("engagement:update_detail", args=[update.pk]),
            details=["It appears on the public “you said, we did” page, for anyone to read.",
                     "The people whose feedback led to it, and who asked to hear back, are emailed a link to it."],
            warning="The emails cannot be called back. You can withdraw the update from the public page later."))
    try:
        services.update_publish(update=update, by=request.user)
    except services.PublishingBlocked:
        messages.error(request, "Fix the words marked 'must fix' before publishing.")
    except CheckerUnavailable as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The update is published on the public page.")
    return redirect("engagement:update_detail", update.pk)


@require_capability(Capability.MANAGE_LISTENING)
def update_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a published update off the public page. The GET asks first."""
    update = get_update_for_user(request.user, pk)
    if request.method != "POST":
        return confirmation_page(request, Confirmation(
            question=f"Withdraw “{update.title}”?", button="Yes, withdraw it", caption="You said, we did",
            back_url=reverse("engagement:update_detail", args=[update.pk]), warning_button=True,
            details=["It is taken off the public “you said, we did” page at once. It is kept here, with its "
                     "history."],
            warning="People who were emailed about it keep that email."))
    try:
        services.update_withdraw(update=update, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The update is withdrawn from the public page.")
    return redirect("engagement:update_detail", update.pk)


def public_updates(request: HttpRequest) -> HttpResponse:
    """The public page: published "you said, we did" updates only. No sign-in."""
    updates = published_updates()
    locality = request.GET.get("locality", "")
    if locality.isdigit():
        updates = updates.filter(locality_id=int(locality))
    return render(request, "engagement/public_updates.html", {
        "updates": updates[:100], "localities": Locality.objects.all(), "locality": locality,
    })
