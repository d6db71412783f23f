"""Pages for the co-production manager (MANAGE_MEETINGS): planning, agenda, papers, sending the pack,
attendance, minutes, decisions and the notice report; and notice rules for admins (CONFIGURE)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coproduction import keeping
from coproduction.confirm import Confirmation, confirmation_page
from coproduction.models import GovernanceGroup, User
from coproduction.roles import Capability, has_capability, require_capability
from coproduction.wording import counted

from . import access, formats, packs, reports, selectors, services
from . import minutes as minutes_service
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    DecisionForm,
    GuestForm,
    MeetingForm,
    MinutesForm,
    NoticeRuleForm,
    PaperForm,
    PaperVersionForm,
    PeriodForm,
    ReasonForm,
)
from .models import (
    DEFAULT_NOTICE_DAYS,
    AccessibleFormatRequest,
    AgendaItem,
    Decision,
    LatePaperRequest,
    Meeting,
    Minutes,
    NoticeRule,
    PackDispatch,
    Paper,
    PaperVersion,
)
from .packs import LateApprovalNeeded, MustFixFindings

manage = require_capability(Capability.MANAGE_MEETINGS)
FEW = 20  # names a confirmation page lists before "and 5 others"


@manage
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {key: data[key] for key in ("group", "title", "starts_at", "ends_at", "place", "online_details",
                                             "accessibility", "chair")}
        deadline = Meeting(group=data["group"], starts_at=data["starts_at"]).deadline
        if deadline < timezone.now() and request.POST.get("deadline_passed_ok") != "yes":
            warning = (f"The papers deadline for this meeting, {deadline:%A %-d %B %Y}, has already passed. "
                       "You can still plan it: the papers will go out late, and the chair must agree to that. "
                       "Press the button again to plan it, or choose a later date.")
            return render(request, "meetings/form_page.html", {
                "form": form, "title": "Plan a meeting", "multipart": False, "warning": warning,
                "confirm_name": "deadline_passed_ok"})
        if data["repeat"] != "none" and data["count"] > 1:
            meetings = services.meeting_series_create(repeat=data["repeat"], count=data["count"], **fields)
            messages.success(request, f"{len(meetings)} meetings are planned.")
            return redirect("meetings:meeting_detail", pk=meetings[0].pk)
        meeting = services.meeting_create(**fields)
        messages.success(request, "The meeting is planned.")
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/form_page.html", {
        "form": form, "title": "Plan a meeting", "multipart": False,
        "intro": "The papers deadline is worked out from the group's notice rule once you save.",
    })


@manage
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    form = MeetingForm(request.POST or None, editing=True, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.meeting_update(meeting=meeting, by=request.user, **{
            key: data[key] for key in ("title", "starts_at", "ends_at", "place", "online_details", "accessibility",
                                       "chair")})
        messages.success(request, "The meeting is updated. If invites had gone out, everyone gets the new details.")
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/form_page.html", {"form": form, "title": "Change the meeting",
                                                       "meeting": meeting})


@manage
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.meeting_cancel(meeting=meeting, reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, "The meeting is cancelled. Everyone who had an invite is told.")
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    told = (f"Everyone invited ({counted(len(selectors.invitees(meeting)), 'person', 'people')}) is sent the "
            "reason, and the meeting is taken out of their calendars." if meeting.dispatches.exists() else
            "No invites have gone out yet, so no one is emailed. The meeting shows as cancelled in the portal.")
    return render(request, "meetings/form_page.html", {
        "form": form, "title": "Cancel the meeting?", "meeting": meeting, "intro": told,
        "warning": "A cancelled meeting cannot be planned again: plan a new one instead.",
        "go_back": reverse("meetings:meeting_detail", args=[meeting.pk])})


@manage
def guest_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.meeting_guest_add(meeting=meeting, person=form.cleaned_data["person"])
        messages.success(request, f"{form.cleaned_data['person'].full_name} is invited.")
        return redirect("meetings:guest_add", pk=meeting.pk)
    return render(request, "meetings/guests.html", {"form": form, "title": "Guests", "meeting": meeting,
                                                    "guests": meeting.guests.order_by("full_name")})


@manage
@require_POST
def guest_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    person = get_object_or_404(meeting.guests, pk=person_pk)
    services.meeting_guest_remove(meeting=meeting, person=person)
    messages.success(request, f"{person.full_name} is no longer invited as a guest.")
    return redirect("meetings:guest_add", pk=meeting.pk)


@manage
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.agenda_item_add(meeting=meeting, title=data["title"], purpose=data["purpose"], lead=data["lead"],
                                 minutes_allowed=data["minutes_allowed"])
        messages.success(request, "The item is on the agenda.")
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/form_page.html", {"form": form, "title": "Add an agenda item",
                                                       "meeting": meeting})


@manage
def paper_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    late = selectors.pack_sent(meeting) is not None
    form = PaperForm(request.POST or None, request.FILES or None, meeting=meeting, late=late)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                paper = services.paper_create(meeting=meeting, title=data["title"], by=request.user,
                                              agenda_item=data["agenda_item"], author=data["author"])
                version = None if data.get("later") else _add_version(paper, data, request.user)
        except (ValidationError, LateApprovalNeeded) as error:
            form.add_error("file" if isinstance(error, ValidationError) else "late_reason",
                           error.messages[0] if isinstance(error, ValidationError) else str(error))
        else:
            return _after_save(request, version, _saved_message(late, data.get("later")), meeting.pk)
    return render(request, "meetings/form_page.html", {"form": form, "title": "Add a paper", "meeting": meeting,
                                                       "multipart": True})


def _add_version(paper: Any, data: dict[str, Any], user: Any) -> Any:
    upload = data.get("file")
    return services.paper_version_add(
        paper=paper, by=user, summary=data.get("summary") or "",
        content=upload.read() if upload else None, filename=upload.name if upload else "",
        written_text=data.get("written_text") or "", late_reason=data.get("late_reason") or "")


def _after_save(request: HttpRequest, version: Any, saved: str, meeting_pk: int) -> HttpResponse:
    """Say what the plain-language check found; show the check when there is something to look at."""
    report = (version.check_report or {}) if version is not None else {}
    if version is None or not (report.get("error") or report.get("must_fix") or report.get("advice")):
        messages.success(request, saved)
        return redirect("meetings:meeting_detail", pk=meeting_pk)
    if report.get("error"):
        messages.warning(request, f"{saved} We could not check it: {report['error']}")
    elif report.get("must_fix"):
        messages.warning(request, f"{saved} The check found {report['must_fix']} thing"
                                  f"{'s' if report['must_fix'] != 1 else ''} that must be fixed before it goes out.")
    else:
        messages.success(request, f"{saved} The check has some suggestions to make it easier to read.")
    return redirect("meetings:paper_check", paper_pk=version.paper_id, version_pk=version.pk)


def _saved_message(late: bool, later: bool | None = False) -> str:
    if later:
        return "The paper is expected. Its author will be reminded before the deadline."
    if late:
        return "The paper is saved. It goes out once the chair approves it."
    return "The paper is saved."


def paper_version_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version of a paper, by the manager or the paper's author."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    paper = access.get_paper_for_user(request.user, pk)
    late = selectors.pack_sent(paper.meeting) is not None
    form = PaperVersionForm(request.POST or None, request.FILES or None, late=late,
                            initial={"summary": paper.summary})
    if request.method == "POST" and form.is_valid():
        try:
            version = _add_version(paper, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_error("file", error.messages[0])
        except LateApprovalNeeded as error:
            form.add_error("late_reason", str(error))
        else:
            return _after_save(request, version, _saved_message(late), paper.meeting_id)
    return render(request, "meetings/form_page.html", {
        "form": form, "title": f"New version of “{paper.title}”", "meeting": paper.meeting, "multipart": True,
        "intro": "Each upload is kept as a new version; people see the newest one."})


@manage
def pack_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Check the pack, then send it. Past the deadline, ask the chair first."""
    meeting = access.get_meeting_for_user(request.user, pk)
    papers = selectors.papers_for(meeting)
    invited = selectors.invitees(meeting)
    late = timezone.now() > meeting.deadline
    approved = selectors.approved_late_pack(meeting)
    pending = meeting.late_requests.filter(kind="late_pack", status="pending").first()
    reason_form = ReasonForm(request.POST or None if request.POST.get("action") == "ask_chair" else None)
    if request.method == "POST":
        if request.POST.get("action") == "ask_chair":
            if reason_form.is_valid():
                services.late_request_create(meeting=meeting, reason=reason_form.cleaned_data["reason"],
                                             by=request.user)
                messages.success(request, "The chair is asked to approve sending the papers late.")
                return redirect("meetings:pack_send", pk=meeting.pk)
        else:
            try:
                dispatch = packs.pack_send(meeting=meeting, by=request.user)
            except (LateApprovalNeeded, MustFixFindings) as error:
                messages.error(request, str(error))
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                dispatch.refresh_from_db(fields=["enqueue_error"])
                if dispatch.enqueue_error:
                    messages.warning(request, dispatch.enqueue_error)
                else:
                    messages.success(request, f"The pack is being sent to {len(invited)} people.")
                return redirect("meetings:dispatch_detail", pk=meeting.pk, dispatch_pk=dispatch.pk)
    return render(request, "meetings/pack_send.html", {
        "meeting": meeting, "papers": papers, "invited": invited, "late": late, "approved": approved,
        "pending": pending, "form": reason_form, "already": selectors.pack_sent(meeting),
        "missing": [paper for paper in papers if paper.latest is None],
        "blockers": selectors.must_fix_blockers(meeting), "unchecked": selectors.unchecked_versions(meeting),
    })


