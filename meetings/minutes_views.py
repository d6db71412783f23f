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
from django.views.decorators.http import require_POST

from . import access
from . import minutes as minutes_service
from .forms import MinutesAnswerForm, MinutesApproveForm, MinutesCommentForm
from .models import Meeting, Minutes


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


@login_required
@require_POST
def minutes_chair(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair's actions: send the draft to the leaders who attended, then to everyone who attended; answer a
    comment; send the minutes to the group."""
    minutes = _minutes_for(request, pk)
    if not minutes.meeting.is_chaired_by(request.user):
        raise PermissionDenied(minutes_service.ONLY_THE_CHAIR)
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
