"""Markup never crosses from data to page: every text field that an applicant, leader or manager can set,
holding each markup payload, on every page of the portal as every persona, parsed as a browser would.

The fields are discovered, not listed: every text field (CharField or TextField without choices) of every
project model whose name is a text field of one of the project's forms (the forms are how people set them;
the history tables hold copies of the same fields, and the reason of each step). Every row of those models
gets the payload, so every object the URL access rules build (every page of the portal) shows it.

A payload "came through" when the parsed page has an element or attribute that only the payload could have
made (each carries the marker attribute `data-xp`), or the template syntax was evaluated (`xp42`).
"""

from __future__ import annotations

import importlib
import inspect

import lxml.html
import pytest
from django import forms
from django.apps import apps
from django.db import connection, models, transaction
from django.test import Client
from django.urls import reverse

from tests.security.access_rules import PERSONAS, RULES

PROJECT_APPS = ["coproduction", "recruitment", "meetings", "payments", "engagement"]
FORM_MODULES = [f"{app}.forms" for app in PROJECT_APPS]
# Fields people set through a form under another name: the reason given for a step is kept in the history.
FORM_NAMES_STORED_AS = {"note": ["history_change_reason"], "reason": ["history_change_reason"]}
# Text columns that are not text people write: digests, keys and stored file names.
MACHINE_FIELDS = {"token_hash", "key", "file", "storage_name", "sha256", "content_hash", "template", "password"}
# Columns that hold ciphertext (what people type there is encrypted first; the payments tests cover them).
ENCRYPTED = {"payments.PaymentDetails": {"account_name", "sort_code", "account_number"}}
# Append-only tables: PostgreSQL refuses an UPDATE of their rows (a trigger), so they are not planted here.
APPEND_ONLY = {"coproduction.AuditEvent", "payments.LedgerEntry"}

PAYLOADS = {
    "meta refresh": "<meta data-xp http-equiv=refresh content=0>",
    "link": "<a data-xp href=//evil.example>Sign in again</a>",
    "image with a handler": "<img data-xp src=x onerror=alert(1)>",
    "svg": "<svg data-xp onload=alert(1)><circle r=9>",
    "quote breakout": "\"' data-xp=1 x=\"'",
    "tag breakout": "\"'></textarea></title><b data-xp>",
    "template syntax": "xp{{ 6|add:36 }}{% now 'Y' %}",
}


def form_text_field_names() -> set[str]:
    """The names of every free-text field of every form of the project (choice fields are not free text)."""
    names: set[str] = set()
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _name, form_class in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form_class, forms.BaseForm) or form_class.__module__ != module_name:
                continue
            for name, field in form_class.base_fields.items():
                if isinstance(field, forms.CharField) and not isinstance(field, forms.EmailField | forms.URLField):
                    names.add(name)
    return names


def is_free_text(field: models.Field) -> bool:
    return (isinstance(field, models.CharField | models.TextField) and not field.choices
            and not isinstance(field, models.EmailField | models.URLField | models.SlugField)
            and field.name not in MACHINE_FIELDS)


def settable_fields() -> dict[type[models.Model], list[models.Field]]:
    """{model: its free-text fields that some form sets} over every project model and its history."""
    wanted: set[str] = set()
    for name in form_text_field_names():
        wanted.update(FORM_NAMES_STORED_AS.get(name, [name]))
    found: dict[type[models.Model], list[models.Field]] = {}
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.label in APPEND_ONLY:
                continue
            encrypted = ENCRYPTED.get(model._meta.label, set())
            fields = [f for f in model._meta.concrete_fields
                      if is_free_text(f) and f.name in wanted and f.name not in encrypted]
            if fields:
                found[model] = fields
    return found


def fits(field: models.Field, payload: str) -> bool:
    return field.max_length is None or len(payload) <= field.max_length


