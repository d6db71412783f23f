"""Who may see which meetings, papers, checks and decisions (the pattern is in `coproduction.access`).

- The co-production manager (MANAGE_MEETINGS) sees every meeting and paper.
- Everyone else sees the meetings they are invited to: a member of the group on the meeting's day, or a
  named guest; board members (VIEW_BOARD_PAPERS) also see every board meeting.
- Held paper versions (late, waiting for the chair) are for the manager and the paper's author; their check is
  also for the meeting's chair, who decides.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from coproduction.access import get_owned, get_visible, refuse
from coproduction.models import GovernanceGroup, Membership
from coproduction.roles import Capability, has_capability

from .deadlines import LONDON
from .models import AgendaItem, Decision, LatePaperRequest, Meeting, Paper, PaperVersion


def meetings_base() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("group", "group__notice_rule", "chair")


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=LONDON)  # midnight is never inside a clock change


def _member_on_meeting_day(user: Any) -> Q:
    """The meetings of the person's groups held on a day they were a member (in London, from the day the
    membership started to the day it ended, both included), as start-time ranges per membership: one small
    query for the memberships, and a list of meetings reads the meetings' own index, not a subquery a meeting."""
    condition = Q(pk__in=[])
    for group_id, started_on, ended_on in Membership.objects.filter(person=user).values_list(
            "group_id", "started_on", "ended_on"):
        during = Q(group_id=group_id, starts_at__gte=_local_midnight(started_on))
        if ended_on is not None:
            during &= Q(starts_at__lt=_local_midnight(ended_on + dt.timedelta(days=1)))
        condition |= during
    return condition


def _invited(user: Any) -> Q:
    guest = Meeting.guests.through.objects.filter(meeting=OuterRef("pk"), user=user)
    return _member_on_meeting_day(user) | Q(Exists(guest))


def invited_meetings(user: Any) -> QuerySet[Meeting]:
    """Meetings the person is invited to: a member of the group on the day, or a named guest."""
    return meetings_base().filter(_invited(user))


def is_invited(user: Any, meeting: Meeting) -> bool:
    return invited_meetings(user).filter(pk=meeting.pk).exists()


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    if not getattr(user, "is_authenticated", False):
        return Meeting.objects.none()
    if has_capability(user, Capability.MANAGE_MEETINGS):
        return meetings_base()
    condition = _invited(user)
    if has_capability(user, Capability.VIEW_BOARD_PAPERS):
        condition |= Q(group__kind=GovernanceGroup.Kind.BOARD)
    return meetings_base().filter(condition)


def get_meeting_for_user(user: Any, meeting_pk: int) -> Meeting:
    return get_visible(visible_meetings(user), meeting_pk, user=user, what="meeting")


def get_agenda_item_for_user(user: Any, meeting_pk: int, item_pk: int) -> AgendaItem:
    """An item on the agenda of a meeting the person may see (404 for another meeting's item)."""
    meeting = get_meeting_for_user(user, meeting_pk)
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_pk).select_related("lead").first()
    if item is None:
        raise refuse(user, f"agenda item {item_pk}") if AgendaItem.objects.filter(pk=item_pk).exists() \
            else Http404("Not found")
    item.meeting = meeting
    return item


def may_change_paper(user: Any, paper: Paper) -> bool:
    """Add versions to a paper and acknowledge its findings: the manager, or the paper's author."""
    return has_capability(user, Capability.MANAGE_MEETINGS) or paper.author_id == user.pk


def _sees_held(user: Any, version: PaperVersion, *, chair: bool = False) -> bool:
    return not version.held or may_change_paper(user, version.paper) or (
        chair and version.paper.meeting.is_chaired_by(user))


def get_paper_version_for_user(user: Any, paper_pk: int, version_pk: int) -> PaperVersion:
    """A version the person may download: invited to its meeting (held versions: manager and author only)."""
    version = get_owned(PaperVersion.objects.select_related("paper").filter(paper_id=paper_pk), version_pk,
                        user=user, what="held paper version")
    version.paper.meeting = get_meeting_for_user(user, version.paper.meeting_id)
    if not _sees_held(user, version):
        raise refuse(user, f"held paper version {version_pk}")
    return version


def get_checked_version_for_user(user: Any, paper_pk: int, version_pk: int) -> PaperVersion:
    """A version whose check the person may see: the people who may download it, and the meeting's chair
    (who decides on late papers and overrides)."""
    version = get_owned(PaperVersion.objects.select_related("paper", "paper__author").filter(paper_id=paper_pk),
                        version_pk, user=user, what="check of paper version")
    version.paper.meeting = get_meeting_for_user(user, version.paper.meeting_id)
    if not _sees_held(user, version, chair=True):
        raise refuse(user, f"check of held paper version {version_pk}")
    return version


def get_paper_for_user(user: Any, paper_pk: int) -> Paper:
    """A paper the person may add a version to: the manager, or the paper's author."""
    return get_owned(Paper.objects.select_related("meeting", "meeting__group", "agenda_item"), paper_pk,
                     user=user, what="paper", may_see=lambda paper: may_change_paper(user, paper))


def visible_decisions(user: Any) -> QuerySet[Decision]:
    decisions = Decision.objects.select_related("meeting", "meeting__group", "agenda_item", "owner")
    if has_capability(user, Capability.VIEW_DECISIONS):
        return decisions
    groups = Membership.objects.current().filter(person=user).values("group_id")
    return decisions.filter(meeting__group_id__in=groups)


def get_decision_for_user(user: Any, decision_pk: int) -> Decision:
    return get_visible(visible_decisions(user), decision_pk, user=user, what="decision")


def get_late_request_for_user(user: Any, pk: int) -> LatePaperRequest:
    """A request to send papers late, for the people invited to its meeting (only the chair decides it)."""
    late = get_owned(LatePaperRequest.objects.select_related("requested_by", "paper_version__paper"), pk,
                     user=user, what="late paper request")
    late.meeting = get_meeting_for_user(user, late.meeting_id)
    return late
