"""Pages for everyone invited: meetings, papers, receipts, accessible formats, calendars and decisions.

Manager pages are in `manage_views.py`. Every view checks permission first (helpers in `selectors`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from coproduction.confirm import Confirmation, confirmation_page, is_confirmed
from coproduction.kept_pages import Kept
from coproduction.mail import absolute_url
from coproduction.paging import PAGE_SIZE, paginate
from coproduction.roles import Capability, has_capability
from coproduction.wording import counted

from . import access, formats, ics, language_check, packs, selectors, services
from . import minutes as minutes_service
from .forms import AcknowledgeForm, DecisionSearchForm, FormatRequestForm, LateDecisionForm, OverrideForm
from .models import AccessibleFormatRequest, CalendarFeedToken, CheckOverride, LatePaperRequest, Minutes

FEED_PAST_DAYS = 92


def _is_manager(user: Any) -> bool:
    return has_capability(user, Capability.MANAGE_MEETINGS)


MEETINGS_PER_PAGE = 10  # each of the two lists on the meetings page


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()

    def lists() -> dict[str, Any]:  # drawn when not kept since the last change (coproduction.kept_pages)
        # The lists show no chair: only the group (and, for the deadline, its notice rule) is read with them.
        meetings = access.visible_meetings(request.user).select_related(None)
        # Two lists that grow without end, each in pages of a fixed size (Previous and Next, never counted).
        upcoming = paginate(request, selectors.upcoming(meetings.select_related("group__notice_rule"), now),
                            size=MEETINGS_PER_PAGE, param="upcoming", count=False)
        past_page = paginate(request, selectors.past(meetings.select_related("group"), now)
                             .order_by("-starts_at", "-pk"), size=MEETINGS_PER_PAGE, count=False)
        selectors.with_paper_counts([*upcoming.object_list, *past_page.object_list])  # these pages' only
        return {"upcoming": upcoming, "past_page": past_page}

    return render(request, "meetings/meeting_list.html", {
        "lists": Kept(request, "meeting-list", lists, reads=("upcoming", "page")),
        "is_manager": _is_manager(request.user), "now": now,
    })


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    is_manager = _is_manager(request.user)
    papers = selectors.papers_for(meeting, include_held=is_manager)
    agenda = selectors.agenda_for(meeting)
    by_item: dict[int | None, list[Any]] = {}
    for paper in papers:
        by_item.setdefault(paper.agenda_item_id, []).append(paper)
    for item in agenda:
        item.paper_list = by_item.get(item.pk, [])
    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_at_meeting").first()
    if minutes is not None:
        minutes.meeting = meeting
    context: dict[str, Any] = {
        "meeting": meeting, "agenda": agenda, "loose_papers": by_item.get(None, []), "is_manager": is_manager,
        "is_chair": meeting.is_chaired_by(request.user),
        "my_pack": selectors.my_latest_recipient(meeting, request.user),
        "my_formats": AccessibleFormatRequest.objects.filter(meeting=meeting, person=request.user),
        "invited": access.is_invited(request.user, meeting),  # only people invited ask for a format here
        "decisions": meeting.decisions.select_related("owner"),
        "minutes": minutes, "minutes_readable": minutes is not None and minutes_service.may_read_draft(minutes, request.user),
        "late_requests": meeting.late_requests.select_related("requested_by", "paper_version__paper"),
        "now": timezone.now(),
    }
    if is_manager or context["is_chair"]:
        context["support_at_meeting"] = formats.support_at_meeting(meeting, chair_only=not is_manager)
    if is_manager:
        context.update({
            "dispatches": meeting.dispatches.select_related("sent_by").annotate(
                recipient_count=Count("recipients", distinct=True),
                read_count=Count("recipients", filter=Q(recipients__read_at__isnull=False), distinct=True)),
            "guests": meeting.guests.order_by("full_name"),
            "format_requests": meeting.format_requests.select_related("person", "done_by"),
            "invitee_count": len(selectors.invitees(meeting)),
            "pack": selectors.pack_sent(meeting),
        })
    return render(request, "meetings/meeting_detail.html", context)


@login_required
@require_GET
def paper_download(request: HttpRequest, paper_pk: int, version_pk: int) -> FileResponse:
    version = access.get_paper_version_for_user(request.user, paper_pk, version_pk)
    try:
        handle = default_storage.open(version.storage_name, "rb")
    except FileNotFoundError as error:
        raise Http404("Not found") from error
    response = FileResponse(handle, as_attachment=True, filename=version.download_filename,
                            content_type=version.mimetype)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def papers_read(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    if services.papers_mark_read(meeting=meeting, person=request.user):
        messages.success(request, "Thank you. We have noted that you have read the papers.")
    else:
        messages.info(request, "You were not sent papers for this meeting.")
    return redirect("meetings:meeting_detail", pk=meeting.pk)


@login_required
def format_request(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    if not access.is_invited(request.user, meeting):
        raise Http404("Not found")
    form = FormatRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.format_request_create(meeting=meeting, person=request.user, format=form.cleaned_data["format"],
                                       note=form.cleaned_data["note"])
        messages.success(request, "Your request is sent. The co-production manager will arrange it before the meeting.")
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/form_page.html", {
        "meeting": meeting, "form": form, "title": "Papers in another format",
        "intro": "Tell us what would help you take part. The co-production manager arranges it before the meeting.",
    })


def _late_confirm(request: HttpRequest, late: LatePaperRequest, data: dict[str, Any]) -> HttpResponse:
    """The chair's decision asks first: what goes out late, to whom, or that it does not."""
    meeting, approve = late.meeting, data["decision"] == "approve"
    invited = counted(len(selectors.invitees(meeting)), "person", "people")
    if not approve:
        question, button = "Refuse the late papers?", "Yes, refuse them"
        details = ["Nothing is sent late. Your decision and note are recorded with the meeting."]
    elif late.paper_version_id:
        question, button = "Approve the late paper?", "Yes, approve it and send it"
        details = [f"“{late.paper_version.paper.title}” (version {late.paper_version.number}) goes out now to "
                   f"everyone invited ({invited}), after the papers deadline."]
    else:
        question, button = "Approve sending the pack late?", "Yes, approve it"
        details = [f"The co-production manager can then send the pack to everyone invited ({invited}), after the "
                   "papers deadline."]
    return confirmation_page(request, Confirmation(
        question=question, button=button, details=details, caption=f"{meeting.title}, {meeting.starts_at:%-d %B %Y}",
        back_url=reverse("meetings:late_request_decide", args=[late.pk]), warning_button=not approve,
        hidden={"decision": data["decision"], "note": data["note"]},
        warning="Your decision is recorded and cannot be changed."))


