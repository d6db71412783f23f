"""Each role's journey done in Chromium at 1280 and at 320 pixels wide: forms filled with valid data, saved, and
the saved result checked. On every page: axe finds no violations, the page does not scroll sideways, the console
shows no errors and no response is a server error."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.utils import timezone

from coproduction.audit import record_event
from coproduction.models import Membership
from meetings.models import Decision, Meeting
from payments import services as payment_services
from payments.models import Claim, PayableActivity, PaymentRun, Rate
from tests.browser.conftest import assert_accessible
from tests.factories import GroupFactory, MembershipFactory
from tests.meetings.factories import NoticeRuleFactory
from tests.payments.conftest import rates  # noqa: F401 - fixture
from tests.payments.factories import bank, paid_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = [1280, 320]


class Journey:
    """A signed-in person's browser tab that checks every page it lands on."""

    def __init__(self, browser, live_server, user, width: int) -> None:
        self.context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.width, self.errors, self.failures, self.checked = width, [], [], 0
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("response", lambda response: self.failures.append(f"{response.status} {response.url}")
                     if response.status >= 500 else None)
        client = Client()
        client.force_login(user)
        self.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                   "domain": urlparse(live_server.url).hostname, "path": "/"}])

    def check(self) -> None:
        self.page.wait_for_load_state()
        assert_accessible(self.page)
        scroll = self.page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= self.width, f"{self.page.url} scrolls sideways at {self.width}px ({scroll}px wide)"
        assert not self.errors, f"{self.page.url}: console errors {self.errors}"
        assert not self.failures, f"server errors: {self.failures}"
        self.checked += 1

    def go(self, path: str) -> None:
        self.page.goto(path)
        self.check()

    def click(self, role: str, name: str) -> None:
        self.page.get_by_role(role, name=name, exact=True).first.click()
        self.check()

    def menu(self, name: str) -> None:
        """Follow a link in the main menu (on a phone, open the menu first)."""
        toggle = self.page.locator(".govuk-service-navigation__toggle")
        if toggle.is_visible():
            toggle.click()
        self.click("link", name)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def journey(browser, live_server):
    opened = []

    def start(user, width):
        opened.append(Journey(browser, live_server, user, width))
        return opened[-1]

    yield start
    for tab in opened:
        tab.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_manager_plans_changes_and_decides(journey, manager, leader, board_member, width):
    group = GroupFactory(name="Working group: crisis support")
    NoticeRuleFactory(group=group, days=5, kind="working")
    MembershipFactory(group=group, person=leader, started_on=dt.date(2020, 1, 1))
    MembershipFactory(group=group, person=manager, started_on=dt.date(2020, 1, 1),
                      role_in_group=Membership.RoleInGroup.STAFF)
    day = timezone.localdate() + dt.timedelta(days=40)
    tab = journey(manager, width)
    page = tab.page

    tab.go("/meetings/")
    tab.click("link", "Plan a meeting")
    page.get_by_label("Group").select_option(label="Working group: crisis support")
    page.get_by_label("Title").fill("Crisis support working group")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("12:00")
    page.get_by_label("Place (optional)").fill("Room 1, The Hub")
    page.get_by_label("Chair (optional)").select_option(label=manager.full_name)
    tab.click("button", "Plan the meeting")
    page.get_by_role("heading", name="Crisis support working group").wait_for()
    meeting = Meeting.objects.get(title="Crisis support working group")

    # Change the meeting: the date is shown, only the place is changed, nothing else is lost.
    tab.click("link", "Change the time or place")
    assert page.get_by_label("Date").input_value() == day.isoformat()
    page.get_by_label("Place (optional)").fill("Room 2, The Hub")
    tab.click("button", "Save changes")
    meeting.refresh_from_db()
    assert (meeting.place, timezone.localtime(meeting.starts_at).date(), meeting.chair) == (
        "Room 2, The Hub", day, manager)

    # A guest is invited, then removed.
    tab.click("link", "Invite or remove guests")
    page.get_by_label("Person to invite").select_option(label=board_member.full_name)
    tab.click("button", "Invite as a guest")
    assert list(meeting.guests.all()) == [board_member]
    tab.click("button", f"Remove {board_member.full_name}")
    assert not meeting.guests.exists()

    # A decision with a due date, then marked done without losing the date.
    tab.go(f"/meetings/{meeting.pk}/")
    tab.click("link", "Record a decision")
    page.get_by_label("Short title").fill("Extend helpline hours")
    page.get_by_label("What was decided").fill("Open the helpline until midnight.")
    page.get_by_label("Due by (optional)").fill((day + dt.timedelta(days=60)).isoformat())
    page.get_by_label("Agreed").check()
    tab.click("button", "Save the decision")
    decision = Decision.objects.get(title="Extend helpline hours")
    tab.go(f"/meetings/decisions/{decision.pk}/change/")
    page.get_by_label("Done").check()
    tab.click("button", "Save the decision")
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DONE and decision.due_on == day + dt.timedelta(days=60)
    assert tab.checked >= 10


