"""Minutes agreed with the people who were there.

The draft goes first to the leaders who attended, then to everyone who attended, for comments; each comment
is kept with who wrote it, and the meeting's chair accepts it (changing the minutes) or answers it. When every
comment has one or the other the chair sends the minutes to the group, and the chair of the next meeting of
the group records that it approved them. Every move is a `coproduction.transitions.transition` (one history),
every email a `coproduction.mail.queue_email`, and only the chair acts (`Meeting.is_chaired_by`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coproduction.mail import absolute_url, queue_email
from coproduction.models import User
from coproduction.roles import Capability, has_capability
from coproduction.transitions import create_with_history, transition

from . import selectors
from .files import clean_written_text
from .models import Attendance, Meeting, Minutes, MinutesComment

ONLY_THE_CHAIR = "Only the chair of the meeting can do this."
NEXT_CHAIR = "Only the chair of the meeting that approved the minutes can record it."


def _require_chair(meeting: Meeting, by: User) -> None:
    if not meeting.is_chaired_by(by):
        raise PermissionDenied(ONLY_THE_CHAIR)


def attendees(meeting: Meeting) -> list[User]:
    """Who attended, leaders first, then by name (one query, plus one for each person's roles)."""
    people = [a.person for a in Attendance.objects.filter(meeting=meeting, person__is_active=True)
              .select_related("person")]
    return sorted(people, key=lambda person: (not is_leader(person), person.full_name.lower(), person.pk))


def is_leader(person: User) -> bool:
    """An Expert by Experience leader: they see the draft first."""
    return has_capability(person, Capability.TAKE_PART)


def _in_round(minutes: Minutes, person: User) -> bool:
    """The person attended and the draft has reached them (leaders in the first round, everyone after).
    One query, whatever the number of attendees."""
    if minutes.status == Minutes.Status.DRAFT or not getattr(person, "is_authenticated", False):
        return False
    if not Attendance.objects.filter(meeting_id=minutes.meeting_id, person_id=person.pk).exists():
        return False
    return minutes.status != Minutes.Status.WITH_LEADERS or is_leader(person)


def may_comment(minutes: Minutes, person: User) -> bool:
    """Attendees may comment while the minutes are with them."""
    return minutes.is_open_for_comments and _in_round(minutes, person)


def may_read_draft(minutes: Minutes, person: User) -> bool:
    """Once sent to the group, everyone invited; before, the chair, the manager, and the attendees whose
    round has come."""
    if minutes.group_may_read or minutes.meeting.is_chaired_by(person):
        return True
    return has_capability(person, Capability.MANAGE_MEETINGS) or _in_round(minutes, person)


def _review_url(meeting: Meeting) -> str:
    return absolute_url(reverse("meetings:minutes_review", args=[meeting.pk]))


def _tell(people: list[User], *, key: str, template: str, minutes: Minutes, **context: object) -> int:
    told = 0
    for person in people:
        if not person.email:
            continue
        queue_email(key=f"{key}:{person.pk}", to=person.email, recipient=person, template=template,
                    context={"person": person, "minutes": minutes, "meeting": minutes.meeting,
                             "url": _review_url(minutes.meeting), **context})
        told += 1
    return told


def minutes_save(*, meeting: Meeting, text: str, by: User) -> Minutes:
    """Write or change the draft (the manager or the chair). Not once the minutes have gone to the group."""
    text = clean_written_text(text)
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
        if minutes is None:
            return create_with_history(Minutes(meeting=meeting, text=text), by=by, note="Draft written")
        if minutes.status == Minutes.Status.APPROVED:
            raise ValidationError("These minutes are approved and can no longer be changed.")
        if minutes.status == Minutes.Status.CIRCULATED:
            raise ValidationError("These minutes have gone to the group; the next meeting approves them as they are.")
        minutes.text = text
        minutes._history_user = by
        minutes.save()
    return minutes


def minutes_send_for_comments(*, minutes: Minutes, by: User) -> int:
    """The chair sends the draft to the leaders who attended (or, if none did, to everyone who attended).
    Returns how many people were told."""
    meeting = minutes.meeting
    _require_chair(meeting, by)
    people = attendees(meeting)
    if not people:
        raise ValidationError("Record who attended first: the draft goes to them for comments.")
    leaders = [p for p in people if is_leader(p)]
    to = Minutes.Status.WITH_LEADERS if leaders else Minutes.Status.WITH_ATTENDEES
    with transaction.atomic():
        moved = transition(minutes, to=to, allowed_from=[Minutes.Status.DRAFT], by=by,
                           note="Sent to the leaders who attended" if leaders else "Sent to everyone who attended")
        if moved is None:
            raise ValidationError("The draft has already been sent for comments.")
        return _tell(leaders or people, key=f"minutes-review:{minutes.pk}:{to}", template="meetings-minutes-review",
                     minutes=minutes, leaders_first=bool(leaders))


def minutes_open_to_attendees(*, minutes: Minutes, by: User) -> int:
    """After the leaders, the chair sends the draft to everyone else who attended."""
    _require_chair(minutes.meeting, by)
    with transaction.atomic():
        moved = transition(minutes, to=Minutes.Status.WITH_ATTENDEES, allowed_from=[Minutes.Status.WITH_LEADERS],
                           by=by, note="Sent to everyone who attended")
        if moved is None:
            raise ValidationError("The draft is not with the leaders now.")
        others = [p for p in attendees(minutes.meeting) if not is_leader(p)]
        return _tell(others, key=f"minutes-review:{minutes.pk}:{Minutes.Status.WITH_ATTENDEES}",
                     template="meetings-minutes-review", minutes=minutes, leaders_first=False)


def comment_add(*, minutes: Minutes, by: User, text: str) -> MinutesComment:
    """An attendee comments on the draft while it is with them. The chair is told."""
    text = clean_written_text(text).strip()
    if not text:
        raise ValidationError("Write your comment.")
    if not may_comment(minutes, by):
        raise PermissionDenied("Only the people who attended can comment, while the draft is with them.")
    comment = create_with_history(MinutesComment(minutes=minutes, author=by, round=minutes.status, text=text),
                                  by=by, note="Comment made")
    chair = minutes.meeting.chair
    if chair is not None and chair.email and chair.pk != by.pk:
        queue_email(key=f"minutes-comment:{comment.pk}", to=chair.email, recipient=chair,
                    template="meetings-minutes-comment", context={
                        "person": chair, "comment": comment, "minutes": minutes, "meeting": minutes.meeting,
                        "url": _review_url(minutes.meeting)})
    return comment


def comment_respond(*, comment: MinutesComment, by: User, accept: bool, answer: str = "") -> MinutesComment:
    """The chair accepts a comment (and changes the minutes) or answers it; the person who wrote it is told."""
    minutes = comment.minutes
    _require_chair(minutes.meeting, by)
    answer = clean_written_text(answer).strip()
    if not accept and not answer:
        raise ValidationError("Write your answer to the comment.")
    if not minutes.is_open_for_comments:
        raise ValidationError("The minutes are no longer open for comments.")
    status = MinutesComment.Status.ACCEPTED if accept else MinutesComment.Status.ANSWERED
    with transaction.atomic():
        moved = transition(comment, to=status, allowed_from=[MinutesComment.Status.OPEN], by=by,
                           note=answer[:300] or "Accepted", answer=answer, answered_by=by,
                           answered_at=timezone.now())
        if moved is None:
            raise ValidationError("This comment already has an answer.")
        _tell([comment.author], key=f"minutes-answer:{comment.pk}", template="meetings-minutes-answer",
              minutes=minutes, comment=comment)
    return comment


def minutes_circulate(*, minutes: Minutes, by: User) -> int:
    """The chair sends the agreed minutes to the group, once every comment is accepted or answered."""
    _require_chair(minutes.meeting, by)
    if minutes.comments.filter(status=MinutesComment.Status.OPEN).exists():
        raise ValidationError("Accept or answer every comment before the minutes go to the group.")
    with transaction.atomic():
        moved = transition(minutes, to=Minutes.Status.CIRCULATED, allowed_from=Minutes.OPEN_FOR_COMMENTS, by=by,
                           note="Sent to the group")
        if moved is None:
            raise ValidationError("The minutes go to the group after the people who attended have seen them.")
        return _tell(selectors.invitees(minutes.meeting), key=f"minutes-circulated:{minutes.pk}",
                     template="meetings-minutes-circulated", minutes=minutes)


def minutes_approve(*, minutes: Minutes, at_meeting: Meeting, by: User) -> Minutes:
    """The next meeting of the group approves the minutes; its chair records it."""
    if at_meeting.group_id != minutes.meeting.group_id or at_meeting.starts_at <= minutes.meeting.starts_at:
        raise ValidationError("Minutes are approved at a later meeting of the same group.")
    if not at_meeting.is_chaired_by(by):
        raise PermissionDenied(NEXT_CHAIR)
    with transaction.atomic():
        moved = transition(minutes, to=Minutes.Status.APPROVED, allowed_from=[Minutes.Status.CIRCULATED], by=by,
                           note=f"Approved at {at_meeting}", approved_at_meeting=at_meeting, approved_by=by,
                           approved_at=timezone.now())
        if moved is None:
            raise ValidationError("Only minutes that went to the group can be approved.")
        transition(minutes.meeting, to=Meeting.Status.MINUTES_APPROVED, allowed_from=[Meeting.Status.HELD,
                   Meeting.Status.PAPERS_SENT, Meeting.Status.PLANNED], by=by, note="Minutes approved")
    return minutes
