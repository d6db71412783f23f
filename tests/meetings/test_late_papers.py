"""Late papers need a reason and the chair's approval, mark the meeting, and show on the notice report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from meetings import packs, services
from meetings.models import LatePaperRequest, Meeting, PackDispatch
from meetings.packs import LateApprovalNeeded
from meetings.reports import notice_compliance
from tests.factories import GroupFactory
from tests.meetings.factories import MeetingFactory, NoticeRuleFactory, add_member, london, paper_with_text

pytestmark = pytest.mark.django_db(transaction=True)

AFTER_DEADLINE = dt.datetime(2027, 3, 12, 9, 0, tzinfo=dt.UTC)  # deadline was 9 March 17:00; meeting 16 March


def test_sending_after_the_deadline_needs_the_chairs_approval(meeting, manager, leader):
    paper_with_text(meeting, by=manager)
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        with pytest.raises(LateApprovalNeeded):
            packs.pack_send(meeting=meeting, by=manager)

        request = services.late_request_create(meeting=meeting, reason="The finance figures came late.",
                                               by=manager)
        chair_email = mail.outbox[-1]
        assert chair_email.to == [manager.email]  # the manager chairs this meeting in the fixture
        assert "The finance figures came late." in chair_email.body

        with pytest.raises(PermissionDenied):
            services.late_request_decide(request=request, by=leader, approve=True)
        with pytest.raises(LateApprovalNeeded):
            packs.pack_send(meeting=meeting, by=manager)

        services.late_request_decide(request=request, by=manager, approve=True)
        dispatch = packs.pack_send(meeting=meeting, by=manager)

    dispatch.refresh_from_db()
    assert dispatch.on_time is False and dispatch.late_request == request
    meeting.refresh_from_db()
    assert meeting.late_papers is True
    pack = next(m for m in mail.outbox if m.to == [leader.email])
    assert "later than we promised" in pack.body and "The finance figures came late." in pack.body


def test_a_refused_request_does_not_let_the_pack_go(meeting, manager):
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        request = services.late_request_create(meeting=meeting, reason="Forgot.", by=manager)
        services.late_request_decide(request=request, by=manager, approve=False)
        with pytest.raises(LateApprovalNeeded):
            packs.pack_send(meeting=meeting, by=manager)
    meeting.refresh_from_db()
    assert meeting.late_papers is False


def test_a_paper_replaced_after_the_pack_waits_for_the_chair_then_goes_to_everyone(meeting, manager, leader):
    paper, first = paper_with_text(meeting, by=manager)
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        packs.pack_send(meeting=meeting, by=manager)
    mail.outbox.clear()

    with time_machine.travel(AFTER_DEADLINE, tick=False):
        with pytest.raises(LateApprovalNeeded):
            services.paper_version_add(paper=paper, by=manager, summary="Corrected.", content=b"v2",
                                       filename="v2.txt")
        version = services.paper_version_add(paper=paper, by=manager, summary="Corrected figures.",
                                             content=b"Corrected paper", filename="v2.txt",
                                             late_reason="A figure in table 2 was wrong.")
        paper.refresh_from_db()
        assert version.held and paper.current_version == first
        assert [m.to for m in mail.outbox] == [[manager.email]]  # only the chair is asked
        request = LatePaperRequest.objects.get(paper_version=version)

        services.late_request_decide(request=request, by=manager, approve=True)

    paper.refresh_from_db()
    version.refresh_from_db()
    assert paper.current_version == version and not version.held
    late_dispatch = PackDispatch.objects.get(kind=PackDispatch.Kind.LATE_PAPERS)
    assert list(late_dispatch.paper_versions.all()) == [version]
    message = next(m for m in mail.outbox if m.to == [leader.email])
    assert message.subject.startswith("Late paper for")
    assert [a[0] for a in message.attachments] == [version.download_filename]


def test_the_chair_approves_in_the_portal(meeting, manager, client_for):
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        request = services.late_request_create(meeting=meeting, reason="Delayed.", by=manager)
        client = client_for(manager)
        url = reverse("meetings:late_request_decide", args=[request.pk])
        assert "Delayed." in client.get(url).content.decode()
        asked = client.post(url, {"decision": "approve", "note": "Fine this once."}).content.decode()
        assert "Approve sending the pack late?" in asked and "No, go back" in asked  # it asks first
        assert LatePaperRequest.objects.get(pk=request.pk).status == LatePaperRequest.Status.PENDING
        response = client.post(url, {"decision": "approve", "note": "Fine this once.", "confirmed": "yes"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == LatePaperRequest.Status.APPROVED and request.decided_by == manager


def test_someone_else_cannot_approve(meeting, manager, leader, client_for):
    request = services.late_request_create(meeting=meeting, reason="Delayed.", by=manager)
    response = client_for(leader).post(reverse("meetings:late_request_decide", args=[request.pk]),
                                       {"decision": "approve"})
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == LatePaperRequest.Status.PENDING


def test_the_notice_report_figures(manager):
    """Four board meetings: three packs on time (10, 8 and 7 days' notice), one late (2 days) with an approved
    reason; one meeting with no pack; one cancelled meeting left out. Working group: one late paper."""
    board = GroupFactory(name="Alliance Board")
    NoticeRuleFactory(group=board, days=7, kind="calendar")
    working = GroupFactory(name="Working group: access and waiting")
    NoticeRuleFactory(group=working, days=5, kind="working")
    for person in (manager,):
        add_member(board, person)
        add_member(working, person)

    def board_meeting(day, sent_days_before=None, late_reason=""):
        start = london(2027, 5, day, 10)
        meeting = MeetingFactory(group=board, chair=manager, starts_at=start, ends_at=start + dt.timedelta(hours=2))
        if sent_days_before is not None:
            with time_machine.travel(start - dt.timedelta(days=sent_days_before), tick=False):
                if late_reason:
                    request = services.late_request_create(meeting=meeting, reason=late_reason, by=manager)
                    services.late_request_decide(request=request, by=manager, approve=True)
                packs.pack_send(meeting=meeting, by=manager)
        return meeting

    board_meeting(11, 10)
    board_meeting(12, 8)
    board_meeting(13, 7)  # sent at 10:00 seven days before: before the 17:00 deadline
    board_meeting(14, 2, late_reason="The chair's report was delayed.")
    board_meeting(18)  # no pack yet
    cancelled = board_meeting(19)
    services.meeting_cancel(meeting=cancelled, reason="No quorum.", by=manager)

    start = london(2027, 5, 20, 10)
    wg = MeetingFactory(group=working, chair=manager, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    paper, _ = paper_with_text(wg, by=manager)
    with time_machine.travel(london(2027, 5, 10, 9), tick=False):
        packs.pack_send(meeting=wg, by=manager)
        version = services.paper_version_add(paper=paper, by=manager, summary="New.", content=b"x",
                                             filename="x.txt", late_reason="New data arrived.")
        services.late_request_decide(request=LatePaperRequest.objects.get(paper_version=version), by=manager,
                                     approve=True)
    MeetingFactory(group=working, starts_at=london(2027, 7, 1, 10), ends_at=london(2027, 7, 1, 11))  # outside

    rows = {row.group_name: row for row in notice_compliance(start=dt.date(2027, 5, 1), end=dt.date(2027, 5, 31))}

    board_row = rows["Alliance Board"]
    assert board_row.meetings == 5
    assert board_row.packs_sent == 4
    assert board_row.on_time == 3
    assert board_row.share_on_time == Decimal("75.0")
    assert board_row.median_notice_days == 7.5
    assert [late.reason for late in board_row.late] == ["The chair's report was delayed."]
    assert board_row.late_meetings == 1

    wg_row = rows["Working group: access and waiting"]
    assert (wg_row.meetings, wg_row.packs_sent, wg_row.on_time, wg_row.median_notice_days) == (1, 1, 1, 10)
    assert [late.reason for late in wg_row.late] == ["New data arrived."]
    assert Meeting.objects.get(pk=wg.pk).late_papers is True
