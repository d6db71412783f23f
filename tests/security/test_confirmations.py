"""Every action that cannot be undone asks first (issue 17). For each one in tests/security/confirmations.py:
the page its button is on leads to a confirmation page (by a link, a GET form, or a POST of the page's form that
the action answers by asking); that page has a form posting to the action with a "Yes, ..." button and a "No,
go back" link; showing it changes nothing in the database and sends nothing; pressing "Yes" does the action.
And every POST view is classified, so a new form that acts at once fails here until it asks or is listed as
reversible with its reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.test import Client
from django.urls import reverse

from coproduction.mail import queue_email
from coproduction.models import Membership, OutgoingEmail
from engagement import services as engagement_services
from engagement.models import FeedbackDecisionLink, Update
from meetings import minutes as minutes_service
from meetings import packs
from meetings import services as meeting_services
from meetings.models import AgendaItem, LatePaperRequest, Meeting, Minutes, PackDispatch
from payments import services as payment_services
from payments.models import Claim, Expense, PaymentDetails, PaymentRun
from recruitment.models import Application
from tests.engagement.factories import DecisionFactory, FeedbackFactory, theme
from tests.meetings.conftest import group as group
from tests.meetings.conftest import meeting as meeting
from tests.meetings.factories import MeetingFactory, add_member, london
from tests.payments.conftest import rates  # noqa: F401 - fixtures
from tests.payments.factories import activity, bank, paid_claim, submitted_claim
from tests.recruitment.factories import apply, move_to
from tests.security.confirmations import CONFIRMED, REVERSIBLE
from tests.security.test_every_form_saves import post_views

pytestmark = pytest.mark.django_db
# Written on every request whatever the page: the session and its "last seen".
NOT_STATE = {"django_session", "usersessions_usersession"}


# --- reading a page ---------------------------------------------------------------------------------------

@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # what the form sends, without its buttons
    buttons: list[tuple[str, str, str]] = field(default_factory=list)  # name, value, words


class Page(HTMLParser):
    """The links and forms of a page, with each form's fields as a browser would send them."""

    def __init__(self, html: str, url: str) -> None:
        super().__init__()
        self.url, self.links, self.forms = url, [], []
        self._form: Form | None = None
        self._link: list[str] | None = None
        self._button: list[str] | None = None
        self._textarea: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "a" and "href" in a:
            self._link = [urljoin(self.url, unescape(a["href"])), ""]
        elif tag == "form":
            self._form = Form(a.get("method", "get").lower(), urljoin(self.url, unescape(a.get("action", ""))))
            self.forms.append(self._form)
        elif self._form is not None and tag == "input":
            kind = a.get("type", "text")
            if kind == "submit":
                self._form.buttons.append((a.get("name", ""), a.get("value", ""), a.get("value", "")))
            elif (kind not in ("checkbox", "radio") or "checked" in a) and a.get("name"):
                self._form.fields.append((a["name"], a.get("value", "")))
        elif self._form is not None and tag == "button" and a.get("type", "submit") == "submit":
            self._button = [a.get("name", ""), a.get("value", ""), ""]
        elif self._form is not None and tag == "textarea":
            self._textarea = [a.get("name", ""), ""]

    def handle_data(self, data: str) -> None:
        for open_tag in (self._link, self._button, self._textarea):
            if open_tag is not None:
                open_tag[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], " ".join(self._link[1].split())))
            self._link = None
        elif tag == "button" and self._button is not None and self._form is not None:
            self._form.buttons.append((self._button[0], self._button[1], " ".join(self._button[2].split())))
            self._button = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            if self._textarea[0]:
                self._form.fields.append((self._textarea[0], self._textarea[1].strip()))
            self._textarea = None
        elif tag == "form":
            self._form = None


def same(url: str, other: str) -> bool:
    """The same path and the same query (in any order)."""
    one, two = urlsplit(url), urlsplit(other)
    return one.path == two.path and sorted(parse_qsl(one.query)) == sorted(parse_qsl(two.query))


def leads_to(page: Page, target: str) -> bool:
    """A link to `target`, or a GET form whose fields and one of its buttons make `target`."""
    if any(same(href, target) for href, _ in page.links):
        return True
    for form in page.forms:
        if form.method != "get" or urlsplit(form.action).path != urlsplit(target).path:
            continue
        for name, value, _ in form.buttons or [("", "", "")]:
            sent = form.fields + ([(name, value)] if name else [])
            if sorted(sent) == sorted(parse_qsl(urlsplit(target).query)):
                return True
    return False


