"""Home-page items about meetings: papers to read, late papers awaiting the chair, comments on minutes
awaiting the chair, requests to arrange and printed copies to post, papers to write, copies that could not be
sent. Eight queries at most, whatever the data size."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from coproduction.attention import AttentionItem, register
from coproduction.roles import Capability, has_capability
from coproduction.wording import counted

from . import selectors
from .format_models import FormatDelivery
from .minutes_models import MinutesComment
from .models import AccessibleFormatRequest, LatePaperRequest, PackDispatch, PackRecipient, Paper


@register
def meeting_attention(user: Any) -> list[AttentionItem]:
    now = timezone.now()
    items: list[AttentionItem] = []
    unread = (PackRecipient.objects.filter(person=user, read_at__isnull=True, dispatch__kind=PackDispatch.Kind.PACK,
                                           dispatch__meeting__starts_at__gte=now)
              .exclude(dispatch__meeting__status="cancelled")
              .select_related("dispatch__meeting").order_by("dispatch__meeting__starts_at")[:5])
    for recipient in unread:
        meeting = recipient.dispatch.meeting
        items.append(AttentionItem(
            title=f"Papers for {meeting.title}",
            detail=f"Meeting on {timezone.localtime(meeting.starts_at):%A %-d %B %Y}.",
            url=reverse("meetings:meeting_detail", args=[meeting.pk]), link_text="Read the papers"))
    pending = (LatePaperRequest.objects.filter(meeting__chair=user, status=LatePaperRequest.Status.PENDING)
               .select_related("meeting")[:5])
    for late in pending:
        items.append(AttentionItem(title=f"Late papers for {late.meeting.title} need your approval",
                                   detail=late.get_kind_display(),
                                   url=reverse("meetings:late_request_decide", args=[late.pk]),
                                   link_text="Decide"))
    waiting = (MinutesComment.objects.filter(minutes__meeting__chair=user, status=MinutesComment.Status.OPEN)
               .values("minutes__meeting_id", "minutes__meeting__title").distinct()[:5])
    for row in waiting:
        items.append(AttentionItem(title=f"Comments on the minutes of {row['minutes__meeting__title']}",
                                   detail="Accept or answer each one before the minutes go to the group.",
                                   url=reverse("meetings:minutes_review", args=[row["minutes__meeting_id"]]),
                                   link_text="Answer the comments"))
    for paper in (Paper.objects.filter(author=user, current_version__isnull=True, meeting__starts_at__gte=now)
                  .exclude(meeting__status="cancelled").select_related("meeting")[:5]):
        items.append(AttentionItem(title=f"Paper to write: {paper.title}", detail=f"For {paper.meeting.title}.",
                                   url=reverse("meetings:paper_version_add", args=[paper.pk]),
                                   link_text="Add the paper"))
    if has_capability(user, Capability.MANAGE_MEETINGS):
        for dispatch in selectors.dispatches_with_failures(now)[:5]:
            items.append(AttentionItem(
                title=f"{dispatch.failed} {'copy' if dispatch.failed == 1 else 'copies'} of the "
                      f"{dispatch.get_kind_display().lower()} for {dispatch.meeting.title} could not be sent",
                detail="See the reasons and try again.",
                url=reverse("meetings:dispatch_detail", args=[dispatch.meeting_id, dispatch.pk]),
                link_text="See who has not got it"))
        open_count = AccessibleFormatRequest.objects.filter(done_at__isnull=True,
                                                            meeting__starts_at__gte=now).count()
        if open_count:
            items.append(AttentionItem(title=f"{counted(open_count, 'accessible format request')} to arrange",
                                       url=reverse("meetings:format_requests"), link_text="See the requests"))
        to_post = FormatDelivery.objects.filter(kind=FormatDelivery.Kind.POST, done_at__isnull=True).count()
        if to_post:
            items.append(AttentionItem(title=f"{to_post} printed cop{'y' if to_post == 1 else 'ies'} of papers to post",
                                       url=reverse("meetings:format_requests") + "#to-post",
                                       link_text="See what to post"))
    return items