@pytest.mark.usefixtures("rates")
@pytest.mark.parametrize("width", WIDTHS)
def test_a_leader_adds_a_long_day_and_starts_a_claim(journey, leader, width):
    kind = str(Rate.objects.select_related("activity_type").first().activity_type)
    tab = journey(leader, width)
    page = tab.page
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    tab.go("/payments/")
    tab.click("link", "Add something you did")
    page.get_by_label("What did you do?").select_option(label=kind)
    page.get_by_label("When did you do it?").fill(yesterday.strftime("%d/%m/%Y"))
    page.get_by_label("How many hours?").fill("20")
    tab.click("button", "Add this activity")
    assert PayableActivity.objects.get(person=leader).hours == 20

    tab.click("button", "Make a claim")
    assert page.get_by_text("20 hours").count() and not page.get_by_text("E+1").count()
    page.get_by_label(kind, exact=False).first.check()
    tab.click("button", "Continue")
    claim = Claim.objects.get(person=leader)
    assert list(claim.fee_lines.values_list("activity__hours", flat=True)) == [20]


@pytest.mark.usefixtures("rates")
@pytest.mark.parametrize("width", WIDTHS)
def test_finance_confirms_the_bank_paid_a_run(journey, leader, manager, finance, width):
    bank(leader)
    days = [(timezone.localdate() - dt.timedelta(days=n)).isoformat() for n in (3, 4)]
    claim = paid_claim(leader, manager, finance, days)
    run, _held = payment_services.run_build(by=finance, method=PaymentRun.Method.BANK_FILE,
                                            payment_date=timezone.localdate() + dt.timedelta(days=2))
    tab = journey(finance, width)

    tab.go(f"/payments/runs/{run.pk}/")
    tab.click("button", "The bank has paid this run")
    assert tab.page.get_by_role("heading", name="Has the bank paid this run?").count() == 1
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_RUN  # asked first, nothing paid yet
    tab.click("button", "Yes, the bank has paid these claims")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID


@pytest.mark.parametrize("width", WIDTHS)
def test_the_admin_filters_the_audit_trail_and_finds_the_settings(journey, admin_user, leader, width):
    record_event("signed_in", actor=leader)
    record_event("sign_in_failed", detail="someone@example.org")
    tab = journey(admin_user, width)
    tab.go("/")
    tab.menu("Settings")
    tab.click("link", "Notice rules")
    tab.go("/audit/")
    tab.page.get_by_label("What happened").select_option(label="Signed in")
    tab.click("button", "Show")
    rows = [row.inner_text() for row in tab.page.locator("tbody tr").all()]
    assert any(leader.full_name in row for row in rows) and all("Signed in" in row for row in rows)
    assert not any("someone@example.org" in row for row in rows)
