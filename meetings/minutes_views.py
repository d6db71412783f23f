"""Pages for agreeing the minutes with the people who were there (`meetings.minutes`): the draft and its
comments for the attendees whose round has come, and the chair's actions. Permission first: the meeting
must be visible (404 otherwise); what each person may do is asked of `meetings.minutes`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduction.confirm import Confirmation, confirmation_page, is_confirmed
from coproduction.wording import counted

from . import access, selectors
from . import minutes as minutes_service
from .forms import MinutesAnswerForm, MinutesApproveForm, MinutesCommentForm
from .models import Meeting, Minutes

CHAIR_SENDS = ("send", "open", "circulate")  # each asks first
FEW = 20  # names a confirmation page lists before "and 5 others"


def _minutes_for(request: HttpRequest, pk: int) -> Minutes:
    meeting = access.get_meeting_for_user(request.user, pk)
    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_at_meeting").first()
    if minutes is None or not minutes_service.may_read_draft(minutes, request.user):
        raise Http404("Not found")
    minutes.meeting = meeting
    return minutes


def _approving_meetings(minutes: Minutes, user: Any) -> list[Meeting]:
    """Later meetings of the group that this person chairs: they record that the minutes were approved."""
    return list(Meeting.objects.filter(group_id=minutes.meeting.group_id, starts_at__gt=minutes.meeting.starts_at,
                                       chair_id=getattr(user, "pk", None))
                .exclude(status=Meeting.Status.CANCELLED).order_by("starts_at"))


@login_required
def minutes_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft minutes, every comment with who wrote it and the chair's answer, and a comment form."""
    minutes = _minutes_for(request, pk)
    meeting = minutes.meeting
    form = MinutesCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            minutes_service.comment_add(minutes=minutes, by=request.user, text=form.cleaned_data["text"])
        except (PermissionDenied, ValidationError) as error:
            form.add_error("text", error.messages[0] if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, "Thank you. Your comment is sent to the chair.")
            return redirect("meetings:minutes_review", pk=meeting.pk)
    is_chair = meeting.is_chaired_by(request.user)
    comments = list(minutes.comments.select_related("author", "answered_by"))
    answer_forms = {c.pk: MinutesAnswerForm(prefix=f"c{c.pk}") for c in comments if c.is_open} if is_chair else {}
    approvers = _approving_meetings(minutes, request.user) if minutes.status == Minutes.Status.CIRCULATED else []
    approve_form = MinutesApproveForm(meeting=meeting) if approvers else None
    if approve_form is not None:
        approve_form.fields["at_meeting"].queryset = Meeting.objects.filter(pk__in=[m.pk for m in approvers])
    return render(request, "meetings/minutes_review.html", {
        "meeting": meeting, "minutes": minutes, "comments": [(c, answer_forms.get(c.pk)) for c in comments],
        "form": form if minutes_service.may_comment(minutes, request.user) else None, "is_chair": is_chair,
        "open_count": sum(1 for c in comments if c.is_open), "approve_form": approve_form,
        "history": minutes.history.select_related("history_user").order_by("history_date")[:50],
    })


def _who(people: list[Any]) -> str:
    names = [person.full_name for person in people[:FEW]]
    if len(people) > FEW:
        names.append(f"and {counted(len(people) - FEW, 'other')}")
    return ", ".join(names) or "no one"


