"""The portal's own words: money, times and dates in one way each; the audit trail in words, with a filter;
links that lead somewhere for every role."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from coproduction.audit import record_event
from coproduction.templatetags.portal import clock, day, money

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("value", "shown"), [(Decimal("1234.50"), "£1,234.50"), (Decimal("0.55"), "£0.55"),
                                              (Decimal("1000000"), "£1,000,000.00"), (None, "£0.00"),
                                              ("12.5", "£12.50"), (Decimal("-3.20"), "-£3.20")])
def test_money_has_a_pound_sign_and_thousands_separators(value, shown):
    assert money(value) == shown


@pytest.mark.parametrize(("value", "shown"), [(dt.time(17, 0), "5pm"), (dt.time(9, 30), "9:30am"),
                                              (dt.time(12, 0), "midday"), (dt.time(0, 0), "midnight"),
                                              (dt.time(12, 15), "12:15pm")])
def test_times_read_the_gov_uk_way_and_never_end_in_two_dots(value, shown):
    assert clock(value) == shown


def test_dates_have_one_format_even_from_iso_strings():
    assert day(dt.date(2027, 3, 17)) == day("2027-03-17") == "17 March 2027"


def test_the_audit_trail_says_what_happened_in_words_and_can_be_filtered(admin_user, leader, manager, client_for):
    record_event("signed_in", actor=leader)
    record_event("sign_in_failed", detail="jo@example.org")
    record_event("access_refused", actor=manager, path="/payments/runs/")
    page = client_for(admin_user).get(reverse("audit_list")).content.decode()
    assert "Signed in" in page and "signed_in" not in page.split("<tbody")[1]
    assert "Sign-in refused (wrong email address, password or code)" in page

    only = client_for(admin_user).get(reverse("audit_list"), {"action": "access_refused"}).content.decode()
    rows = only.split("<tbody")[1]
    assert "/payments/runs/" in rows and "jo@example.org" not in rows and leader.full_name not in rows
    by_who = client_for(admin_user).get(reverse("audit_list"), {"who": leader.full_name[:4]}).content.decode()
    assert leader.full_name in by_who.split("<tbody")[1] and "/payments/runs/" not in by_who.split("<tbody")[1]


def _nav(page: str) -> str:
    return page.split('id="navigation"')[1].split("</ul>")[0]


@pytest.mark.parametrize(("persona", "shown"), [("leader", True), ("manager", True), ("finance", True),
                                                ("board_member", False), ("admin_user", False)])
def test_payments_is_in_the_menu_only_for_those_it_has_something_for(request, persona, shown, client_for):
    page = client_for(request.getfixturevalue(persona)).get(reverse("home")).content.decode()
    assert (f'href="{reverse("payments:index")}"' in _nav(page)) is shown


def test_the_admin_has_a_settings_page_linked_from_the_menu(admin_user, client_for):
    home = client_for(admin_user).get(reverse("home")).content.decode()
    assert f'href="{reverse("settings_index")}"' in home
    page = client_for(admin_user).get(reverse("settings_index")).content.decode()
    for name in ("meetings:notice_rules", "admin:payments_rate_changelist", "admin:meetings_glossaryentry_changelist",
                 "admin:payments_benefitlimit_changelist", "admin:coproduction_dataretention_changelist"):
        assert f'href="{reverse(name)}"' in page