@login_required
def late_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair approves (or not) a late pack or a late paper."""
    late = access.get_late_request_for_user(request.user, pk)
    if not late.meeting.is_chaired_by(request.user):
        raise PermissionDenied(services.ONLY_THE_CHAIR)
    form = LateDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and late.status == LatePaperRequest.Status.PENDING:
        if not is_confirmed(request):
            return _late_confirm(request, late, form.cleaned_data)
        try:
            services.late_request_decide(request=late, by=request.user,
                                         approve=form.cleaned_data["decision"] == "approve",
                                         note=form.cleaned_data["note"])
        except packs.MustFixFindings as error:
            form.add_error("decision", str(error))
        else:
            messages.success(request, "Your decision is saved.")
            return redirect("meetings:meeting_detail", pk=late.meeting_id)
    blockers = (selectors.must_fix_blockers(late.meeting, versions=[late.paper_version_id])
                if late.paper_version_id else [])
    return render(request, "meetings/late_request_decide.html", {"late": late, "form": form,
                                                                 "meeting": late.meeting, "blockers": blockers})


# --- The plain-language check of a paper -----------------------------------------------------------------

@login_required
def paper_check(request: HttpRequest, paper_pk: int, version_pk: int) -> HttpResponse:
    """A version's check: counts, scores, the findings in order and the text with each one marked. The
    author or the manager acknowledges a finding with a reason; the chair may let the paper go out as it is."""
    version = access.get_checked_version_for_user(request.user, paper_pk, version_pk)
    paper, meeting = version.paper, version.paper.meeting
    findings = selectors.findings_for(version)
    may_acknowledge = access.may_change_paper(request.user, paper)
    is_chair = meeting.is_chaired_by(request.user)
    override = CheckOverride.objects.filter(version=version).select_related("decided_by").first()
    form: Any = None  # a bound form with errors, for the error summary
    error_key = ""
    override_form = OverrideForm(prefix="override")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "acknowledge" and may_acknowledge:
            key = request.POST.get("finding", "")
            finding = next((f for f in findings if f.key == key), None)
            if finding is None:
                raise Http404("Not found")
            form = AcknowledgeForm(request.POST, prefix=f"ack-{key}")
            if form.is_valid():
                services.finding_acknowledge(finding=finding, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, f"“{finding.text[:60]}” is acknowledged.")
                return redirect(f"{request.path}#{finding.anchor}")
            error_key = key
        elif action == "override" and is_chair and override is None:
            form = override_form = OverrideForm(request.POST, prefix="override")
            if form.is_valid():
                services.check_override(version=version, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, "You agreed this paper can go out as it is. Your reason is recorded.")
                return redirect(request.path)
        elif action in ("acknowledge", "override"):
            return render(request, "403.html", {"reason": "Only the author, the co-production manager or the "
                                                "chair can do that."}, status=403)
        else:
            return redirect(request.path)  # nothing asked for: show the page again
    report = version.check_report or {}
    counts = report.get("counts") or {}
    open_must_fix = sum(1 for f in findings if f.is_must_fix and f.acknowledged_at is None)
    return render(request, "meetings/paper_check.html", {
        "version": version, "paper": paper, "meeting": meeting, "report": report, "findings": findings,
        "counts": [(label, counts[kind]) for kind, label in language_check.KIND_LABELS.items() if counts.get(kind)],
        "labels": language_check.KIND_LABELS, "text": language_check.marked_text(report, findings),
        "open_must_fix": open_must_fix, "may_acknowledge": may_acknowledge, "is_chair": is_chair,
        "override": override, "override_form": override_form, "form": form, "error_key": error_key, "is_current": paper.current_version_id == version.pk,
        "is_manager": _is_manager(request.user), "rewritable": language_check.REWRITABLE,
    })


# --- Calendars ------------------------------------------------------------------------------------------

def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    return _calendar_response(ics.build_calendar([meeting], method=ics.PUBLISH), f"meeting-{meeting.pk}.ics")


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """Make, replace or stop the private calendar link. The secret is shown once, right after it is made."""
    secret_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.feed_token_revoke(person=request.user)
            messages.success(request, "Your calendar link no longer works.")
            return redirect("meetings:calendar_settings")
        token, secret = services.feed_token_create(person=request.user)
        secret_url = absolute_url(reverse("meetings:calendar_feed", args=[token.public_id, secret]))
    live = CalendarFeedToken.objects.filter(person=request.user, revoked_at__isnull=True).first()
    return render(request, "meetings/calendar_settings.html", {"live": live, "secret_url": secret_url})


@require_GET
def calendar_feed(request: HttpRequest, public_id: str, secret: str) -> HttpResponse:
    """Public (calendar apps do not sign in): the link's secret is the key. 404 for anything wrong."""
    person = services.feed_token_check(public_id=public_id, secret=secret)
    if person is None:
        raise Http404("Not found")
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    meetings = access.invited_meetings(person).filter(ends_at__gte=since).order_by("starts_at")[:500]
    response = _calendar_response(ics.build_calendar(meetings, method=ics.PUBLISH, name="My meetings"),
                                  "meetings.ics")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- Decisions ------------------------------------------------------------------------------------------