def database() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (the test database is small): nothing may change while a page only asks."""
    return {model._meta.label: list(model._base_manager.order_by("pk").values())
            for model in apps.get_models(include_auto_created=True) if model._meta.db_table not in NOT_STATE}


# --- the actions ------------------------------------------------------------------------------------------

@dataclass
class Case:
    user: Any  # None: someone not signed in (the applicant with their private link)
    page: str  # the page the button is on
    action: str  # where "Yes" posts
    done: Callable[[], bool]
    asks: str = ""  # the confirmation page, reached from `page` by a link or a GET form ...
    posts: dict[str, Any] | None = None  # ... or: what `page`'s form posts; the action answers by asking first
    fill: dict[str, str] = field(default_factory=dict)  # what the confirmation's own form asks for (a reason)
    yes: str = "Yes, "
    no: str | None = "No, go back"


@pytest.fixture
def june_2025():
    with time_machine.travel(dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _fx(request: pytest.FixtureRequest, *names: str) -> list[Any]:
    return [request.getfixturevalue(name) for name in names]


def failed_email(request):
    manager, leader = _fx(request, "manager", "leader")
    email = queue_email(key="confirm:1", to=leader.email, recipient=leader, template="test-note",
                        context={"name": "Jo"})
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.FAILED, error="550 No mailbox")
    page = reverse("emails_failed")
    return Case(manager, page, page, asks=f"{page}?email={email.pk}&confirm=yes",
                done=lambda: OutgoingEmail.objects.get(pk=email.pk).status != OutgoingEmail.Status.FAILED)


def membership_end(request):
    manager, leader, group = _fx(request, "manager", "leader", "group")
    membership = add_member(group, leader, started_on=dt.date(2024, 1, 1))
    url = reverse("membership_end", args=[leader.pk, membership.pk])
    return Case(manager, reverse("memberships_manage", args=[leader.pk]), url, asks=url,
                done=lambda: Membership.objects.get(pk=membership.pk).ended_on is not None)


def meeting_cancel(request):
    manager, meeting = _fx(request, "manager", "meeting")
    url = reverse("meetings:meeting_cancel", args=[meeting.pk])
    return Case(manager, reverse("meetings:meeting_detail", args=[meeting.pk]), url, asks=url,
                fill={"reason": "The room is closed for repairs."},
                done=lambda: Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CANCELLED)


def agenda_item_remove(request):
    manager, meeting = _fx(request, "manager", "meeting")
    meeting_services.agenda_item_add(meeting=meeting, title="Welcome")
    item = meeting_services.agenda_item_add(meeting=meeting, title="Crisis line hours")
    url = reverse("meetings:agenda_item_remove", args=[meeting.pk, item.pk])
    return Case(manager, reverse("meetings:agenda_manage", args=[meeting.pk]), url, asks=url,
                done=lambda: not AgendaItem.objects.filter(pk=item.pk).exists())


def pack_send(request):
    manager, meeting = _fx(request, "manager", "meeting")
    url = reverse("meetings:pack_send", args=[meeting.pk])
    return Case(manager, reverse("meetings:meeting_detail", args=[meeting.pk]), url, asks=url,
                done=lambda: PackDispatch.objects.filter(meeting=meeting).exists())


def dispatch_retry(request):
    manager, meeting = _fx(request, "manager", "meeting")
    with request.getfixturevalue("django_capture_on_commit_callbacks")(execute=True):  # the copies are made
        dispatch = packs.pack_send(meeting=meeting, by=manager)
    copies = OutgoingEmail.objects.filter(pk__in=dispatch.recipients.values("email_id"))
    copies.update(status=OutgoingEmail.Status.FAILED, error="550 No mailbox")
    url = reverse("meetings:dispatch_retry", args=[meeting.pk, dispatch.pk])
    return Case(manager, reverse("meetings:dispatch_detail", args=[meeting.pk, dispatch.pk]), url, asks=url,
                done=lambda: not copies.filter(status=OutgoingEmail.Status.FAILED).exists())


def _minutes(request) -> Minutes:
    manager, leader, meeting = _fx(request, "manager", "leader", "meeting")
    meeting_services.attendance_record(meeting=meeting, entries={leader.pk: "in_person"}, by=manager)
    return minutes_service.minutes_save(meeting=meeting, text="We agreed to open the line at weekends.", by=manager)


def minutes_chair(request):
    manager, meeting = _fx(request, "manager", "meeting")
    minutes = _minutes(request)
    url = reverse("meetings:minutes_chair", args=[meeting.pk])
    return Case(manager, reverse("meetings:minutes_review", args=[meeting.pk]), url, asks=f"{url}?action=send",
                done=lambda: Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.WITH_LEADERS)


def minutes_approve(request):
    manager, leader, meeting = _fx(request, "manager", "leader", "meeting")
    minutes = _minutes(request)
    minutes_service.minutes_send_for_comments(minutes=minutes, by=manager)
    minutes_service.minutes_circulate(minutes=minutes, by=manager)
    later = MeetingFactory(group=meeting.group, chair=leader, starts_at=london(2027, 4, 13),
                           ends_at=london(2027, 4, 13, 12))
    return Case(leader, reverse("meetings:minutes_review", args=[meeting.pk]),
                reverse("meetings:minutes_approve", args=[meeting.pk]), posts={"at_meeting": later.pk},
                done=lambda: Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.APPROVED)


def late_request_decide(request):
    manager, meeting = _fx(request, "manager", "meeting")
    late = meeting_services.late_request_create(meeting=meeting, reason="The report came late.", by=manager)
    url = reverse("meetings:late_request_decide", args=[late.pk])
    return Case(manager, url, url, posts={"decision": "approve", "note": ""},
                done=lambda: LatePaperRequest.objects.get(pk=late.pk).status == LatePaperRequest.Status.APPROVED)


def _run(request, method: str) -> tuple[Any, PaymentRun, Claim]:
    _fx(request, "june_2025", "rates")
    leader, manager, finance = _fx(request, "leader", "manager", "finance")
    if method == PaymentRun.Method.STRIPE:
        request.getfixturevalue("settings").STRIPE_SECRET_KEY = "sk_test_recorded"
        PaymentDetails.objects.update_or_create(person=leader, defaults={
            "preference": PaymentDetails.Preference.STRIPE, "stripe_account_id": "acct_1", "stripe_ready": True})
    else:
        bank(leader, "30-99-50", "12345678", "Jo Bennett")
    claim = paid_claim(leader, manager, finance, ["2025-06-02"])
    run, _ = payment_services.run_build(by=finance, method=method, payment_date=dt.date(2025, 6, 13))
    return finance, run, claim


def _statuses(run: PaymentRun) -> set[str]:
    return set(run.claims.values_list("status", flat=True))


def run_mark_paid(request):
    finance, run, _ = _run(request, PaymentRun.Method.BANK_FILE)
    url = reverse("payments:run_detail", args=[run.pk])
    return Case(finance, url, url, asks=f"{url}?confirm=mark_paid", done=lambda: _statuses(run) == {"paid"})


def run_reconcile(request):
    finance, run, _ = _run(request, PaymentRun.Method.BANK_FILE)
    payment_services.run_mark_paid(run=run, by=finance, failed_ids=[])
    url = reverse("payments:run_detail", args=[run.pk])
    return Case(finance, url, url, asks=f"{url}?confirm=reconcile", done=lambda: _statuses(run) == {"reconciled"})


def run_send_stripe(request):
    finance, run, _ = _run(request, PaymentRun.Method.STRIPE)
    url = reverse("payments:run_detail", args=[run.pk])
    return Case(finance, url, url, asks=f"{url}?confirm=send_stripe",
                done=lambda: PaymentRun.objects.get(pk=run.pk).status != PaymentRun.Status.OPEN)


def run_retry_transfer(request):
    finance, run, claim = _run(request, PaymentRun.Method.STRIPE)
    Claim.objects.filter(pk=claim.pk).update(transfer_error="Stripe refused it: the account is not ready.")
    PaymentRun.objects.filter(pk=run.pk).update(status=PaymentRun.Status.SENDING)
    url = reverse("payments:run_detail", args=[run.pk])
    return Case(finance, url, url, asks=f"{url}?confirm=retry_transfer&claim={claim.pk}",
                done=lambda: Claim.objects.get(pk=claim.pk).transfer_attempt == 2)


def claim_decision(request):
    _fx(request, "june_2025", "rates")
    leader, manager = _fx(request, "leader", "manager")
    claim = submitted_claim(leader, ["2025-06-02"])
    url = reverse("payments:claim_detail", args=[claim.pk])
    return Case(manager, url, url, posts={"decision": "reject", "reason": "We do not pay for this activity."},
                done=lambda: Claim.objects.get(pk=claim.pk).status == Claim.Status.REJECTED)


def expense_confirm(request):
    _fx(request, "june_2025", "rates")
    leader, manager = _fx(request, "leader", "manager")
    claim = payment_services.claim_start(person=leader)
    payment_services.claim_set_activities(claim=claim, activity_ids=[activity(leader, "2025-06-02").pk])
    expense = payment_services.expense_add(claim=claim, kind="public_transport", date=dt.date(2025, 6, 2),
                                           amount=Decimal("4.20"), description="Bus, no ticket")
    payment_services.claim_submit(claim=claim, by=leader)
    url = reverse("payments:expense_confirm", args=[expense.pk])
    return Case(manager, reverse("payments:claim_detail", args=[claim.pk]), url, asks=url,
                done=lambda: Expense.objects.get(pk=expense.pk).confirmed_genuine_at is not None)


def claim_check(request):
    _fx(request, "june_2025", "rates")
    leader = request.getfixturevalue("leader")
    claim = payment_services.claim_start(person=leader)
    payment_services.claim_set_activities(claim=claim, activity_ids=[activity(leader, "2025-06-02").pk])
    url = reverse("payments:claim_check", args=[claim.pk])
    return Case(leader, reverse("payments:claim_expenses", args=[claim.pk]), url, asks=url,
                yes="Send my claim", no=None,  # check your answers: every line and total, then its button
                done=lambda: Claim.objects.get(pk=claim.pk).status == Claim.Status.SUBMITTED)


def _update(manager) -> Update:
    return engagement_services.update_save(
        by=manager, theme=theme(), title="Evening appointments",
        you_said="You told us daytime appointments made it hard to keep a job.",
        we_did="The board agreed to open clinics two evenings a week in every area.")


def update_publish(request):
    update = _update(request.getfixturevalue("manager"))
    url = reverse("engagement:update_publish", args=[update.pk])
    return Case(request.getfixturevalue("manager"), reverse("engagement:update_detail", args=[update.pk]), url,
                asks=url, done=lambda: Update.objects.get(pk=update.pk).status == Update.Status.PUBLISHED)


def update_withdraw(request):
    update = Update.objects.create(title="Crisis line", you_said="You said it rang out.",
                                   we_did="We added staff at night.", status=Update.Status.PUBLISHED)
    url = reverse("engagement:update_withdraw", args=[update.pk])
    return Case(request.getfixturevalue("manager"), reverse("engagement:update_detail", args=[update.pk]), url,
                asks=url, done=lambda: Update.objects.get(pk=update.pk).status == Update.Status.WITHDRAWN)


def feedback_unlink(request):
    leader, manager = _fx(request, "leader", "manager")
    item = FeedbackFactory(logged_by=leader, text="The crisis line rang out at night.")
    link = engagement_services.feedback_link_decision(item=item, decision=DecisionFactory(), by=manager,
                                                      how_it_shaped="It showed the nights were the gap.")
    url = reverse("engagement:feedback_unlink", args=[item.pk, link.pk])
    return Case(manager, reverse("engagement:feedback_detail", args=[item.pk]), url, asks=url,
                done=lambda: not FeedbackDecisionLink.objects.filter(pk=link.pk).exists())


def application_move(request):
    manager = request.getfixturevalue("manager")
    application, _ = apply()
    url = reverse("recruitment_application_move", args=[application.pk, "not-this-time"])
    return Case(manager, reverse("recruitment_application", args=[application.pk]), url, asks=url,
                done=lambda: Application.objects.get(pk=application.pk).stage == Application.Stage.NOT_THIS_TIME)


def invitation_resend(request):
    manager = request.getfixturevalue("manager")
    application, _ = apply()
    move_to(application, Application.Stage.ACCEPTED, by=manager)
    url = reverse("recruitment_invitation_resend", args=[application.pk])
    again = application.history.filter(history_change_reason__startswith="Invitation sent again")
    return Case(manager, reverse("recruitment_application", args=[application.pk]), url, asks=url,
                done=again.exists)


def applicant_withdraws(request):
    application, token = apply()
    url = reverse("recruitment_status", args=[token])
    return Case(None, url, url, asks=f"{url}?withdraw=1", yes="Yes, withdraw my application",
                no="No, keep my application",
                done=lambda: Application.objects.get(pk=application.pk).stage == Application.Stage.WITHDRAWN)


CASES: dict[str, tuple[str, Callable[[pytest.FixtureRequest], Case]]] = {
    "emails sent again": ("emails_failed", failed_email),
    "a membership ended": ("membership_end", membership_end),
    "a meeting cancelled": ("meetings:meeting_cancel", meeting_cancel),
    "the pack sent": ("meetings:pack_send", pack_send),
    "an agenda item removed": ("meetings:agenda_item_remove", agenda_item_remove),
    "a pack's failed copies sent again": ("meetings:dispatch_retry", dispatch_retry),
    "the draft minutes sent": ("meetings:minutes_chair", minutes_chair),
    "the minutes recorded as approved": ("meetings:minutes_approve", minutes_approve),
    "late papers approved": ("meetings:late_request_decide", late_request_decide),
    "the bank has paid this run": ("payments:run_detail", run_mark_paid),
    "a run checked against the bank statement": ("payments:run_detail", run_reconcile),
    "a run sent to Stripe": ("payments:run_detail", run_send_stripe),
    "pay again": ("payments:run_detail", run_retry_transfer),
    "a claim not approved": ("payments:claim_detail", claim_decision),
    "an expense confirmed as genuine": ("payments:expense_confirm", expense_confirm),
    "a claim sent": ("payments:claim_check", claim_check),
    "an update published": ("engagement:update_publish", update_publish),
    "an update withdrawn": ("engagement:update_withdraw", update_withdraw),
    "a feedback link removed": ("engagement:feedback_unlink", feedback_unlink),
    "an application not taken forward": ("recruitment_application_move", application_move),
    "the invitation sent again": ("recruitment_invitation_resend", invitation_resend),
    "an applicant withdraws": ("recruitment_status", applicant_withdraws),
}


# --- the tests ----------------------------------------------------------------------------------------------

def test_every_post_view_is_classified_as_asking_first_or_reversible():
    views = post_views()
    unclassified = sorted(views - set(CONFIRMED) - set(REVERSIBLE))
    assert not unclassified, ("Say in tests/security/confirmations.py whether each of these cannot be undone "
                              f"(and give it a confirmation page) or can be put back, and why: {unclassified}")
    assert not (set(CONFIRMED) | set(REVERSIBLE)) - views, "confirmations.py names views that take no POST"
    assert not set(CONFIRMED) & set(REVERSIBLE)


def test_every_action_that_asks_first_is_checked_here():
    assert {name for name, _ in CASES.values()} == set(CONFIRMED)


@pytest.mark.parametrize("story", CASES)
def test_the_button_leads_to_a_page_that_asks_first_and_yes_does_it(request, story):
    _, build = CASES[story]
    case = build(request)
    client = Client()
    if case.user is not None:
        client.force_login(case.user)
    action = urlsplit(case.action).path

    # The page the button is on: it leads to the question, and holds no form that acts at once.
    shown = client.get(case.page)
    assert shown.status_code == 200
    page = Page(shown.content.decode(), case.page)
    if case.posts is None:
        assert leads_to(page, case.asks), f"{case.page} has no link or form leading to {case.asks}"
        assert not [f for f in page.forms if f.method == "post" and urlsplit(f.action).path == action], (
            "a button here acts at once")
    else:
        assert any(f.method == "post" and urlsplit(f.action).path == action for f in page.forms)

    # Asking changes nothing and sends nothing.
    before, sent = database(), len(mail.outbox)
    asked = client.get(case.asks) if case.posts is None else client.post(case.action, case.posts)
    assert asked.status_code == 200
    assert database() == before and len(mail.outbox) == sent and not case.done()
    question = Page(asked.content.decode(), case.asks or case.action)
    yes = [(form, button) for form in question.forms if form.method == "post"
           and urlsplit(form.action).path == action for button in form.buttons if button[2].startswith(case.yes)]
    assert yes, f"no “{case.yes}…” button posting to {action}"
    if case.no is not None:
        assert [href for href, words in question.links if words == case.no], f"no “{case.no}” link"

    # "Yes" does it.
    form, (name, value, _) = yes[0]
    data: dict[str, list[str]] = {}
    for key, item in [*form.fields, *([(name, value)] if name else [])]:
        data.setdefault(key, []).append(item)
    data.update({key: [item] for key, item in case.fill.items()})
    client.post(case.action, data)
    assert case.done(), f"“{case.yes}…” on {case.asks or case.action} did not do it"


def test_money_on_a_confirmation_page_has_thousands_separators(request):
    _fx(request, "june_2025", "rates")
    leader, manager, finance = _fx(request, "leader", "manager", "finance")
    claim = submitted_claim(leader, ["2025-06-02"])
    payment_services.claim_approve(claim_id=claim.pk, by=manager)
    Claim.objects.filter(pk=claim.pk).update(fees_total=Decimal("1234.50"), expenses_total=Decimal("1000.00"))
    client = Client()
    client.force_login(finance)

    page = client.post(reverse("payments:claim_detail", args=[claim.pk]), {"decision": "approve"}).content.decode()

    assert "£2,234.50 (fees £1,234.50, expenses £1,000.00) is paid to Jo Bennett in the next payment run." in page