def plant(payload: str, fields: dict[type[models.Model], list[models.Field]]) -> int:
    """Every settable field of every row holds the payload (where it fits). Returns the fields set.

    One UPDATE a table, all sent at once on PostgreSQL (about 90 statements a page, one by one, were a quarter
    of this test's time)."""
    columns: dict[str, list[str]] = {}
    for model_fields in fields.values():
        for field in model_fields:
            if fits(field, payload):
                columns.setdefault(field.model._meta.db_table, []).append(field.column)
    quote = connection.ops.quote_name
    updates = [f"UPDATE {quote(table)} SET " + ", ".join(f"{quote(column)} = %s" for column in table_columns)  # noqa: S608
               for table, table_columns in columns.items()]  # our own tables and columns
    values = [[payload] * len(table_columns) for table_columns in columns.values()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # psycopg binds on the client: several statements go as one
            cursor.execute("; ".join(updates), [value for table_values in values for value in table_values])
        else:
            for update, table_values in zip(updates, values, strict=True):
                cursor.execute(update, table_values)
    return sum(len(table_columns) for table_columns in columns.values())


def came_through(html: str) -> list[str]:
    """Elements, attributes or evaluated template syntax that only a payload could have made."""
    found = [f"template syntax evaluated: …{html[max(0, i - 20):i + 24]}…"
             for i in [html.find("xp42")] if i >= 0]
    document = lxml.html.document_fromstring(html)
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        if any(name.startswith("data-xp") for name in element.attrib):
            found.append(f"<{element.tag} {dict(element.attrib)}>")
        if element.tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        handlers = [name for name in element.attrib if name.startswith("on")]
        if handlers:
            found.append(f"<{element.tag} {handlers}>")
    return found


class _RollBack(Exception):
    """Undoes one page's objects, so every rule builds its own in the same starting state."""


def pages_with_payload(request: pytest.FixtureRequest, payload: str) -> tuple[int, int, list[str]]:
    """Every page (each URL with the objects its access rule builds) as every persona, with the payload in
    every settable field of every row. Returns (fields set, pages read, what came through)."""
    personas = {name: request.getfixturevalue(name) for name in PERSONAS if name != "anonymous"}
    clients = {name: Client() for name in PERSONAS}
    for name, person in personas.items():
        clients[name].force_login(person)
    fields = settable_fields()
    planted, pages_read, problems = 0, 0, []
    for name, rule in sorted(RULES.items()):
        try:
            with transaction.atomic():
                url = reverse(name, kwargs=rule.make(personas) if rule.make else {})
                planted = max(planted, plant(payload, fields))
                for persona, client in clients.items():
                    if rule.expected(persona) != "ok":
                        continue  # refused or sent to sign in: test_url_access proves it, and no data is shown
                    response = client.get(url)
                    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                        continue
                    pages_read += 1
                    problems += [f"{persona} {url}: {item}" for item in came_through(response.content.decode())]
                raise _RollBack
        except _RollBack:
            pass
    return planted, pages_read, problems


def test_the_fields_are_discovered_from_the_forms_and_cover_the_reported_ones():
    fields = {f"{model._meta.label}.{field.name}" for model, model_fields in settable_fields().items()
              for field in model_fields}

    # The names reported: a person's name (a radio label on the attendance page), what they write in feedback,
    # on a claim, in an application, a paper and the minutes.
    for expected in ["coproduction.User.full_name", "coproduction.Profile.access_needs",
                     "recruitment.Application.full_name", "recruitment.Application.interest",
                     "meetings.Paper.title", "meetings.Decision.rationale"]:
        assert expected in fields
    assert len(fields) >= 40


@pytest.mark.django_db
@pytest.mark.escaping
@pytest.mark.parametrize("payload_name", sorted(PAYLOADS))
def test_no_payload_in_any_field_makes_markup_on_any_page_for_any_role(request, payload_name):
    planted, pages_read, problems = pages_with_payload(request, PAYLOADS[payload_name])

    print(f"{payload_name}: {planted} fields set, {pages_read} pages read")
    assert planted >= 40
    assert pages_read >= 200
    assert not problems, "\n".join(problems[:40])
