"""A model choice list is read with one query, however often a page counts and draws it."""

from __future__ import annotations

import pytest
from django import forms
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from coproduction.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class PersonForm(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.order_by("email"), to_field_name="email")


def test_counting_and_drawing_the_choices_costs_one_query() -> None:
    UserFactory.create_batch(3)
    form = PersonForm()
    page = Template("{{ form.person.field.choices|length }} options{{ form.person }}")

    with CaptureQueriesContext(connection) as queries:
        html = page.render(Context({"form": form}))

    assert len(queries) == 1
    assert html.startswith("4 options")  # the three people and the empty choice
    assert html.count("<option") == 4


def test_choices_list_every_row_in_order_after_the_empty_label() -> None:
    emails = sorted(UserFactory(email=f"{name}@example.org").email for name in ("cara", "ann", "bea"))

    choices = list(PersonForm().fields["person"].choices)

    assert choices[0][0] == ""  # the empty choice first
    assert [str(value) for value, _label in choices[1:]] == emails


def test_a_list_without_rows_or_an_empty_label_is_empty() -> None:
    field = forms.ModelChoiceField(queryset=User.objects.none(), empty_label=None)

    assert not field.choices
    assert len(field.choices) == 0


def test_a_chosen_person_still_validates_against_the_database() -> None:
    person = UserFactory(email="dee@example.org")

    form = PersonForm(data={"person": "dee@example.org"})

    assert form.is_valid()
    assert form.cleaned_data["person"] == person
    assert not PersonForm(data={"person": "nobody@example.org"}).is_valid()
