"""Long lists come in pages of a constant size: the people list, claims to check, a payment run's claims and the
recruitment overview (counted, numbered pages); the feedback list and the listening events (lists that grow
without end: never counted, Previous and Next). Each page runs the same number of queries and has the same
number of rows however many there are, and carries the GOV.UK pagination component."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduction.paging import PAGE_SIZE
from engagement.models import FeedbackItem, ListeningEvent
from payments.forms import failed_claim_ids
from payments.models import Claim, PaymentRun
from recruitment import services
from recruitment.models import Vacancy
from tests.engagement.factories import FeedbackFactory
from tests.factories import UserFactory
from tests.recruitment.factories import ANSWERS, role_version

pytestmark = pytest.mark.django_db


def _people(n: int, **_: object) -> None:
    UserFactory.create_batch(n)


def _claims_to_check(n: int, **_: object) -> None:
    people = UserFactory.create_batch(3)
    Claim.objects.bulk_create([
        Claim(person=people[i % 3], status=Claim.Status.SUBMITTED, fees_total=Decimal("20.00"),
              submitted_at=timezone.now() - dt.timedelta(minutes=i)) for i in range(n)
    ])


def _run_claims(n: int, *, finance, **_: object) -> None:  # type: ignore[no-untyped-def]
    run = PaymentRun.objects.first() or PaymentRun.objects.create(
        method=PaymentRun.Method.BANK_FILE, created_by=finance, payment_date=timezone.localdate())
    people = UserFactory.create_batch(3)
    Claim.objects.bulk_create([
        Claim(person=people[i % 3], status=Claim.Status.IN_RUN, fees_total=Decimal("20.00"), payment_run=run)
        for i in range(n)
    ])


def _own_claims(n: int, *, leader, **_: object) -> None:  # type: ignore[no-untyped-def]
    Claim.objects.bulk_create([
        Claim(person=leader, status=Claim.Status.PAID, fees_total=Decimal("20.00"),
              submitted_at=timezone.now() - dt.timedelta(days=30 * i)) for i in range(n)
    ])


def _applications(n: int, **_: object) -> None:
    version = role_version(title=f"Leader {Vacancy.objects.count()}")
    for i in range(n):
        vacancy = Vacancy.objects.create(role_version=version, closing_on=timezone.localdate() + dt.timedelta(days=i),
                                         status=Vacancy.Status.OPEN)
        services.application_submit(vacancy=vacancy, answers={**ANSWERS, "email": f"a{i}-{vacancy.pk}@example.net"})


def _events(n: int, **_: object) -> None:
    events = ListeningEvent.objects.bulk_create([
        ListeningEvent(title=f"Drop-in {i}", held_on=timezone.localdate() - dt.timedelta(days=i), format="drop_in")
        for i in range(n)
    ])
    for event in events[:3]:
        FeedbackFactory(event=event)


LISTS: dict[str, tuple[str, str, Callable[..., None], str]] = {
    # name: (url name, persona, how to add rows, what each row has)
    "people": ("person_list", "manager", _people, "/people/"),
    "claims to check": ("payments:review_list", "manager", _claims_to_check, "/payments/claims/"),
    "a run's claims": ("payments:run_detail", "finance", _run_claims, "/payments/claims/"),
    "a leader's own claims": ("payments:index", "leader", _own_claims, "/payments/claims/"),
    "recruitment overview": ("recruitment_overview", "manager", _applications, "/recruitment/applications/"),
}


def _url(name: str) -> str:
    if name == "payments:run_detail":
        return reverse(name, args=[PaymentRun.objects.get().pk])
    return reverse(name)


def _rows(page: str, link_prefix: str) -> int:
    return len(re.findall(rf'<td class="govuk-table__cell"><a class="govuk-link" href="{link_prefix}\d+/', page))


@pytest.mark.usefixtures("drawn_each_time")
@pytest.mark.parametrize("which", list(LISTS))
def test_a_long_list_has_pages_of_a_constant_size_and_cost(which: str, request, client_for) -> None:  # type: ignore[no-untyped-def]
    url_name, persona, add, link_prefix = LISTS[which]
    user = request.getfixturevalue(persona)
    finance, leader = request.getfixturevalue("finance"), request.getfixturevalue("leader")
    add(PAGE_SIZE + 5, finance=finance, leader=leader)
    client = client_for(user)
    client.get(_url(url_name))  # the session's first request writes its activity
    with CaptureQueriesContext(connection) as small:
        first = client.get(_url(url_name))
    assert first.status_code == 200
    add(2 * PAGE_SIZE + 10, finance=finance, leader=leader)
    with CaptureQueriesContext(connection) as large:
        again = client.get(_url(url_name))
    page = again.content.decode()
    assert len(large) == len(small), [q["sql"][:90] for q in large.captured_queries]
    assert _rows(page, link_prefix) <= PAGE_SIZE
    assert 'class="govuk-pagination"' in page and 'aria-current="page"' in page and 'rel="next"' in page
    # the last page is there, and asking past it shows the last page rather than an error
    last = client.get(_url(url_name), {"page": "999"})
    assert last.status_code == 200 and 'rel="prev"' in last.content.decode()


def test_paging_keeps_the_lists_other_choices(manager, client_for) -> None:  # type: ignore[no-untyped-def]
    _applications(PAGE_SIZE + 2)
    page = client_for(manager).get(reverse("recruitment_overview"), {"stage": "received"}).content.decode()
    assert "stage=received&amp;page=2" in page


def test_failed_payments_on_other_pages_are_marked_by_reference(finance, client_for) -> None:  # type: ignore[no-untyped-def]
    _run_claims(PAGE_SIZE + 3, finance=finance)
    run = PaymentRun.objects.get()
    client = client_for(finance)
    page = client.get(reverse("payments:run_detail", args=[run.pk])).content.decode()
    assert 'name="failed_references"' in page
    last = Claim.objects.filter(payment_run=run).order_by("-pk").first()
    data = QueryDict(mutable=True)
    data.setlist("failed", ["12"])
    data["failed_references"] = f"{last.reference}, ebe000007\nnot a reference"
    assert failed_claim_ids(data) == sorted({12, 7, last.pk})


def test_the_feedback_list_is_never_counted_and_pages_with_previous_and_next(manager, client_for) -> None:  # type: ignore[no-untyped-def]
    FeedbackItem.objects.bulk_create([FeedbackItem(consent="quote", text="Said.", heard_on=timezone.localdate())
                                      for _ in range(PAGE_SIZE + 1)])
    client = client_for(manager)
    client.get(reverse("engagement:feedback_list"))
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("engagement:feedback_list"), {"status": "heard"}).content.decode()
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert 'rel="next"' in first and "status=heard&amp;page=2" in first and 'rel="prev"' not in first
    second = client.get(reverse("engagement:feedback_list"), {"status": "heard", "page": "2"}).content.decode()
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert f"Showing {PAGE_SIZE + 1} to {PAGE_SIZE + 1}." in second


@pytest.mark.usefixtures("drawn_each_time")
def test_the_listening_events_are_never_counted_and_page_with_previous_and_next(manager, client_for) -> None:  # type: ignore[no-untyped-def]
    _events(PAGE_SIZE + 1)
    client = client_for(manager)
    client.get(reverse("engagement:event_list"))
    with CaptureQueriesContext(connection) as small:
        first = client.get(reverse("engagement:event_list")).content.decode()
    assert not [q for q in small.captured_queries if "COUNT(*)" in q["sql"].upper()]
    assert _rows(first, "/listening/events/") == PAGE_SIZE
    assert 'rel="next"' in first and 'href="?page=2"' in first and 'rel="prev"' not in first
    _events(2 * PAGE_SIZE)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("engagement:event_list"))
    assert len(large) == len(small)
    second = client.get(reverse("engagement:event_list"), {"page": "2"}).content.decode()
    assert 'rel="prev"' in second and _rows(second, "/listening/events/") == PAGE_SIZE
