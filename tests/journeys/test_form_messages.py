"""Every form says what to do when something is missing or wrong, in the GOV.UK style: never Django's general
"This field is required." or "Enter a valid date."."""

from __future__ import annotations

import importlib

import pytest
from django import forms
from django.urls import reverse

from coproduction.formtools import SpecificErrors
from tests.forms_in_pages import error_messages

pytestmark = pytest.mark.django_db
APPS = ("coproduction", "meetings", "payments", "recruitment", "engagement")
GENERAL = {"This field is required.", "Enter a valid date.", "Enter a valid time.", "Enter a number.",
           "Enter a whole number.", "Select a valid choice.", "Enter a valid email address.",
           "No file was submitted. Check the encoding type on the form.", "Enter a list of values."}


def _project_forms() -> list[type[forms.BaseForm]]:
    for app in APPS:
        importlib.import_module(f"{app}.forms")
    found, queue = set(), [forms.BaseForm]
    while queue:
        for sub in queue.pop().__subclasses__():
            queue.append(sub)
            if sub.__module__.split(".")[0] in APPS:
                found.add(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def test_every_form_of_the_portal_gives_specific_messages():
    classes = _project_forms()
    assert len(classes) >= 50
    assert [cls.__name__ for cls in classes if not issubclass(cls, SpecificErrors)] == []


def _general(messages: list[str]) -> list[str]:
    return [message for message in messages if message in GENERAL or message.startswith(("Select a valid choice",
                                                                                           "Ensure this value"))]


def test_empty_and_wrong_answers_get_specific_messages_in_every_form_that_stands_alone():
    tried = 0
    for cls in _project_forms():
        try:
            empty = cls(data={}, files={})
            wrong = cls(data=dict.fromkeys(cls.base_fields, "not-a-thing"), files={})
        except TypeError:  # needs its meeting, claim or person: the page tests below cover those
            continue
        tried += 1
        for form in (empty, wrong):
            messages = [str(m) for errors in form.errors.values() for m in errors]
            assert not _general(messages), (cls.__name__, messages)
    assert tried >= 20


def test_planning_a_meeting_with_nothing_filled_in_says_what_each_box_needs(manager, client_for):
    response = client_for(manager).post(reverse("meetings:meeting_create"), {"repeat": "none", "count": "1"})
    shown = error_messages(response.content.decode())
    assert "This field is required." not in response.content.decode()
    for expected in ("Choose the group that is meeting", "Enter a title for the meeting",
                     "Enter the date of the meeting", "Enter the time the meeting starts, for example 10:00",
                     "Enter the time the meeting ends, for example 12:00",
                     "Enter a place, or how to join online, or both."):
        assert expected in shown


@pytest.mark.parametrize("name", ["meetings:meeting_create", "payments:runs", "engagement:event_create",
                                  "recruitment_vacancy_new", "recruitment_role_new"])
def test_staff_forms_posted_empty_never_say_this_field_is_required(name, manager, finance, client_for):
    person = finance if name.startswith("payments") else manager
    response = client_for(person).post(reverse(name), {"submit": ""})  # not empty: `request.POST or None`
    assert response.status_code == 200
    assert not _general(error_messages(response.content.decode()))
    assert error_messages(response.content.decode())
