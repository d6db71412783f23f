"""The manager's lists and reports run a fixed number of SQL queries however many rows there are."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduction.templatetags.portal import date as portal_date
from recruitment import onboarding
from recruitment import services as recruitment_services
from tests.factories import GroupFactory, UserFactory
from tests.recruitment.factories import apply, move_to, open_vacancy

pytestmark = pytest.mark.django_db


def add_rows(manager, n):
    vacancy = open_vacancy()
    for i in range(n):
        application, _ = apply(vacancy, email=f"person{i}@example.net")
        if i % 2:
            move_to(application, "accepted", by=manager)
    for _ in range(n):
        recruitment_services.onboarding_start(person=UserFactory())


def count_queries(client, url, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


# Each page: 1 session, 2 the person with their roles (coproduction.backends), then the page's own queries.
# The session's activity and the authenticator check are written and looked up at most once a minute
# (coproduction.middleware), and the first request of the session did both.
SIGNED_IN = 2


@pytest.mark.usefixtures("drawn_each_time")
@pytest.mark.parametrize(("url_name", "own_queries"), [
    # a page of vacancies (count, ids, their counts per stage); a page of applications with vacancy, role and
    # locality (count, rows)
    ("recruitment_overview", 5),
    # one checklist query with people, tickers and the "signed current agreement" subquery
    ("onboarding_overview", 1),
    # current version; leaders with signed/last signed; every version
    ("agreement_manage", 3),
    # vacancies by status, applications by stage, conversation times, channels, checklists, groups, settings
    ("recruitment_reports", 6),
    # role descriptions with latest version and holder counts
    ("recruitment_role_list", 1),
])
def test_manager_lists_do_not_grow_with_rows(client_for, manager, django_assert_num_queries, url_name,
                                             own_queries):
    client = client_for(manager)
    onboarding.agreement_publish(text="We listen.", by=manager)
    add_rows(manager, 2)
    client.get(reverse(url_name))
    count_queries(client, reverse(url_name), django_assert_num_queries, SIGNED_IN + own_queries)

    add_rows(manager, 8)

    count_queries(client, reverse(url_name), django_assert_num_queries, SIGNED_IN + own_queries)


def test_the_public_vacancy_list_does_not_grow_with_vacancies(client, django_assert_num_queries):
    for _ in range(3):
        open_vacancy()
    # 1 open vacancies with role, version, locality and group (no session for a visitor)
    with django_assert_num_queries(1):
        client.get(reverse("recruitment_vacancy_list"))
    for _ in range(10):
        open_vacancy()
    with django_assert_num_queries(1):
        client.get(reverse("recruitment_vacancy_list"))


def test_the_overview_reads_only_what_it_shows_of_applications_and_roles(client_for, manager) -> None:
    add_rows(manager, 3)
    client = client_for(manager)
    client.get(reverse("recruitment_overview"))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("recruitment_overview"))

    sql = "\n".join(query["sql"] for query in queries.captured_queries)
    assert response.status_code == 200
    assert "person0@example.net" not in response.content.decode()  # the list shows names, not contact details
    for unread in ('"access_needs"', '"conversation_support"', '"recruitment_application"."email"', '"phone"',
                   '"introduction"'):
        assert unread not in sql, unread


def test_the_overview_shows_each_vacancy_with_its_applications_counted_by_stage(client_for, manager) -> None:
    group = GroupFactory(name="Housing group")
    vacancy = open_vacancy(group=group)
    stages = ["received", "accepted", "accepted", "not_this_time", "withdrawn"]
    for number, stage in enumerate(stages):
        application, _ = apply(vacancy, email=f"person{number}@example.net")
        if stage != "received":
            move_to(application, stage, by=manager)

    page = client_for(manager).get(reverse("recruitment_overview")).content.decode()

    link = reverse("recruitment_vacancy_manage", args=[vacancy.pk])
    row = re.search(rf'<tr class="govuk-table__row">\s*<td class="govuk-table__cell"><a class="govuk-link" '
                    rf'href="{link}">.*?</tr>', page, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells == [f"{vacancy.role_version.role.title}, Housing group", vacancy.get_status_display(),
                     portal_date(vacancy.closing_on, "j F Y"), str(vacancy.places), "1", "0", "0", "2", "2"]
