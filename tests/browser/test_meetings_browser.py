"""The manager plans a meeting, adds an agenda item and a paper and sends the pack; a leader opens the
meeting, downloads the paper and says they have read it. Every page passes axe with no violations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from coproduction.models import Membership
from meetings.models import Meeting, PackRecipient
from tests.browser.conftest import assert_accessible
from tests.factories import GroupFactory, MembershipFactory
from tests.meetings.factories import NoticeRuleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_manager_sends_the_pack_and_a_leader_reads_it(page, live_server, manager, leader, tmp_path):
    group = GroupFactory(name="Working group: crisis support")
    NoticeRuleFactory(group=group, days=5, kind="working")
    MembershipFactory(group=group, person=leader, started_on=dt.date(2020, 1, 1))
    MembershipFactory(group=group, person=manager, started_on=dt.date(2020, 1, 1),
                      role_in_group=Membership.RoleInGroup.STAFF)
    day = timezone.localdate() + dt.timedelta(days=30)

    sign_in(page, live_server, manager)
    page.goto("/meetings/")
    assert_accessible(page)
    page.get_by_role("link", name="Plan a meeting").click()
    assert_accessible(page)
    page.get_by_label("Group").select_option(label="Working group: crisis support")
    page.get_by_label("Title").fill("Crisis support working group")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("12:00")
    page.get_by_label("Place (optional)").fill("Room 1, The Hub")
    page.get_by_label("Chair (optional)").select_option(label=manager.full_name)
    page.get_by_role("button", name="Plan the meeting").click()

    page.get_by_role("heading", name="Crisis support working group").wait_for()
    assert "Papers deadline" in page.content()
    assert_accessible(page)
    meeting = Meeting.objects.get(title="Crisis support working group")

    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Helpline opening hours")
    page.get_by_label("For decision").check()
    page.get_by_role("button", name="Add to the agenda").click()
    page.get_by_role("heading", name="1. Helpline opening hours").wait_for()

    page.get_by_role("link", name="Add a paper").click()
    assert_accessible(page)
    page.get_by_label("Title of the paper").fill("Helpline proposal")
    page.get_by_label("Agenda item (optional)").select_option(label="1. Helpline opening hours")
    paper_file = tmp_path / "helpline.md"
    paper_file.write_text("# Helpline proposal\n\nOpen until midnight.\n", encoding="utf-8")
    page.get_by_label("Upload the paper").set_input_files(str(paper_file))
    page.get_by_label("Summary in plain words").fill("We ask the group to agree longer helpline hours.")
    page.get_by_role("button", name="Add the paper").click()
    page.get_by_text("The paper is saved.").wait_for()

    page.get_by_role("link", name="Send the pack").click()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, send the pack to 2 people").click()
    page.get_by_role("heading", name="Agenda and papers: who has it").wait_for()
    assert_accessible(page)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([leader.email, manager.email])

    sign_in(page, live_server, leader)
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_role("heading", name="Crisis support working group").wait_for()
    assert "Manage this meeting" not in page.content()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download Helpline proposal").click()
    download = download_info.value
    assert download.suggested_filename == "helpline-proposal-v1.md"
    assert Path(download.path()).read_text(encoding="utf-8").startswith("# Helpline proposal")

    page.get_by_role("button", name="I have read the papers").click()
    page.get_by_text("You told us you read the papers").wait_for()
    assert_accessible(page)
    assert PackRecipient.objects.get(person=leader).read_at is not None


def test_the_meeting_pages_of_the_demo_are_accessible(page, live_server, monkeypatch):
    from coproduction.models import User
    from meetings.models import LatePaperRequest
    from tests.factories import load_demo, with_totp

    # Only the people, recruitment and the meetings: other apps' demos are tested by their own tests.
    load_demo(apps=["recruitment", "meetings"])
    manager = with_totp(User.objects.get(email="sam.carter@demo.example.org"))
    late = LatePaperRequest.objects.select_related("meeting").first()
    sign_in(page, live_server, manager)
    for url in ["/meetings/", "/meetings/decisions/", "/meetings/decisions/?q=helpline", "/meetings/notice-report/",
                "/meetings/formats/", "/meetings/calendar/", f"/meetings/{late.meeting_id}/",
                f"/meetings/{late.meeting_id}/history/", f"/meetings/{late.meeting_id}/attendance/",
                f"/meetings/{late.meeting_id}/minutes/", f"/meetings/{late.meeting_id}/decisions/add/",
                f"/meetings/{late.meeting_id}/sent/{late.meeting.dispatches.first().pk}/"]:
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page)

    chair = late.meeting.chair
    sign_in(page, live_server, chair)
    page.goto(f"/meetings/late/{late.pk}/")
    assert_accessible(page)
    page.goto(f"/meetings/{late.meeting_id}/formats/")
    assert_accessible(page)
    page.get_by_role("button", name="Send my request").click()  # nothing chosen: an error summary
    page.locator(".govuk-error-summary").wait_for()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
