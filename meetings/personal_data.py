"""Meetings: what this app holds about a person (never a calendar link's secret), and erasure."""

from __future__ import annotations

from typing import Any

from coproduction.privacy import ERASED_TEXT, iso, register_section

from .format_models import CommunicationNeeds, FormatDelivery
from .models import (
    AccessibleFormatRequest,
    Attendance,
    CalendarFeedToken,
    Decision,
    LatePaperRequest,
    MinutesComment,
    PackRecipient,
    Paper,
)


def collect(user: Any) -> dict[str, Any]:
    return {
        "attendance": [
            {"meeting": a.meeting.title, "on": iso(a.meeting.starts_at), "mode": a.get_mode_display()}
            for a in Attendance.objects.filter(person=user).select_related("meeting").order_by("meeting__starts_at")
        ],
        "papers_you_wrote": [
            {"title": p.title, "meeting": p.meeting.title, "summary": p.summary}
            for p in Paper.objects.filter(author=user).select_related("meeting").order_by("pk")
        ],
        "format_requests": [
            {"meeting": r.meeting.title, "format": r.get_format_display(), "note": r.note,
             "requested_at": iso(r.requested_at), "done_at": iso(r.done_at)}
            for r in AccessibleFormatRequest.objects.filter(person=user).select_related("meeting")
        ],
        "meeting_packs_sent_to_you": [
            {"meeting": p.dispatch.meeting.title, "papers_attached": p.attached, "read_at": iso(p.read_at)}
            for p in PackRecipient.objects.filter(person=user).select_related("dispatch__meeting").order_by("pk")
        ],
        "calendar_links": [
            {"created_at": iso(t.created_at), "revoked_at": iso(t.revoked_at), "last_used_at": iso(t.last_used_at)}
            for t in CalendarFeedToken.objects.filter(person=user)
        ],
        "late_paper_requests_you_made": [
            {"meeting": r.meeting.title, "kind": r.get_kind_display(), "reason": r.reason,
             "requested_at": iso(r.requested_at), "status": r.get_status_display()}
            for r in LatePaperRequest.objects.filter(requested_by=user).select_related("meeting")
        ],
        "communication_needs": [
            {"large_print": n.large_print, "web_version": n.web_version, "audio": n.audio,
             "printed_by_post": n.printed_by_post, "postal_address": n.postal_address, "easy_read": n.easy_read,
             "interpreter": n.interpreter, "supporter": n.supporter, "note": n.note,
             "chairs_may_see_support": n.share_with_chairs, "updated_at": iso(n.updated_at)}
            for n in CommunicationNeeds.objects.filter(person=user)
        ],
        "formats_sent_to_you": [
            {"meeting": d.dispatch.meeting.title, "format": d.get_kind_display(), "due_at": iso(d.due_at),
             "done_at": iso(d.done_at)}
            for d in FormatDelivery.objects.filter(person=user).select_related("dispatch__meeting")
        ],
        "comments_on_minutes": [
            {"meeting": c.minutes.meeting.title, "comment": c.text, "made_at": iso(c.created_at),
             "status": c.get_status_display(), "answer": c.answer}
            for c in MinutesComment.objects.filter(author=user).select_related("minutes__meeting")
        ],
        "decisions_you_carry_out": [
            {"title": d.title, "meeting": d.meeting.title, "due_on": iso(d.due_on), "status": d.get_status_display()}
            for d in Decision.objects.filter(owner=user).select_related("meeting")
        ],
    }


def erase(user: Any) -> None:
    CalendarFeedToken.objects.filter(person=user).delete()
    CommunicationNeeds.history.filter(person=user).delete()
    CommunicationNeeds.objects.filter(person=user).delete()
    AccessibleFormatRequest.objects.filter(person=user).exclude(note="").update(note=ERASED_TEXT)
    AccessibleFormatRequest.history.filter(person=user).exclude(note="").update(note=ERASED_TEXT)


register_section("meetings", collect, erase)