DECISION_LOG_FIELDS = ("title", "decided_on", "due_on", "status", "meeting__group__name", "owner__full_name")

@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    def log() -> dict[str, Any]:  # drawn when not kept since the last change (coproduction.kept_pages)
        form = DecisionSearchForm(request.GET or None)
        query, group_id, status = "", None, ""
        if form.is_valid():
            query = form.cleaned_data["q"].strip()
            group_id = form.cleaned_data["group"].pk if form.cleaned_data["group"] else None
            status = form.cleaned_data["status"]
        # The log reads the columns it shows: no decision or reasons text, meeting details or the owner's account.
        listed = (access.visible_decisions(request.user).select_related(None)
                  .select_related("meeting__group", "owner").only(*DECISION_LOG_FIELDS))
        decisions = selectors.search_decisions(listed, query=query, group_id=group_id, status=status)
        page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        return {
            "form": form, "page": page, "query": query, "querystring": params.urlencode(),
            "filtered": bool(group_id or status),
            "window": selectors.SEARCH_WINDOW if query and page.paginator.count >= selectors.SEARCH_WINDOW else None,
        }

    return render(request, "meetings/decision_list.html", {
        "kept": Kept(request, "decision-log", log, reads=("q", "group", "status", "page")),
        "can_record": _is_manager(request.user)})


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = access.get_decision_for_user(request.user, pk)
    history = decision.history.select_related("history_user").order_by("-history_date")[:50]
    return render(request, "meetings/decision_detail.html", {"decision": decision, "history": history,
                                                             "can_edit": _is_manager(request.user)})
