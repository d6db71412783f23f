"""Pages for the people who listen: events, feedback, spreadsheet imports, status and links to decisions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduction.confirm import Confirmation, confirmation_page
from coproduction.formtools import show_errors
from coproduction.kept_pages import Kept
from coproduction.models import Locality
from coproduction.paging import PAGE_SIZE, paginate
from coproduction.pickers import picker_context, picker_words
from coproduction.roles import Capability, has_capability, require_capability
from coproduction.transitions import steps
from meetings.access import visible_decisions

from . import imports, services
from . import selectors as feedback_selectors
from .access import (
    get_event_for_user,
    get_feedback_for_user,
    get_import_for_user,
    visible_events,
    visible_feedback,
)
from .consent import TEAM, audience_for, is_quote, shown_text
from .forms import (
    DECISION_SEARCH,
    EVENT_SEARCH,
    EventForm,
    FeedbackForm,
    ImportForm,
    LinkDecisionForm,
    LinkGroupForm,
    StatusForm,
)
from .models import FeedbackImport, FeedbackItem, Theme
from .pii import remove_personal_details
from .selectors import (
    COUNTY_WIDE,
    feedback_rows,
    links_for_item,
    matching_decision_lines,
    open_selection,
    ranked_feedback_ids,
    with_feedback_counts,
)


def _path_for_each(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for a list's rows: reversed once, each id put in (a reverse a row costs more
    than the rest of the row)."""
    marker = "2147483647"
    head, tail = reverse(name, args=[int(marker)]).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


def _with_paths(rows: Any, name: str) -> list[Any]:
    """The rows, each with `path`: its page at `name`."""
    path = _path_for_each(name)
    rows = list(rows)
    for row in rows:
        row.path = path(row.pk)
    return rows


@require_capability(Capability.LOG_LISTENING)
def listening_home(request: HttpRequest) -> HttpResponse:
    def lists() -> dict[str, Any]:  # drawn when not kept since the last change (coproduction.kept_pages)
        events = _with_paths(with_feedback_counts(visible_events(request.user)).order_by("-held_on", "-pk")[:10],
                             "engagement:event_detail")
        feedback = _with_paths(feedback_rows(visible_feedback(request.user), themes=False)[:10],
                               "engagement:feedback_detail")
        return {"events": events, "feedback": [(item, shown_text(item, TEAM)) for item in feedback]}

    return render(request, "engagement/home.html", {
        "kept": Kept(request, "listening-home", lists),
        "manages": has_capability(request.user, Capability.MANAGE_LISTENING),
        "sees_trail": has_capability(request.user, Capability.VIEW_FEEDBACK_TRAIL),
    })


# --- events -------------------------------------------------------------------------------------------

@require_capability(Capability.LOG_LISTENING)
def event_list(request: HttpRequest) -> HttpResponse:
    def events() -> dict[str, Any]:  # drawn when not kept since the last change (coproduction.kept_pages)
        # A list that grows without end: never counted, Previous and Next only (like the feedback list).
        page = paginate(request, with_feedback_counts(visible_events(request.user)).order_by("-held_on", "-pk"),
                        count=False)
        page.object_list = _with_paths(page.object_list, "engagement:event_detail")
        return {"page": page}

    kept = Kept(request, "listening-events", events, reads=("page",))
    return render(request, "engagement/event_list.html", {"kept": kept})