@manage
def dispatch_detail(request: HttpRequest, pk: int, dispatch_pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    dispatch = get_object_or_404(PackDispatch.objects.select_related("sent_by", "late_request"), pk=dispatch_pk,
                                 meeting=meeting)
    recipients = list(selectors.recipients_of(dispatch))
    return render(request, "meetings/dispatch_detail.html", {
        "meeting": meeting, "dispatch": dispatch, "recipients": recipients,
        "counts": selectors.dispatch_counts(dispatch, recipients), **formats.pack_formats(dispatch)})


@manage
def dispatch_retry(request: HttpRequest, pk: int, dispatch_pk: int) -> HttpResponse:
    """Try again to send every copy of this dispatch that could not be sent (the GET asks first)."""
    meeting = access.get_meeting_for_user(request.user, pk)
    dispatch = get_object_or_404(PackDispatch, pk=dispatch_pk, meeting=meeting)
    if request.method != "POST":
        failed = list(selectors.failed_copies(dispatch).select_related("recipient").order_by("to")[:FEW + 1])
        total = selectors.failed_copies(dispatch).count() if len(failed) > FEW else len(failed)
        back = reverse("meetings:dispatch_detail", args=[meeting.pk, dispatch.pk])
        if not total:
            messages.info(request, "There was nothing to send again.")
            return redirect(back)
        names = [f"{email.recipient.full_name if email.recipient else email.to} ({email.to})" for email in failed[:FEW]]
        more = [f"and {counted(total - FEW, 'other')}"] if total > FEW else []
        return confirmation_page(request, Confirmation(
            question=f"Send {counted(total, 'copy', 'copies')} of the pack again?", back_url=back,
            button=f"Yes, send {'it' if total == 1 else 'them'} again", caption=f"{meeting.title}, pack",
            details=[f"Each copy that could not be sent is sent again, to: {', '.join(names + more)}.",
                     "If a copy was refused because of a wrong address, change the address first."],
            warning="An email cannot be called back once it is sent."))
    count = packs.dispatch_retry(dispatch=dispatch, by=request.user)
    if count:
        messages.success(request, f"Trying again to send {count} {'copy' if count == 1 else 'copies'}.")
    else:
        messages.info(request, "There was nothing to send again.")
    return redirect("meetings:dispatch_detail", pk=meeting.pk, dispatch_pk=dispatch.pk)


@manage
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    current = {a.person_id: a.mode for a in meeting.attendances.all()}
    invited = selectors.invitees(meeting)
    known = {person.pk for person in invited}
    invited += list(User.objects.filter(pk__in=[pid for pid in current if pid not in known]))
    form = AttendanceForm(request.POST or None, invited=invited, current=current)
    if request.method == "POST" and form.is_valid():
        problems = services.attendance_record(meeting=meeting, entries=form.entries(), by=request.user)
        for problem in problems:
            messages.warning(request, problem)
        messages.success(request, "Attendance is saved.")
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/form_page.html", {"form": form, "title": "Who attended", "meeting": meeting})


@manage
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write or change the draft minutes; the chair then sends them to the people who attended."""
    meeting = access.get_meeting_for_user(request.user, pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes and minutes.status in (Minutes.Status.APPROVED, Minutes.Status.CIRCULATED):
        messages.info(request, "These minutes have gone to the group and can no longer be changed.")
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    form = MinutesForm(request.POST or None, initial={"text": minutes.text if minutes else ""})
    if request.method == "POST" and form.is_valid():
        minutes_service.minutes_save(meeting=meeting, text=form.cleaned_data["text"], by=request.user)
        messages.success(request, "The draft minutes are saved.")
        return redirect("meetings:minutes_review", pk=meeting.pk)
    return render(request, "meetings/minutes_edit.html", {"form": form, "meeting": meeting, "minutes": minutes})


@manage
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    form = DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.decision_create(meeting=meeting, title=data["title"], decision=data["decision"],
                                 rationale=data["rationale"], agenda_item=data["agenda_item"], owner=data["owner"],
                                 due_on=data["due_on"], status=data["status"])
        messages.success(request, "The decision is in the log.")
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/form_page.html", {"form": form, "title": "Record a decision",
                                                       "meeting": meeting})


@manage
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = access.get_decision_for_user(request.user, pk)
    form = DecisionForm(request.POST or None, instance=decision, meeting=decision.meeting)
    if request.method == "POST" and form.is_valid():
        services.decision_update(decision=decision, changes={key: form.cleaned_data[key] for key in form.Meta.fields})
        messages.success(request, "The decision is updated.")
        return redirect("meetings:decision_detail", pk=decision.pk)
    return render(request, "meetings/form_page.html", {"form": form, "title": "Change a decision",
                                                       "meeting": decision.meeting})


@manage
def format_requests(request: HttpRequest) -> HttpResponse:
    """Accessible format requests for meetings still to come, oldest first; done ones at the end."""
    open_requests = (AccessibleFormatRequest.objects.filter(meeting__ends_at__gte=timezone.now())
                     .select_related("meeting", "meeting__group", "person", "done_by")
                     .order_by("done_at", "meeting__starts_at", "requested_at"))
    return render(request, "meetings/format_requests.html", {"requests": open_requests,
                                                             "to_post": formats.to_post(), "postal_days": formats.postal_days()})


@manage
@require_POST
def format_request_done(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AccessibleFormatRequest, pk=pk)
    services.format_request_done(request=item, by=request.user)
    messages.success(request, "Marked as done.")
    return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/meetings/")
                    else "meetings:format_requests")


def compliance_report(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (has_capability(request.user, Capability.MANAGE_MEETINGS)
            or has_capability(request.user, Capability.VIEW_DECISIONS)):
        raise PermissionDenied("Your role does not let you see the notice report.")
    today = timezone.localdate()
    default_start = today - dt.timedelta(days=365)
    form = PeriodForm(request.GET or None, initial={"start": default_start, "end": today})
    start, end = default_start, today
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    report = reports.notice_compliance_counted(start=start, end=end,
                                               not_before=keeping.last_change(request.session))
    return render(request, "meetings/compliance_report.html", {"form": form, "rows": report.rows, "start": start,
                                                               "end": end, "report": report})


@require_capability(Capability.CONFIGURE)
def notice_rules(request: HttpRequest) -> HttpResponse:
    groups = GovernanceGroup.objects.select_related("notice_rule").order_by("name")
    return render(request, "meetings/notice_rules.html", {"groups": groups,
                                                          "default_days": DEFAULT_NOTICE_DAYS})


@require_capability(Capability.CONFIGURE)
def notice_rule_edit(request: HttpRequest, group_pk: int) -> HttpResponse:
    group = get_object_or_404(GovernanceGroup, pk=group_pk)
    rule = NoticeRule.objects.filter(group=group).first()
    form = NoticeRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        services.notice_rule_set(group=group, days=form.cleaned_data["days"], kind=form.cleaned_data["kind"])
        messages.success(request, f"The notice rule for {group.name} is saved.")
        return redirect("meetings:notice_rules")
    return render(request, "meetings/form_page.html", {"form": form, "title": f"Notice rule: {group.name}"})


@manage
def meeting_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every recorded change to the meeting, its papers, dispatches, late requests and decisions."""
    meeting = access.get_meeting_for_user(request.user, pk)
    entries: list[tuple[Any, str, Any]] = []
    sources = [
        ("Meeting", Meeting.history.filter(id=meeting.pk)),
        ("Paper", Paper.history.filter(meeting_id=meeting.pk)),
        ("Paper version", PaperVersion.history.filter(
            paper_id__in=Paper.objects.filter(meeting=meeting).values("pk"))),
        ("Sending", PackDispatch.history.filter(meeting_id=meeting.pk)),
        ("Late papers", LatePaperRequest.history.filter(meeting_id=meeting.pk)),
        ("Decision", Decision.history.filter(meeting_id=meeting.pk)),
        ("Agenda item", AgendaItem.history.filter(meeting_id=meeting.pk)),
    ]
    for label, queryset in sources:
        for record in queryset.select_related("history_user")[:200]:
            entries.append((record.history_date, label, record))
    entries.sort(key=lambda entry: entry[0], reverse=True)
    return render(request, "meetings/meeting_history.html", {"meeting": meeting, "entries": entries[:300]})
