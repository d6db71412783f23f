"""Sensible bounds on dates and amounts in every form, with clear messages (issue 14)."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduction import bounds
from coproduction.formtools import _add_bounds
from payments import services
from payments.models import Claim, PayableActivity
from tests.factories import GroupFactory
from tests.forms_in_pages import error_messages
from tests.journeys.test_form_messages import _project_forms
from tests.payments.factories import ActivityTypeFactory, RateFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _a_tuesday_in_march():
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC), tick=False):
        yield


def _declared(kind: type[forms.Field]):
    for cls in _project_forms():
        for name, field in cls.base_fields.items():
            if isinstance(field, kind):
                bounded = copy.deepcopy(field)
                _add_bounds(bounded, name)
                yield f"{cls.__name__}.{name}", bounded


def test_every_date_in_every_form_refuses_1900_and_2099_and_says_why():
    checked = 0
    for where, field in _declared(forms.DateField):
        for slip in (dt.date(1900, 1, 1), dt.date(2099, 1, 1)):
            with pytest.raises(ValidationError) as refused:
                field.clean(slip)
            assert " must be " in refused.value.messages[0], where
        field.required = False
        field.clean(TODAY if getattr(field, "window", "") != "payment" else TODAY + dt.timedelta(days=3))
        checked += 1
    assert checked >= 12


def test_every_amount_in_every_form_has_a_cap():
    checked = 0
    for _where, field in _declared(forms.DecimalField):
        with pytest.raises(ValidationError):
            field.clean("99999999.99")
        checked += 1
    assert checked >= 4


@pytest.mark.parametrize(("kind", "value", "message"), [
    ("activity", dt.date(2026, 3, 11), "must be today or in the past, and no earlier than 9 March 2025"),
    ("activity", dt.date(2025, 3, 8), "no earlier than 9 March 2025"),
    ("meeting", dt.date(2099, 1, 1), "must be between 9 March 2025 and 12 March 2029"),
    ("payment", dt.date(2026, 1, 1), "must be between 7 February 2026 and 10 June 2026"),
])
def test_windows_say_the_dates_in_words(kind, value, message):
    with pytest.raises(ValidationError, match=message):
        bounds.check_date(value, kind=kind)
    bounds.check_date(TODAY, kind="activity" if kind != "payment" else "meeting")


def test_a_leader_cannot_add_an_activity_in_1900_or_tomorrow_and_is_told_why(leader, client_for):
    kind = ActivityTypeFactory()
    RateFactory(activity_type=kind)
    url = reverse("payments:activity_add")
    for day, expected in (("1/1/1900", "no earlier than 9 March 2025"),
                          ("11/3/2026", "must be today or in the past")):
        response = client_for(leader).post(url, {"activity_type": kind.pk, "date": day, "hours": "2",
                                                  "source": "leader"})
        assert response.status_code == 200
        assert any(expected in message for message in error_messages(response.content.decode()))
    assert not PayableActivity.objects.exists()
    response = client_for(leader).post(url, {"activity_type": kind.pk, "date": "9/3/2026", "hours": "2",
                                              "source": "leader"})
    assert response.status_code == 302 and PayableActivity.objects.get().date == dt.date(2026, 3, 9)


def test_the_service_refuses_far_dates_whoever_calls_it(leader):
    kind = ActivityTypeFactory()
    for slip in (dt.date(1900, 1, 1), dt.date(2099, 1, 1)):
        with pytest.raises(services.ClaimError, match="The date of the activity must be between"):
            services.activity_create(person=leader, activity_type=kind, date=slip, hours=Decimal("2"))


def test_an_expense_over_the_cap_is_refused_with_the_cap_in_words(leader, client_for):
    claim = services.claim_start(person=leader)
    response = client_for(leader).post(reverse("payments:expense_add", args=[claim.pk, "parking"]),
                                       {"date": "9/3/2026", "amount": "5000", "description": "Car park"})
    assert "“Amount you paid, in pounds” must be £1,000.00 or less" in error_messages(response.content.decode())
    assert not Claim.objects.get().expenses.exists()


def test_planning_a_meeting_in_2099_is_refused(manager, client_for):
    group = GroupFactory()
    response = client_for(manager).post(reverse("meetings:meeting_create"), {
        "group": group.pk, "title": "Far away", "date": "2099-01-12", "start_time": "10:00", "end_time": "11:00",
        "place": "Room 1", "repeat": "none", "count": "1"})
    assert "The date must be between 9 March 2025 and 12 March 2029" in error_messages(response.content.decode())
