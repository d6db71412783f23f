"""Every spreadsheet the portal lets people download goes through the one safe writer: no cell that a person
typed can be read as a formula. The exports are found from the URL patterns (every `.csv` or `.xlsx` route),
filled with real data whose text begins with a formula, and downloaded by every persona allowed them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from coproduction.exports import FORMULA_STARTS, PLAIN_NUMBER, csv_text, safe_cell
from engagement import services as engagement_services
from engagement.models import Theme
from payments import services as payment_services
from payments.loading import load_benefit_limits
from payments.models import ActivityType, PaymentRun
from tests.engagement.factories import DecisionFactory, FeedbackFactory, theme
from tests.payments.factories import RateFactory, bank, budget, paid_claim
from tests.security.access_rules import PERSONAS, RULES
from tests.security.test_markup_everywhere import plant, settable_fields
from tests.security.test_url_access import project_url_names

pytestmark = pytest.mark.django_db
FORMULAS = ['=HYPERLINK("https://evil.example/","Open")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1"]
# Exports that keep no typed text as typed, checked for formulas all the same: the import template's rows are
# fixed; the bank file keeps only the bank's characters of a name, never a leading "-".
NO_TYPED_TEXT = {"engagement:import_template", "payments:run_file"}


def export_url_names() -> list[str]:
    return sorted(name for name, route in project_url_names().items() if route.endswith((".csv", ".xlsx")))


def risky_cells(content: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content)) for cell in row
            if cell.lstrip(" ").startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(cell)]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_that_could_be_a_formula_is_kept_as_text(value):
    assert safe_cell(value) == "'" + value
    assert risky_cells(csv_text([[value]])) == []


def test_numbers_and_plain_text_are_left_as_they_are():
    assert [safe_cell(v) for v in (Decimal("-12.50"), "-12.50", 3, "Jo Bennett", None, dt.date(2025, 6, 2))] == [
        "-12.50", "-12.50", "3", "Jo Bennett", "", "2025-06-02"]


def test_the_exports_are_found():
    assert set(export_url_names()) >= {"payments:statement_month", "payments:statement_tax_year",
                                       "payments:run_file", "payments:year_totals", "engagement:trail_csv",
                                       "engagement:import_template"}


@pytest.mark.parametrize("formula", FORMULAS)
def test_every_export_neutralises_every_formula_typed_into_the_portal(request, leader, manager, finance, formula):
    personas = {name: request.getfixturevalue(name) for name in PERSONAS if name != "anonymous"}
    with time_machine.travel(dt.datetime(2025, 6, 10, 10, tzinfo=dt.UTC), tick=False):
        load_benefit_limits()
        RateFactory()
        budget(2025)
        ActivityType.objects.filter(code="meeting").update(name=formula)
        bank(leader, name=formula)  # kept to the bank's characters
        paid_claim(leader, manager, finance, ["2025-06-02"], parking="3.50")
        run, _ = payment_services.run_build(by=finance, method=PaymentRun.Method.BANK_FILE,
                                            payment_date=dt.date(2025, 6, 13))
        payment_services.run_mark_paid(run=run, by=finance)
        decision = DecisionFactory(title=formula, decided_on=dt.date(2025, 6, 1))
        for _ in range(6):
            item = FeedbackFactory(heard_on=dt.date(2025, 5, 20), themes=[theme()])
            engagement_services.feedback_link_decision(item=item, decision=decision, how_it_shaped="It helped.",
                                                      by=manager)
        Theme.objects.filter(pk=theme().pk).update(name=formula)
        planted = plant(formula, settable_fields())  # names, titles and every other typed text
        objects = {"payments:run_file": {"pk": run.pk}}

        checked, reached = [], set()
        for name in export_url_names():
            rule = RULES[name]
            kwargs = objects.get(name) or (rule.make(personas) if rule.make else {})
            url = reverse(name, kwargs=kwargs)
            for persona in [p for p in PERSONAS if rule.expected(p) == "ok" and p != "anonymous"]:
                client = Client()
                client.force_login(personas[persona])
                response = client.get(url)
                assert response.status_code == 200, (persona, url)
                assert response["Content-Type"].startswith("text/csv"), url
                content = response.content.decode()
                assert risky_cells(content) == [], (persona, url)
                cells = [cell for row in csv.reader(io.StringIO(content)) for cell in row]
                if "'" + formula in cells:
                    reached.add(name)
                checked.append((persona, url))
        # the payload reached every export that keeps typed text (in someone's download), and came out as text
        assert set(export_url_names()) - NO_TYPED_TEXT <= reached
    print(f"{formula!r}: {planted} fields set, {len(checked)} downloads of {len(export_url_names())} exports")
    assert len(checked) >= len(export_url_names())