def _chair_confirmation(request: HttpRequest, minutes: Minutes, action: str) -> HttpResponse:
    """Each of the chair's sends asks first, naming who gets the minutes."""
    meeting = minutes.meeting
    people = minutes_service.attendees(meeting)
    leaders = [person for person in people if minutes_service.is_leader(person)]
    if action == "send":
        to = leaders or people
        question, button = "Send the draft minutes for comments?", "Yes, send the draft"
        first = ("the leaders who attended" if leaders else "everyone who attended")
        details = [f"The draft goes to {first} ({counted(len(to), 'person', 'people')}): {_who(to)}.",
                   "They can read it and comment. Then you send it to everyone else who attended."]
    elif action == "open":
        to = [person for person in people if not minutes_service.is_leader(person)]
        question, button = "Send the draft minutes to everyone who attended?", "Yes, send the draft"
        details = [f"The draft goes to {counted(len(to), 'more person', 'more people')}: {_who(to)}.",
                   "They can read it and comment too."]
    else:
        to = selectors.invitees(meeting)
        question, button = "Send the minutes to the group?", "Yes, send the minutes"
        details = [f"The minutes go to everyone invited to the meeting ({counted(len(to), 'person', 'people')}).",
                   "Comments close. The next meeting approves them."]
    back = reverse("meetings:minutes_review", args=[meeting.pk])
    return confirmation_page(request, Confirmation(
        question=question, button=button, details=details, back_url=back, hidden={"action": action},
        caption=f"{meeting.title}, {meeting.starts_at:%-d %B %Y}",
        warning="An email cannot be called back once it is sent."))


@login_required
def minutes_chair(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair's actions: send the draft to the leaders who attended, then to everyone who attended; answer a
    comment; send the minutes to the group. Each send asks first (its GET)."""
    minutes = _minutes_for(request, pk)
    if not minutes.meeting.is_chaired_by(request.user):
        raise PermissionDenied(minutes_service.ONLY_THE_CHAIR)
    if request.method != "POST":
        if request.GET.get("action") not in CHAIR_SENDS:
            raise Http404("Not found")
        return _chair_confirmation(request, minutes, request.GET["action"])
    action = request.POST.get("action", "")
    try:
        if action == "send":
            told = minutes_service.minutes_send_for_comments(minutes=minutes, by=request.user)
            messages.success(request, f"The draft is sent to {told} {'person' if told == 1 else 'people'} "
                                      "who attended, for comments.")
        elif action == "open":
            told = minutes_service.minutes_open_to_attendees(minutes=minutes, by=request.user)
            messages.success(request, f"The draft is sent to {told} more {'person' if told == 1 else 'people'}.")
        elif action == "circulate":
            told = minutes_service.minutes_circulate(minutes=minutes, by=request.user)
            messages.success(request, f"The minutes are sent to the group ({told} people).")
        elif action == "respond":
            comment = get_object_or_404(minutes.comments, pk=request.POST.get("comment") or 0)
            form = MinutesAnswerForm(request.POST, prefix=f"c{comment.pk}")
            if not form.is_valid():
                messages.error(request, "Choose to accept the comment, or write your answer.")
            else:
                minutes_service.comment_respond(comment=comment, by=request.user,
                                                accept=form.cleaned_data["decision"] == "accept",
                                                answer=form.cleaned_data["answer"])
                messages.success(request, f"Your answer to {comment.author.full_name} is saved and sent.")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("meetings:minutes_review", pk=minutes.meeting_id)


@login_required
@require_POST
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair of a later meeting records that it approved the minutes."""
    minutes = _minutes_for(request, pk)
    form = MinutesApproveForm(request.POST, meeting=minutes.meeting)
    if form.is_valid() and not is_confirmed(request):
        at = form.cleaned_data["at_meeting"]
        if not at.is_chaired_by(request.user):
            raise PermissionDenied(minutes_service.NEXT_CHAIR)
        meeting = minutes.meeting
        return confirmation_page(request, Confirmation(
            question="Record that the minutes are approved?", button="Yes, record that they are approved",
            caption=f"{meeting.title}, {meeting.starts_at:%-d %B %Y}",
            back_url=reverse("meetings:minutes_review", args=[meeting.pk]),
            hidden={"at_meeting": str(at.pk)},
            details=[f"The minutes of {meeting.title} on {meeting.starts_at:%-d %B %Y} are recorded as approved at "
                     f"the meeting on {at.starts_at:%-d %B %Y}, by you as its chair."],
            warning="Approved minutes cannot be changed."))
    if form.is_valid():
        try:
            minutes_service.minutes_approve(minutes=minutes, at_meeting=form.cleaned_data["at_meeting"],
                                            by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "The minutes are recorded as approved.")
    else:
        messages.error(request, "Choose the meeting that approved the minutes.")
    return redirect("meetings:minutes_review", pk=minutes.meeting_id)