@require_capability(Capability.LOG_LISTENING)
def event_create(request: HttpRequest) -> HttpResponse:
    initial = {"leaders": [request.user.pk]} if not has_capability(request.user, Capability.MANAGE_LISTENING) else {}
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_save(
                by=request.user, title=data["title"], held_on=data["held_on"], format=data["format"],
                run_by=data["run_by"], locality=data["locality"], network=data["network"],
                partner_name=data["partner_name"], participants=data["participants"], audiences=data["audiences"],
                notes=data["notes"], leaders=form.leader_rows(),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The event is saved. Now add what people said.")
            return redirect("engagement:event_detail", event.pk)
    return render(request, "engagement/event_form.html", {"form": form})


@require_capability(Capability.LOG_LISTENING)
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    items = visible_feedback(request.user).filter(event=event).prefetch_related("themes")
    return render(request, "engagement/event_detail.html", {
        "event": event,
        "leaders": event.leader_rows.select_related("person"),
        "audiences": event.audiences.all(),
        "items": [(item, shown_text(item, audience_for(request.user, item))) for item in items],
    })


# --- feedback -----------------------------------------------------------------------------------------

def _feedback_form_page(request: HttpRequest, event: Any = None) -> HttpResponse:
    if request.method == "POST" and "remove_details" in request.POST:
        data = request.POST.copy()
        data["text"] = remove_personal_details(data.get("text", ""))
        data["summary"] = remove_personal_details(data.get("summary", ""))
        form = FeedbackForm(data, event=event)
        form.is_valid()  # show any other problems; personal details are gone
        messages.info(request, "Names, phone numbers and email addresses were replaced. Check the words, then save.")
        return render(request, "engagement/feedback_form.html", {"form": form, "event": event, "cleaned": True})
    form = FeedbackForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.feedback_create(
                by=request.user, text=data["text"], summary=data["summary"], consent=data["consent"],
                themes=data["themes"], locality=data.get("locality"), event=event, heard_on=data.get("heard_on"),
                may_contact=data["may_contact"], contact_email=data["contact_email"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The feedback is saved.")
            if event is not None and "add_another" in request.POST:
                return redirect("engagement:event_feedback_create", event.pk)
            return redirect("engagement:feedback_detail", item.pk)
    return render(request, "engagement/feedback_form.html", {"form": form, "event": event})


@require_capability(Capability.LOG_LISTENING)
def feedback_create(request: HttpRequest) -> HttpResponse:
    return _feedback_form_page(request)


@require_capability(Capability.LOG_LISTENING)
def event_feedback_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _feedback_form_page(request, get_event_for_user(request.user, pk))


@require_capability(Capability.LOG_LISTENING)
def feedback_list(request: HttpRequest) -> HttpResponse:
    def rows() -> dict[str, Any]:  # drawn when not kept since the last change (coproduction.kept_pages)
        items = feedback_rows(visible_feedback(request.user))
        status = request.GET.get("status", "")
        if status in FeedbackItem.Status.values:
            items = items.filter(status=status)
        theme = request.GET.get("theme", "")
        if theme.isdigit():
            items = items.filter(themes__pk=int(theme))
        page = paginate(request, items.order_by("-heard_on", "-pk"), size=PAGE_SIZE, count=False)  # never counted
        return {
            "page": page,
            "rows": [(item, shown_text(item, audience_for(request.user, item)))
                     for item in _with_paths(page, "engagement:feedback_detail")],
            "statuses": FeedbackItem.Status.choices, "themes": Theme.objects.all(),
            "status": status, "theme": theme,
        }

    kept = Kept(request, "feedback-list", rows, reads=("page", "status", "theme"))
    return render(request, "engagement/feedback_list.html", {"kept": kept})


@require_capability(Capability.LOG_LISTENING)
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_feedback_for_user(request.user, pk)
    audience = audience_for(request.user, item)
    manages = has_capability(request.user, Capability.MANAGE_LISTENING)
    allowed = [(s, FeedbackItem.Status(s).label) for s in FeedbackItem.Status.values
               if s in services.ALLOWED_TRANSITIONS[item.status]]
    links = list(links_for_item(item))
    # Link only to what this person may open: the event (if they ran or logged it), and each decision's trail
    # page (staff and board) or else its page in the decision log (members of the decision's group).
    trail = has_capability(request.user, Capability.VIEW_FEEDBACK_TRAIL)
    in_log = set() if trail else set(visible_decisions(request.user).filter(
        pk__in=[link.decision_id for link in links]).values_list("pk", flat=True))
    for link in links:
        link.decision_url = (reverse("engagement:decision_detail", args=[link.decision_id]) if trail else
                             reverse("meetings:decision_detail", args=[link.decision_id])
                             if link.decision_id in in_log else "")
    event_open = item.event_id is not None and visible_events(request.user).filter(pk=item.event_id).exists()
    return render(request, "engagement/feedback_detail.html", {
        "item": item, "text": shown_text(item, audience), "quote": is_quote(item, audience),
        "themes": item.themes.all(), "links": links, "event_open": event_open,
        "changes": steps(item), "manages": manages,
        "status_form": StatusForm(allowed=allowed) if manages and allowed else None,
    })


@require_capability(Capability.MANAGE_LISTENING)
@require_POST
def feedback_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_feedback_for_user(request.user, pk)
    allowed = [(s, FeedbackItem.Status(s).label) for s in FeedbackItem.Status.values
               if s in services.ALLOWED_TRANSITIONS[item.status]]
    form = StatusForm(request.POST, allowed=allowed)
    if form.is_valid():
        try:
            services.feedback_change_status(item=item, by=request.user, to_status=form.cleaned_data["to_status"],
                                            note=form.cleaned_data["note"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The status is changed.")
            return redirect("engagement:feedback_detail", item.pk)
    return render(request, "engagement/status_form.html", {"form": form, "item": item}, status=400)


@require_capability(Capability.MANAGE_LISTENING)
def feedback_link(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_feedback_for_user(request.user, pk)
    form = LinkDecisionForm(request.POST or None, search=picker_words(request, DECISION_SEARCH))
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_link_decision(item=item, decision=form.cleaned_data["decision"],
                                            how_it_shaped=form.cleaned_data["how_it_shaped"], by=request.user)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The feedback is linked to the decision.")
            return redirect("engagement:feedback_detail", item.pk)
    return render(request, "engagement/link_form.html", {
        "form": form, "item": item, "text": shown_text(item, TEAM), **picker_context(request, DECISION_SEARCH, form, "decision"),
    })


@require_capability(Capability.MANAGE_LISTENING)
def feedback_link_group(request: HttpRequest) -> HttpResponse:
    """Link every open item on a theme (optionally in one locality) to a decision: preview, then confirm."""
    form = LinkGroupForm(request.POST or None, search=picker_words(request, DECISION_SEARCH))
    selection = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        locality_value = data["locality"]
        locality = Locality.objects.filter(pk=locality_value).first() if locality_value.isdigit() else None
        items = open_selection(theme=data["theme"], locality=locality, county_wide=locality_value == COUNTY_WIDE)
        if request.POST.get("confirm") == "yes":
            count = services.feedback_link_many(items=list(items), decision=data["decision"],
                                                how_it_shaped=data["how_it_shaped"], by=request.user)
            messages.success(request, f"{count} feedback item{'s' if count != 1 else ''} linked to the decision.")
            return redirect("engagement:decision_detail", data["decision"].pk)
        selection = list(items.prefetch_related("themes")[:200])
        selection_count = items.count()
        return render(request, "engagement/link_group_form.html", {
            "form": form, "selection": [(i, shown_text(i, TEAM)) for i in selection],
            "selection_count": selection_count, **picker_context(request, DECISION_SEARCH, form, "decision"),
        })
    return render(request, "engagement/link_group_form.html", {
        "form": form, "selection": selection, **picker_context(request, DECISION_SEARCH, form, "decision")})


@require_capability(Capability.MANAGE_LISTENING)
def feedback_unlink(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    """Remove a link from feedback to a decision, and what was written about it. The GET asks first."""
    item = get_feedback_for_user(request.user, pk)
    link = item.decision_links.select_related("decision").filter(pk=link_pk).first()
    if link is None:
        raise Http404("Not found")
    if request.method != "POST":
        return confirmation_page(request, Confirmation(
            question=f"Remove the link to “{link.decision.title}”?", button="Yes, remove the link",
            back_url=reverse("engagement:feedback_detail", args=[item.pk]), warning_button=True,
            details=["The feedback no longer shows as shaping this decision, on the trail and in the board's "
                     f"reports. What was written about it is deleted: “{link.how_it_shaped}”"],
            warning="This cannot be undone: to link them again, write how it shaped the decision again."))
    services.feedback_unlink_decision(link=link, by=request.user)
    messages.success(request, "The link is removed.")
    return redirect("engagement:feedback_detail", item.pk)


# --- spreadsheet import -------------------------------------------------------------------------------

@require_capability(Capability.LOG_LISTENING)
def import_upload(request: HttpRequest) -> HttpResponse:
    events = visible_events(request.user)
    initial = {"event": request.GET["event"]} if request.GET.get("event", "").isdigit() else {}
    form = ImportForm(request.POST or None, request.FILES or None, events=events, initial=initial,
                      search=picker_words(request, EVENT_SEARCH))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            form.add_error("file", "The file is bigger than 2 MB. Split it into smaller files.")
        else:
            try:
                row = imports.import_preview(by=request.user, content=upload.read(), filename=upload.name,
                                             event=form.cleaned_data["event"])
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                return redirect("engagement:import_preview", row.pk)
    return render(request, "engagement/import_form.html", {
        "form": form, **picker_context(request, EVENT_SEARCH, form, "event")})


@require_capability(Capability.LOG_LISTENING)
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="feedback-template.csv"'
    return response


@require_capability(Capability.LOG_LISTENING)
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    feedback_import = get_import_for_user(request.user, pk)
    if request.method == "POST":
        if "discard" in request.POST:
            imports.import_discard(feedback_import=feedback_import, by=request.user)
            messages.success(request, "The spreadsheet is discarded. Nothing was imported.")
            return redirect("engagement:import_upload")
        try:
            count = imports.import_accept(feedback_import=feedback_import, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("engagement:import_preview", feedback_import.pk)
        messages.success(request, f"{count} feedback item{'s' if count != 1 else ''} imported.")
        return redirect("engagement:feedback_list")
    themes = Theme.objects.in_bulk()
    localities = Locality.objects.in_bulk()
    errors = {entry["row"]: entry["messages"] for entry in feedback_import.errors}
    rows = [
        {**row, "themes": ", ".join(themes[t].name for t in row["theme_ids"] if t in themes),
         "locality": localities[row["locality_id"]].name if row["locality_id"] in localities else "County-wide",
         "consent_label": FeedbackItem.Consent(row["consent"]).label if row["consent"] else "",
         "problems": errors.get(row["row"], [])}
        for row in feedback_import.rows[:500]
    ]
    return render(request, "engagement/import_preview.html", {
        "import": feedback_import, "rows": rows, "error_count": len(errors),
        "more": max(0, len(feedback_import.rows) - 500),
        "can_accept": feedback_import.status == FeedbackImport.Status.PREVIEW and not errors,
    })


# --- search -------------------------------------------------------------------------------------------

def search(request: HttpRequest) -> HttpResponse:
    """Search feedback words, themes and decisions. Board members search only words people agreed to have
    quoted publicly (and see the board's view of each item)."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    logs = has_capability(user, Capability.LOG_LISTENING)
    board = has_capability(user, Capability.VIEW_FEEDBACK_TRAIL)
    if not (logs or board):
        raise PermissionDenied("Your role does not let you search feedback.")
    query = request.GET.get("q", "")[:200]

    def found() -> dict[str, Any]:  # drawn when not kept since the last change (coproduction.kept_pages)
        if logs:
            items = visible_feedback(user)
        else:
            items = FeedbackItem.objects.select_related("locality", "event").filter(
                consent=FeedbackItem.Consent.QUOTE)
        # The best matches of the newest RANK_WINDOW, a page of SEARCH_PAGE_SIZE at a time: ids are ranked once,
        # and only the page's items are read.
        ranked = ranked_feedback_ids(items, query) if query else []
        page = paginate(request, ranked, size=feedback_selectors.SEARCH_PAGE_SIZE)
        read = {item.pk: item for item in feedback_rows(items.filter(pk__in=list(page.object_list)))}
        results = _with_paths([read[pk] for pk in page.object_list if pk in read], "engagement:feedback_detail")
        # The decision log's own search (meetings.selectors), on the decisions this person may see.
        decisions = matching_decision_lines(visible_decisions(user), query) if query and board else []
        decision_path = _path_for_each("engagement:decision_detail")
        for decision in decisions:
            decision["path"] = decision_path(decision["pk"])
        return {
            "results": [(item, shown_text(item, audience), audience == TEAM and logs)
                        for item, audience in ((item, audience_for(user, item)) for item in results)],
            "decisions": decisions, "page": page,
            "window": feedback_selectors.RANK_WINDOW if len(ranked) >= feedback_selectors.RANK_WINDOW else None,
        }

    return render(request, "engagement/search.html", {
        "query": query, "sees_decisions": board,
        "kept": Kept(request, "feedback-search", found, reads=("q", "page"))})

